import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';

/** The PostgreSQL channel every notifications instance listens on. */
export const LIVE_CHANNEL = 'notifications_live';

/** What changed in someone's inbox; small on purpose (NOTIFY payloads are limited to 8000 bytes). */
export type LiveSignal = { kind: 'created'; userId: string; id: string } | { kind: 'read'; userId: string };

/**
 * Announces an inbox change to every instance. Runs inside the caller's transaction: PostgreSQL delivers
 * a NOTIFY only when that transaction commits, so no instance ever pushes a notification that was
 * rolled back, and none misses one that was committed while it was listening.
 */
export async function announce(tx: Transaction<unknown>, signal: LiveSignal): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(signal)})`.execute(tx);
}

export function parseSignal(payload: string | undefined): LiveSignal | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<LiveSignal> & { id?: unknown };
    if (typeof value.userId !== 'string') return undefined;
    if (value.kind === 'created' && typeof value.id === 'string')
      return { kind: 'created', userId: value.userId, id: value.id };
    if (value.kind === 'read') return { kind: 'read', userId: value.userId };
  } catch {
    // not ours: ignore
  }
  return undefined;
}

export interface LiveListenerOptions {
  databaseUrl: string;
  onSignal: (signal: LiveSignal) => void;
  /** Called after a lost connection is back: signals sent meanwhile were missed, so clients must resync. */
  onReconnected: () => void;
  log: Logger;
  reconnectDelayMs?: number;
}

/** Holds one dedicated connection in LISTEN on the live channel, reconnecting when it drops. */
export class LiveListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private everConnected = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly opts: LiveListenerOptions) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Resolves once listening; later drops are retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: 'notifications-live',
    });
    client.on('notification', (msg) => {
      if (msg.channel !== LIVE_CHANNEL) return;
      const signal = parseSignal(msg.payload);
      if (signal) this.opts.onSignal(signal);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.opts.log.warn({ err }, 'live channel lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    if (this.everConnected) this.opts.onReconnected();
    this.everConnected = true;
  }

  private scheduleReconnect(): void {
    this.retry = setTimeout(() => {
      this.connect().catch((err: unknown) => {
        this.opts.log.warn({ err }, 'live channel reconnect failed');
        if (!this.stopped) this.scheduleReconnect();
      });
    }, this.opts.reconnectDelayMs ?? 1_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
