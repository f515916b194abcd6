import { ChannelListener, sql, type Kysely } from '@garrison/kit';
import type { Logger } from 'pino';

/** NOTIFY payloads are limited to 8000 bytes. */
const MAX_PAYLOAD = 7_900;

export interface NotifyChannelOptions<T> {
  databaseUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  channel: string;
  /** Names the LISTEN connection in pg_stat_activity. */
  applicationName: string;
  /** This instance: its own notes are not handed back to it. */
  instanceId: string;
  /** A note another instance sent; `from` is its instance id. */
  onNote(note: T, from: string): void;
  /** Notes waiting to go out; beyond it the oldest are dropped (default: no bound). */
  maxQueued?: number;
  log: Logger;
}

interface Envelope<T> {
  from: string;
  note: T;
}

/**
 * One PostgreSQL NOTIFY channel between battles instances (ADRs 174, 281): JSON notes out, one at a
 * time so they arrive in the order they were sent, and other instances' notes in. Notes sent while
 * the LISTEN connection was down are not sent again; both users of it tolerate a loss.
 */
export class NotifyChannel<T> {
  private readonly listener: ChannelListener;
  private readonly queue: string[] = [];
  private sending = false;
  private stopped = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(private readonly opts: NotifyChannelOptions<T>) {
    this.listener = new ChannelListener({
      databaseUrl: opts.databaseUrl,
      channel: opts.channel,
      applicationName: opts.applicationName,
      onPayload: (payload) => {
        const envelope = parse<T>(payload);
        if (envelope && envelope.from !== opts.instanceId) opts.onNote(envelope.note, envelope.from);
      },
      onReconnected: () => {},
      log: opts.log,
    });
  }

  start(): Promise<void> {
    return this.listener.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.drained;
    await this.listener.stop();
  }

  /** Queues a note for the other instances. False (nothing sent) when it is too large. Never throws. */
  send(note: T): boolean {
    if (this.stopped) return true;
    const payload = JSON.stringify({ from: this.opts.instanceId, note } satisfies Envelope<T>);
    if (payload.length > MAX_PAYLOAD) return false;
    this.queue.push(payload);
    if (this.opts.maxQueued !== undefined && this.queue.length > this.opts.maxQueued) this.queue.shift();
    if (!this.sending) this.drained = this.drain();
    return true;
  }

  private async drain(): Promise<void> {
    this.sending = true;
    for (let payload = this.queue.shift(); payload !== undefined; payload = this.queue.shift()) {
      await sql`select pg_notify(${this.opts.channel}, ${payload})`
        .execute(this.opts.db)
        .catch((err: unknown) =>
          this.opts.log.debug({ err, channel: this.opts.channel }, 'a note was not sent'),
        );
    }
    this.sending = false;
  }
}

function parse<T>(payload: string | undefined): Envelope<T> | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<Envelope<T>>;
    if (typeof value.from === 'string' && value.note !== undefined && value.note !== null)
      return value as Envelope<T>;
  } catch {
    // not a note: ignore
  }
  return undefined;
}
