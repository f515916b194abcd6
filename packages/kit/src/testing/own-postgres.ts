/**
 * A PostgreSQL server of the test's own, in a temp folder on a free port, for tests that stop a
 * database (the shared one is never stopped) or need a streaming replica of it. Uses the Debian
 * binaries (`/usr/lib/postgresql/<major>/bin`, or GARRISON_PG_BIN); as root it runs as `postgres`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../net/free-ports.js';

const run = promisify(execFile);

/** The folder of initdb/pg_ctl/pg_basebackup, or undefined when this machine has none. */
export function postgresBinaries(): string | undefined {
  const candidates = [
    process.env.GARRISON_PG_BIN,
    ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`),
  ];
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'pg_ctl')));
}

async function osUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

export class OwnPostgres {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** A fresh primary (wal_level replica, so a replica can follow it). */
  static async start(): Promise<OwnPostgres> {
    const server = await OwnPostgres.prepare();
    await server.exec('initdb', ['-D', server.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    await fs.appendFile(
      path.join(server.data, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${server.dir}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        '',
      ].join('\n'),
    );
    await server.startServer();
    return server;
  }

  /** A streaming replica of `primary` (pg_basebackup -R), read-only, answering on its own port. */
  static async replicaOf(primary: OwnPostgres): Promise<OwnPostgres> {
    const server = await OwnPostgres.prepare();
    await server.exec('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      server.data,
      '-R',
      '-X',
      'stream',
    ]);
    await server.startServer();
    return server;
  }

  private static async prepare(): Promise<OwnPostgres> {
    const bin = postgresBinaries();
    if (!bin) throw new Error('no PostgreSQL server binaries (set GARRISON_PG_BIN or install postgresql)');
    const user = await osUser();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-own-pg-'));
    if (user) await fs.chown(dir, user.uid, user.gid);
    return new OwnPostgres(bin, dir, await freePort(), user);
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    await run(path.join(this.bin, tool), args, {
      cwd: this.dir,
      timeout: 120_000,
      ...(this.user ?? {}),
    });
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async startServer(): Promise<void> {
    await this.exec('pg_ctl', [
      'start',
      '-D',
      this.data,
      '-w',
      '-t',
      '60',
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir}`,
    ]);
  }

  /** Stops the server (fast: open sessions are cut, like a crash from the clients' side). */
  async stop(): Promise<void> {
    await this.exec('pg_ctl', ['stop', '-D', this.data, '-m', 'fast', '-w']);
  }

  async restart(): Promise<void> {
    await this.startServer();
  }

  /** Stops it if running and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
