// Who holds which pg-boss job, so a dead process's jobs go back to the queue in seconds instead of
// waiting for pg-boss' expiry (ADR 180). Every process that starts the bus database registers an
// instance row with a heartbeat; its fetches stamp each job it takes with its instance id (in the
// job's `output`, which pg-boss only writes on completion). A live instance that finds a peer's
// heartbeat lapsed — or, on the same host, the peer's process gone — removes the row (only one
// reaper wins the DELETE) and fails that peer's active jobs for immediate retry.
import { hostname } from 'node:os';
import type { Logger } from 'pino';

export interface InstanceOptions {
  /** How often this process beats and looks for dead peers (default 1000 ms). */
  heartbeatMs?: number;
  /** A peer silent for this long counts as dead (default 5000 ms). */
  lapseMs?: number;
}

type Sql = <Row>(text: string, values?: unknown[]) => Promise<Row[]>;
type FailJobs = (queue: string, ids: string[]) => Promise<void>;

export const OWNER_KEY = 'kitInstance';

/** SQL that takes up to $2 jobs of queue $1 (as pg-boss' fetch does) and stamps them with owner $3. */
export function claimJobsSql(schema: string): string {
  return `
    WITH next AS (
      SELECT id FROM ${schema}.job
      WHERE name = $1 AND state < 'active' AND start_after < now()
      ORDER BY priority DESC, created_on, id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${schema}.job j SET
      state = 'active',
      started_on = now(),
      retry_count = CASE WHEN started_on IS NOT NULL THEN retry_count + 1 ELSE retry_count END,
      output = jsonb_build_object('${OWNER_KEY}', $3::text)
    FROM next
    WHERE j.name = $1 AND j.id = next.id
    RETURNING j.id, j.data`;
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class BusInstances {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private readonly host = hostname();
  /** Jobs this process put back for others; tests and logs read it. */
  reclaimed = 0;

  constructor(
    readonly id: string,
    private readonly schema: string,
    private readonly sql: Sql,
    private readonly failJobs: FailJobs,
    private readonly log: Logger,
    private readonly options: InstanceOptions = {},
  ) {}

  private get table(): string {
    return `${this.schema}.kit_instance`;
  }

  /** Registers this instance and reaps the dead ones at once (a restarted process frees its predecessor's jobs). */
  async start(): Promise<void> {
    await this.createTable();
    await this.sql(
      `INSERT INTO ${this.table} (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
      [this.id, this.host, process.pid],
    );
    await this.reap();
    this.timer = setInterval(() => {
      this.ticking = this.ticking.then(() => this.tick());
    }, this.options.heartbeatMs ?? 1_000);
    this.timer.unref();
  }

  private async createTable(): Promise<void> {
    try {
      await this.sql(`CREATE TABLE IF NOT EXISTS ${this.table} (
        id text PRIMARY KEY,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now())`);
    } catch (err) {
      // Processes starting together race on IF NOT EXISTS; the losers find the table there.
      const code = (err as { code?: string }).code;
      // 23505 and 42710 (the table's row type) come from the catalog, 42P07 from the table itself.
      if (code !== '23505' && code !== '42P07' && code !== '42710') throw err;
    }
  }

  private async tick(): Promise<void> {
    try {
      // A row someone reaped while we were cut off is written back: we are alive after all.
      await this.sql(
        `INSERT INTO ${this.table} (id, host, pid) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`,
        [this.id, this.host, process.pid],
      );
      await this.reap();
    } catch (err) {
      this.log.warn({ err }, 'bus heartbeat failed; retrying');
    }
  }

  /** Removes dead peers (lapsed heartbeat, or a vanished process on this host) and retries their jobs. */
  async reap(): Promise<string[]> {
    const lapseMs = this.options.lapseMs ?? 5_000;
    const sameHost = await this.sql<{ id: string; pid: number }>(
      `SELECT id, pid FROM ${this.table} WHERE host = $1 AND id <> $2`,
      [this.host, this.id],
    );
    const vanished = sameHost.filter((r) => processGone(r.pid)).map((r) => r.id);
    const dead = await this.sql<{ id: string }>(
      `DELETE FROM ${this.table}
       WHERE id <> $1 AND (id = ANY($2) OR heartbeat_at < now() - make_interval(secs => $3))
       RETURNING id`,
      [this.id, vanished, lapseMs / 1000],
    );
    const ids = dead.map((r) => r.id);
    if (ids.length > 0) await this.reclaim(ids);
    return ids;
  }

  private async reclaim(deadIds: string[]): Promise<void> {
    const held = await this.sql<{ name: string; ids: string[] }>(
      `SELECT name, array_agg(id) AS ids FROM ${this.schema}.job
       WHERE state = 'active' AND output->>'${OWNER_KEY}' = ANY($1)
       GROUP BY name`,
      [deadIds],
    );
    for (const { name, ids } of held) {
      await this.failJobs(name, ids);
      this.reclaimed += ids.length;
    }
    this.log.warn(
      { dead: deadIds, jobs: held.reduce((n, h) => n + h.ids.length, 0) },
      'reclaimed the active jobs of dead bus instances',
    );
  }

  /** Graceful stop: the row goes, so nobody waits for our heartbeat to lapse. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.sql(`DELETE FROM ${this.table} WHERE id = $1`, [this.id]).catch(() => undefined);
  }
}
