import { sql, type Transaction } from '@garrison/kit';
import pg from 'pg';
import type { Logger } from 'pino';

/** The PostgreSQL channel every matchmaking instance listens on for room changes. */
export const ROOMS_CHANNEL = 'matchmaking_rooms';

/** Tells every instance a room changed; its WebSocket members then get the new state. */
export interface RoomSignals {
  announce(tx: Transaction<unknown>, roomId: string): Promise<void>;
}

/**
 * NOTIFY inside the transaction that changed the room: PostgreSQL delivers it only at commit, so no
 * member is told about a change that was rolled back (ADR 122).
 */
export const pgRoomSignals: RoomSignals = {
  async announce(tx, roomId) {
    await sql`select pg_notify(${ROOMS_CHANNEL}, ${roomId})`.execute(tx);
  },
};

export interface RoomListenerOptions {
  databaseUrl: string;
  onSignal: (roomId: string) => void;
  /** After a lost connection is back: signals sent meanwhile were missed. */
  onReconnected: () => void;
  log: Logger;
  reconnectDelayMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One dedicated connection in LISTEN on the rooms channel, reconnecting when it drops. */
export class RoomListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private everConnected = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly opts: RoomListenerOptions) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: 'matchmaking-rooms',
    });
    client.on('notification', (msg) => {
      if (msg.channel === ROOMS_CHANNEL && msg.payload && UUID.test(msg.payload))
        this.opts.onSignal(msg.payload);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.opts.log.warn({ err }, 'rooms live channel lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${ROOMS_CHANNEL}`);
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
        this.opts.log.warn({ err }, 'rooms live channel reconnect failed');
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
