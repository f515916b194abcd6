// The kit-owned `bus` database: one pg-boss instance per process, shared by the pgboss transport and
// the scheduler (which uses it even when events travel over RabbitMQ).
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { BusInstances, claimJobsSql, type InstanceOptions } from './bus-instances.js';
import { uuidv7 } from './envelope.js';

const DEADLOCK_DETECTED = '40P01';
const QUEUE_CREATE_ATTEMPTS = 8;

export interface PgBossOptions {
  /** How often an idle worker asks for work (default 500 ms). */
  pollIntervalMs?: number;
  /** A handler still running after this long counts as crashed; its message is delivered again (default 300). */
  expireInSeconds?: number;
  /** How often pg-boss expires and archives jobs (default 60; tests lower it). */
  maintenanceIntervalSeconds?: number;
  /** PostgreSQL schema pg-boss installs into (default `pgboss`). */
  schema?: string;
  /** Pool size of the bus database connection (default 5). */
  poolSize?: number;
  /**
   * How often each instance checks whether a cron tick is due (default 10 s; one instance per interval
   * does the work). A tick fires up to this late.
   */
  cronMonitorIntervalSeconds?: number;
  /** Heartbeat and dead-peer detection that hands a crashed process's jobs back at once (ADR 180). */
  instances?: InstanceOptions;
}

export interface QueueLag {
  /** pg-boss queue name (with the bus prefix). */
  queue: string;
  /** Jobs not yet completed: waiting, scheduled for retry, or in a handler's hands. */
  messages: number;
  /** Age of the oldest of them (0 when none). */
  oldestAgeSeconds: number;
}

// Redelivery after a crash or an expired handler goes through pg-boss' own retry; the kit's retry policy
// (with the inbox) decides everything else, so this limit only guards against endless crash loops.
const CRASH_RETRY_LIMIT = 20;

export class BusDatabase {
  private boss: PgBoss | undefined;
  private starting: Promise<PgBoss> | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private scheduling = false;
  private instances: BusInstances | undefined;
  /** This process's id in the bus database: every job it fetches carries it until completed. */
  readonly instanceId = uuidv7();

  constructor(
    readonly url: string,
    private readonly log: Logger,
    readonly options: PgBossOptions = {},
  ) {}

  get schema(): string {
    return this.options.schema ?? 'pgboss';
  }

  get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? 500;
  }

  /** Cron schedules only fire in processes that asked for them before the first start. */
  enableScheduling(): void {
    if (this.starting) throw new Error('enableScheduling() must come before the bus database starts');
    this.scheduling = true;
  }

  async start(): Promise<PgBoss> {
    this.starting ??= this.startBoss();
    return this.starting;
  }

  private async startBoss(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.url,
      schema: this.schema,
      max: this.options.poolSize ?? 5,
      application_name: 'garrison-bus',
      supervise: true,
      schedule: this.scheduling,
      migrate: true,
      maintenanceIntervalSeconds: this.options.maintenanceIntervalSeconds ?? 60,
      cronMonitorIntervalSeconds: this.options.cronMonitorIntervalSeconds ?? 10,
      cronWorkerIntervalSeconds: Math.min(this.options.cronMonitorIntervalSeconds ?? 2, 2),
    });
    // Without a listener, a dropped idle connection would crash the process; pg-boss reconnects by itself.
    boss.on('error', (err) => this.log.warn({ err }, 'bus database error (pg-boss reconnects)'));
    await boss.start();
    this.boss = boss;
    const instances = new BusInstances(
      this.instanceId,
      this.schema,
      async (text, values = []) => (await boss.getDb().executeSql(text, values)).rows,
      async (queue, ids) => {
        await boss.fail(queue, ids);
      },
      this.log,
      this.options.instances,
    );
    await instances.start();
    this.instances = instances;
    return boss;
  }

  /** Takes up to `batchSize` jobs of `queue`, stamped with this instance's id (see bus-instances.ts). */
  async fetch<T>(queue: string, batchSize: number): Promise<Array<{ id: string; data: T }>> {
    return this.sql<{ id: string; data: T }>(claimJobsSql(this.schema), [queue, batchSize, this.instanceId]);
  }

  /** Reaps dead peers now (tests; the heartbeat does it every second anyway). Returns their ids. */
  async reapDeadInstances(): Promise<string[]> {
    await this.start();
    return this.instances?.reap() ?? [];
  }

  /** Unfinished jobs per queue, for the lag gauges and the services' "updating…" hints. */
  async lag(queues: string[]): Promise<QueueLag[]> {
    if (queues.length === 0) return [];
    const rows = await this.sql<{ name: string; n: string; age: number | null }>(
      `SELECT name, count(*) AS n, extract(epoch FROM now() - min(created_on))::float8 AS age
       FROM ${this.schema}.job WHERE name = ANY($1) AND state < 'completed' GROUP BY name`,
      [queues],
    );
    const found = new Map(rows.map((r) => [r.name, r]));
    return queues.map((queue) => ({
      queue,
      messages: Number(found.get(queue)?.n ?? 0),
      oldestAgeSeconds: Math.max(0, found.get(queue)?.age ?? 0),
    }));
  }

  /** Creates the pg-boss queue once per process (pg-boss 10 refuses to send to unknown queues). */
  async ensureQueue(name: string): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      created = this.createQueue(name);
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    return created;
  }

  private async createQueue(name: string): Promise<void> {
    const boss = await this.start();
    const options = {
      name,
      retryLimit: CRASH_RETRY_LIMIT,
      retryDelay: 1,
      expireInSeconds: this.options.expireInSeconds ?? 300,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name, options);
        return;
      } catch (err) {
        // Two processes creating the same queue at once may race on its partition; the loser finds it there.
        if (await boss.getQueue(name)) return;
        // pg-boss adds a partition and its foreign key in one statement, so processes creating
        // different queues at once can deadlock (40P01) when several services start together.
        // PostgreSQL aborts one of them; that one tries again.
        if ((err as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= QUEUE_CREATE_ATTEMPTS)
          throw err;
        await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 100 * attempt));
      }
    }
  }

  forgetQueue(name: string): void {
    this.queues.delete(name);
  }

  async sql<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    const boss = await this.start();
    const { rows } = await boss.getDb().executeSql(text, values);
    return rows as Row[];
  }

  async ready(): Promise<boolean> {
    if (!this.boss) return false;
    try {
      await this.sql('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    if (!starting) return;
    const boss = await starting.catch(() => undefined);
    await this.instances?.stop();
    this.instances = undefined;
    this.boss = undefined;
    this.queues.clear();
    await boss?.stop({ graceful: true, close: true, wait: true, timeout: 5_000 });
  }
}
