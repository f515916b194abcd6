import pg from 'pg';
import type { Logger } from 'pino';

export interface ChannelListenerOptions {
  databaseUrl: string;
  /** The PostgreSQL channel (a plain identifier) to LISTEN on. */
  channel: string;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  onPayload: (payload: string | undefined) => void;
  /** After a lost connection is back: NOTIFYs sent meanwhile were missed, so listeners must resync. */
  onReconnected: () => void;
  log: Logger;
  reconnectDelayMs?: number;
}

/**
 * One dedicated connection in LISTEN on a channel, reconnecting when it drops. Pairs with a
 * `pg_notify` inside the writer's transaction: PostgreSQL delivers it only at commit, so every
 * instance hears committed changes and never a rolled-back one.
 */
export class ChannelListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private everConnected = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ChannelListenerOptions) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Resolves once listening; later drops are retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const { channel } = this.opts;
    const client = new pg.Client({
      connectionString: this.opts.databaseUrl,
      application_name: this.opts.applicationName,
    });
    client.on('notification', (msg) => {
      if (msg.channel === channel) this.opts.onPayload(msg.payload);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.opts.log.warn({ err, channel }, 'listen channel lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${channel}`);
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
        this.opts.log.warn({ err, channel: this.opts.channel }, 'listen channel reconnect failed');
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
