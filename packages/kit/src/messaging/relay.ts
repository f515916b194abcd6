// The outbox relay: moves committed outbox rows to the broker, in seq order, and stamps them sent once
// the broker confirmed them. Woken by NOTIFY at commit, polls as a fallback. It also prunes old
// outbox and inbox rows now and then.
// Several instances of a service may run a relay: a transaction-scoped advisory lock lets one of them
// work at a time (which keeps the order), and FOR UPDATE SKIP LOCKED keeps rows from being taken twice
// even without it. A crash after publishing but before stamping republishes a batch; consumers' inbox
// absorbs those duplicates.
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { OUTBOX_CHANNEL } from './outbox.js';
import type { MessagingMetrics } from './metrics.js';
import type { Publication, Transport } from './transport.js';
import type { EventEnvelope } from './types.js';

export interface RelayOptions {
  /** Poll interval when no NOTIFY arrives (default 1000 ms). */
  pollIntervalMs?: number;
  /** Rows per cycle: one broker round trip (pg-boss insert, or amqp publishes + one confirm wait) each (default 500). */
  batchSize?: number;
  /** Sent rows are deleted after this long (default 1 hour); they are kept a while for inspection. */
  keepSentMs?: number;
  /** A batch the broker has not confirmed within this time is rolled back and retried (default 15 s). */
  publishTimeoutMs?: number;
  /**
   * Inbox rows are deleted after this long (default 14 days): dedupe only has to cover redeliveries,
   * which come within minutes (retries, reconnects) or hours (expired pg-boss jobs).
   */
  keepInboxMs?: number;
}

const DEFAULT_BATCH_SIZE = 500;

interface OutboxRow {
  seq: string;
  kind: 'event' | 'command';
  destination: string;
  type: string;
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pending = false;
  private listener: pg.Client | undefined;
  private lastPrune = 0;
  private notifying = false;
  private notifyAgain = false;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly transport: Transport,
    private readonly log: Logger,
    private readonly metrics: MessagingMetrics,
    private readonly databaseUrl: string | undefined,
    private readonly options: RelayOptions = {},
  ) {}

  async start(): Promise<void> {
    this.running = true;
    if (this.databaseUrl) await this.listen(this.databaseUrl);
    this.loop = this.run();
  }

  /** Asks for a cycle now (e.g. after a NOTIFY). */
  kick(): void {
    this.pending = true;
    this.wake?.();
  }

  /**
   * Rows were committed by a transaction that did not NOTIFY (the kit's handler batches): run this
   * relay now, and wake the other instances' relays with one NOTIFY — at most one in flight, so a
   * burst of commits costs a handful of them.
   */
  signalCommitted(): void {
    this.kick();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    void (async () => {
      do {
        this.notifyAgain = false;
        await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(this.db).catch(() => undefined);
      } while (this.notifyAgain && this.running);
      this.notifying = false;
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Publishes one batch; returns how many rows went out. Exposed for tests and shutdown flushes. */
  async relayOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    const count = await this.db.transaction().execute(async (tx) => {
      const lock = await sql<{
        ok: boolean;
      }>`SELECT pg_try_advisory_xact_lock(hashtext('kit_outbox_relay')) AS ok`.execute(tx);
      if (!lock.rows[0]?.ok) return 0;
      const { rows } = await sql<OutboxRow>`
        SELECT seq, kind, destination, type, envelope, headers FROM kit_outbox
        WHERE sent_at IS NULL ORDER BY seq LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`.execute(tx);
      if (rows.length === 0) return 0;
      // A broker that never confirms must not hold the rows' locks forever: give up, roll back, retry.
      await withTimeout(
        this.transport.publish(rows.map(toPublication)),
        this.options.publishTimeoutMs ?? 15_000,
      );
      await sql`UPDATE kit_outbox SET sent_at = now() WHERE seq = ANY(${rows.map((r) => r.seq)}::bigint[])`.execute(
        tx,
      );
      for (const row of rows) this.metrics.published.inc({ type: row.type });
      return rows.length;
    });
    await this.pruneNowAndThen();
    return count;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pending = false;
      let full = false;
      try {
        const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
        full = (await this.relayOnce()) === batchSize;
        failures = 0;
      } catch (err) {
        failures++;
        this.log.warn({ err, failures }, 'outbox relay failed; rows stay unsent and are retried');
      }
      if (!this.running) break;
      if (full || this.pending) continue;
      const backoff = failures
        ? Math.min(5_000, 100 * 2 ** failures)
        : (this.options.pollIntervalMs ?? 1_000);
      await this.sleep(backoff);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Never throws: without a LISTEN connection the relay still polls, and we try again shortly. */
  private async listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'garrison-outbox-relay' });
    let lost = false;
    const onLost = (err: unknown) => {
      if (lost) return;
      lost = true;
      this.log.warn({ err }, 'outbox LISTEN connection unavailable; polling until it is back');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      setTimeout(() => {
        if (this.running) void this.listen(url);
      }, 1_000).unref();
    };
    client.on('notification', () => this.kick());
    client.on('error', onLost);
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
      this.kick();
    } catch (err) {
      onLost(err);
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const keepSentMs = this.options.keepSentMs ?? 3_600_000;
    const keepInboxMs = this.options.keepInboxMs ?? 14 * 24 * 3_600_000;
    await sql`DELETE FROM kit_outbox WHERE sent_at < now() - ${`${keepSentMs} milliseconds`}::interval`.execute(
      this.db,
    );
    await sql`DELETE FROM kit_inbox WHERE processed_at < now() - ${`${keepInboxMs} milliseconds`}::interval`.execute(
      this.db,
    );
  }
}

function toPublication(row: OutboxRow): Publication {
  const message = { envelope: row.envelope, headers: row.headers };
  return row.kind === 'event'
    ? { to: { kind: 'event', producer: row.destination, type: row.type }, message }
    : { to: { kind: 'queue', queue: row.destination }, message };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`broker did not confirm the outbox batch within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
