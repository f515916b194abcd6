/**
 * Tools for the reliability tests: reach a running system's own databases and queues (to look at
 * dead letters and the event history, and to put a broken message on the bus), and stop and start
 * the local RabbitMQ broker with `rabbitmqctl`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { RunningSystem } from '@garrison/deploy/system';
import { createKysely, createPool, sql, type Kysely } from '@garrison/kit';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';

const run = promisify(execFile);

/**
 * Names `startSystem` gives a system on a shared PostgreSQL/RabbitMQ: a hash of its data folder
 * (deploy/src/system.ts); `openSystemDatabase` checks the database really exists, so a change there
 * fails loudly here.
 */
export function systemIdentity(system: RunningSystem): string {
  return `g${createHash('sha1').update(system.dataDir).digest('hex').slice(0, 8)}`;
}

/** One service's database of a system started with GARRISON_POSTGRES_URL=<serverUrl>. */
export async function openSystemDatabase(
  serverUrl: string,
  system: RunningSystem,
  service: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ db: Kysely<any>; close(): Promise<void> }> {
  const name = `${systemIdentity(system)}_${service}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { max: 2 });
  const db = createKysely(pool);
  try {
    await sql`SELECT 1`.execute(db);
  } catch (err) {
    await db.destroy();
    throw new Error(`database ${name} of the system is not reachable: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return { db, close: () => db.destroy() };
}

/** A raw connection to the system's RabbitMQ queues (names carry BUS_PREFIX). */
export class RawBus {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly prefix: string,
  ) {}

  static async open(amqpUrl: string, prefix: string): Promise<RawBus> {
    const model = await connect(amqpUrl);
    return new RawBus(model, await model.createConfirmChannel(), prefix);
  }

  /** Puts an envelope, exactly as given, straight onto a consumer's queue (past the producer's checks). */
  async sendToQueue(queue: string, envelope: unknown): Promise<void> {
    const id = (envelope as { id?: unknown }).id;
    this.channel.sendToQueue(this.prefix + queue, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      ...(typeof id === 'string' ? { messageId: id } : {}),
    });
    await this.channel.waitForConfirms();
  }

  /** The headers of every message waiting on a queue, which stays as it was (each is put back). */
  async peekHeaders(queue: string): Promise<Record<string, unknown>[]> {
    const peeked = [];
    const taken = [];
    for (;;) {
      const msg = await this.channel.get(this.prefix + queue, { noAck: false });
      if (!msg) break;
      taken.push(msg);
      peeked.push({ ...(msg.properties.headers ?? {}), messageId: msg.properties.messageId });
    }
    for (const msg of taken) this.channel.nack(msg, false, true);
    return peeked;
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

export function envelope(producer: string, type: string, version: number, data: unknown) {
  const id = randomUUID();
  return {
    id,
    type,
    version,
    occurredAt: new Date().toISOString(),
    producer,
    correlationId: id,
    causationId: null,
    data,
  };
}

export type BrokerAccess =
  | { control: BrokerControl }
  | {
      unavailable: string;
      /** rabbitmqctl exists but cannot stop this broker: on CI that is a broken machine, not a skip. */
      installed: boolean;
    };

/** `rabbitmqctl` on this machine, when the broker under test is local and the tool can talk to it. */
export async function localBrokerControl(amqpUrl: string): Promise<BrokerAccess> {
  const host = new URL(amqpUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    return { unavailable: `RabbitMQ at ${host} is not local: rabbitmqctl cannot stop it`, installed: false };
  try {
    await run('rabbitmqctl', ['-q', 'status'], { timeout: 30_000 });
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      unavailable: `rabbitmqctl ${missing ? 'is not installed' : 'failed'}: ${(err as Error).message.split('\n')[0]}`,
      installed: !missing,
    };
  }
  return { control: new BrokerControl() };
}

/** Seconds after which a watchdog starts the broker again even if this test process died meanwhile. */
const WATCHDOG_SECONDS = 30;

export class BrokerControl {
  private watchdog: ChildProcess | undefined;

  /**
   * Stops the RabbitMQ application (the Erlang node stays up): every connection drops at once. A
   * detached watchdog first is scheduled to start it again, so a test killed mid-outage (timeout,
   * Ctrl-C) cannot leave the machine without its broker.
   */
  async stop(): Promise<void> {
    this.watchdog = spawn('sh', ['-c', `sleep ${WATCHDOG_SECONDS}; exec rabbitmqctl -q start_app`], {
      detached: true,
      stdio: 'ignore',
    });
    this.watchdog.unref();
    await run('rabbitmqctl', ['-q', 'stop_app'], { timeout: 60_000 });
  }

  /** Starts it again; returns once the broker accepts connections. Harmless when it runs already. */
  async start(): Promise<void> {
    await run('rabbitmqctl', ['-q', 'start_app'], { timeout: 120_000 });
    await run('rabbitmqctl', ['-q', 'await_startup'], { timeout: 120_000 });
    const watchdog = this.watchdog;
    this.watchdog = undefined;
    // The watchdog's own process group (detached): its sleep goes with it.
    if (watchdog?.pid !== undefined && watchdog.exitCode === null) {
      try {
        process.kill(-watchdog.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}
