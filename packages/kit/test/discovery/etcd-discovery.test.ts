import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEtcdServer, type EtcdServer } from '../../src/etcd-server/etcd-server.js';
import { EtcdDiscovery } from '../../src/discovery/etcd-discovery.js';
import { DiscoveryUnavailableError, type Instance } from '../../src/index.js';
import { needsEtcd, waitFor } from '../../src/testing/index.js';

const hasEtcd = needsEtcd() !== null;
const FIXTURE = fileURLToPath(new URL('../fixtures/etcd-register.ts', import.meta.url));

describe.skipIf(!hasEtcd)('EtcdDiscovery against a real etcd', () => {
  let dir: string;
  let etcd: EtcdServer;
  const open: EtcdDiscovery[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-etcd-'));
    etcd = await startEtcdServer({ dataDir: dir });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await etcd?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** Each test its own key prefix: no test sees another's instances. */
  const connect = async (prefix: string, ttlSeconds = 10) => {
    const d = await EtcdDiscovery.connect({ endpoints: [etcd.endpoint], prefix, ttlSeconds });
    open.push(d);
    return d;
  };
  const ids = async (d: EtcdDiscovery, name: string) => (await d.resolve(name)).map((i) => i.id).sort();
  const instance = (name: string, id: string): Instance => ({
    name,
    id,
    version: '1.0.0',
    http: `http://127.0.0.1:${1000 + Math.floor(Math.random() * 1000)}`,
    grpc: 'http://127.0.0.1:9999',
    healthy: true,
  });

  it('when etcd is not reachable at start, then connecting fails with a clear error', async () => {
    const error = await EtcdDiscovery.connect({ endpoints: ['127.0.0.1:1'], connectTimeoutMs: 1_500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiscoveryUnavailableError);
    expect((error as Error).message).toMatch(
      /etcd is not reachable at 127\.0\.0\.1:1 \(GARRISON_DISCOVERY\)/,
    );
    expect((error as Error).message).toMatch(/apt-get install etcd-server/);
  });

  it('when an instance registers, then a watcher learns its record and lists it with every other', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix);
    const seen: number[] = [];
    watcher.watch((all) => seen.push(all.length));
    const users = await connect(prefix);
    await users.register(instance('users', 'users-a'));
    const bots = await connect(prefix);
    await bots.register(instance('bots', 'bots-a'));

    await waitFor(async () => (await watcher.list()).length === 2);
    const [found] = await watcher.resolve('users');
    expect(found).toMatchObject({ name: 'users', id: 'users-a', version: '1.0.0', healthy: true });
    expect(Date.parse(found!.startedAt!)).not.toBeNaN();
    expect((await watcher.list()).map((i) => i.name).sort()).toEqual(['bots', 'users']);
    expect(seen.at(-1)).toBe(2);
  });

  it('when an instance becomes unready, then it leaves the registry, and comes back when ready', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix);
    const a = await connect(prefix);
    const b = await connect(prefix);
    await a.register(instance('tasks', 'tasks-a'));
    await b.register(instance('tasks', 'tasks-b'));
    await waitFor(async () => (await ids(watcher, 'tasks')).length === 2);

    await a.setAvailable(false);
    await waitFor(async () => (await ids(watcher, 'tasks')).join() === 'tasks-b');
    await a.setAvailable(true);
    await waitFor(async () => (await ids(watcher, 'tasks')).length === 2);
  });

  it('when an instance deregisters, then it is gone at once (its lease is revoked)', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix);
    const a = await connect(prefix);
    await a.register(instance('auth', 'auth-a'));
    await waitFor(async () => (await ids(watcher, 'auth')).length === 1);
    await a.deregister();
    // Well within the TTL: the removal came from the revoke, not from expiry.
    await waitFor(async () => (await ids(watcher, 'auth')).length === 0, { timeoutMs: 3_000 });
  });

  it('when a registered process is killed with SIGKILL, then it disappears once its lease expires', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix);
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      env: {
        ...process.env,
        ETCD_ENDPOINT: etcd.endpoint,
        ETCD_PREFIX: prefix,
        ETCD_TTL: '2',
        INSTANCE_ID: 'crashy-1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await waitFor(async () => (await ids(watcher, 'crashy')).join() === 'crashy-1', { timeoutMs: 20_000 });
    child.kill('SIGKILL');
    // Still listed right after the kill: only the lease's expiry removes it.
    expect(await ids(watcher, 'crashy')).toEqual(['crashy-1']);
    await waitFor(async () => (await ids(watcher, 'crashy')).length === 0, { timeoutMs: 15_000 });
  });

  it('when etcd goes away while running, then the last known table keeps answering', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix);
    const a = await connect(prefix);
    await a.register(instance('ratings', 'ratings-a'));
    await waitFor(async () => (await ids(watcher, 'ratings')).length === 1);
    await etcd.kill();
    try {
      expect(await ids(watcher, 'ratings')).toEqual(['ratings-a']);
      expect((await watcher.list()).length).toBe(1);
    } finally {
      await etcd.start();
    }
  });

  it('when etcd restarts without its data, then every instance registers again and watchers see it', async () => {
    const prefix = `t-${randomUUID()}/`;
    const watcher = await connect(prefix, 2);
    const a = await connect(prefix, 2);
    await a.register(instance('matchmaking', 'mm-a'));
    await waitFor(async () => (await ids(watcher, 'matchmaking')).length === 1);

    await etcd.kill();
    await fs.rm(path.join(dir, 'etcd'), { recursive: true, force: true });
    await etcd.start();

    // The old lease is unknown to the new etcd: the instance notices, takes a new lease and puts its key
    // back; the watcher reconnects and reloads.
    await waitFor(
      async () => {
        const fresh = await connect(prefix, 2);
        const listed = await ids(fresh, 'matchmaking');
        await fresh.close();
        open.splice(open.indexOf(fresh), 1);
        return listed.join() === 'mm-a';
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await waitFor(async () => (await ids(watcher, 'matchmaking')).join() === 'mm-a', { timeoutMs: 15_000 });
  });
});
