// One RabbitMQ connection that comes back by itself: when the broker or the network drops it, we
// reconnect with backoff and run every registered setup again (topology, consumers). Messages are safe
// meanwhile: unacked deliveries return to their queue, unconfirmed outbox rows stay unsent.
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';

export type ConnectionSetup = (model: ChannelModel) => Promise<void>;

export interface ReconnectOptions {
  /** Tries before start() gives up when the broker is unreachable at startup (default 5). */
  initialAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export class AmqpConnection {
  private model: ChannelModel | undefined;
  private confirmChannel: Promise<ConfirmChannel> | undefined;
  private readonly setups: ConnectionSetup[] = [];
  private closing = false;
  private reconnecting: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly options: ReconnectOptions = {},
  ) {}

  /** The live connection, if any. */
  get current(): ChannelModel | undefined {
    return this.model;
  }

  get connected(): boolean {
    return this.model !== undefined;
  }

  async start(): Promise<void> {
    const attempts = this.options.initialAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.open();
        return;
      } catch (err) {
        if (attempt >= attempts) {
          throw new Error(`cannot connect to RabbitMQ at ${redact(this.url)}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        await sleep(this.delay(attempt));
      }
    }
  }

  /** Runs now (when connected) and again after every reconnect. */
  async onConnect(setup: ConnectionSetup): Promise<void> {
    this.setups.push(setup);
    if (this.model) await setup(this.model);
  }

  /** The publishing channel of the current connection; throws while disconnected (callers retry later). */
  async publisher(): Promise<ConfirmChannel> {
    const model = this.model;
    if (!model) throw new Error('RabbitMQ connection is down; reconnecting');
    this.confirmChannel ??= model.createConfirmChannel().then((ch) => {
      ch.on('error', (err) => this.log.warn({ err }, 'amqp publishing channel error'));
      ch.on('close', () => {
        if (this.model === model) this.confirmChannel = undefined;
      });
      return ch;
    });
    try {
      return await this.confirmChannel;
    } catch (err) {
      this.confirmChannel = undefined;
      throw err;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const model = this.model;
    this.model = undefined;
    this.confirmChannel = undefined;
    await model?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const model = await connect(this.url, { clientProperties: { connection_name: 'garrison-kit' } });
    model.on('error', (err: Error) => this.log.warn({ err }, 'amqp connection error'));
    let closed = false;
    model.on('close', () => {
      closed = true;
      this.onClosed(model);
    });
    try {
      for (const setup of this.setups) await setup(model);
      if (closed) throw new Error('connection closed during setup');
    } catch (err) {
      await model.close().catch(() => undefined);
      throw err;
    }
    this.model = model;
  }

  private onClosed(model: ChannelModel): void {
    // A connection that dropped while still being set up is retried by whoever was opening it.
    if (this.model !== model) return;
    this.model = undefined;
    this.confirmChannel = undefined;
    if (this.closing) return;
    this.log.warn('amqp connection lost; reconnecting');
    this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = undefined));
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 1; !this.closing; attempt++) {
      await sleep(this.delay(attempt));
      if (this.closing) return;
      try {
        await this.open();
        this.log.info({ attempt }, 'amqp connection restored');
        return;
      } catch (err) {
        this.log.warn({ err, attempt }, 'amqp reconnect failed');
      }
    }
  }

  private delay(attempt: number): number {
    const initial = this.options.initialDelayMs ?? 100;
    const max = this.options.maxDelayMs ?? 5_000;
    const nominal = Math.min(max, initial * 2 ** (attempt - 1));
    return nominal / 2 + (nominal / 2) * Math.random();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
