// The RabbitMQ transport. Topology (all names carry the bus prefix):
//   exchange  <producer>.events            topic, durable; routing key = event type
//   queue     <consumer>.<producer>.events durable, bound once per consumed type
//   queue     <queue>.retry.<ms>           durable, TTL <ms>, dead-letters back into <queue> (one per retry delay)
//   queue     <queue>.dlq                  durable; a copy of each dead letter with the reason in a header
//   queue     <service>.<name>             durable command queue, competing consumers
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { AmqpConnection, type ReconnectOptions } from './amqp-connection.js';
import {
  ATTEMPT_HEADER,
  REASON_HEADER,
  exchangeName,
  type ConsumerLag,
  type Delivery,
  type DeliveryHandler,
  type Disposition,
  type OutgoingMessage,
  type Publication,
  type Subscription,
  type Transport,
} from './transport.js';

const REQUEUE_PAUSE_MS = 1_000;

export interface AmqpOptions extends ReconnectOptions {
  /** `quorum` in a RabbitMQ cluster; `classic` (default) on a single broker. Must match across services. */
  queueType?: 'classic' | 'quorum';
}

export class AmqpTransport implements Transport {
  readonly name = 'amqp' as const;
  private readonly connection: AmqpConnection;
  private readonly consumers: AmqpConsumer[] = [];
  // Topology the publishing side already declared on the current connection.
  private declared = new WeakMap<ChannelModel | object, Set<string>>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly options: AmqpOptions = {},
  ) {
    this.connection = new AmqpConnection(url, log, options);
  }

  async start(): Promise<void> {
    await this.connection.start();
  }

  async publish(publications: Publication[]): Promise<void> {
    if (publications.length === 0) return;
    const channel = await this.connection.publisher();
    const declared = this.declaredOn(channel);
    for (const { to } of publications) {
      if (to.kind === 'event') {
        const exchange = exchangeName(this.prefix, to.producer);
        if (!declared.has(exchange)) {
          await channel.assertExchange(exchange, 'topic', { durable: true });
          declared.add(exchange);
        }
      } else {
        const queue = this.prefix + to.queue;
        if (!declared.has(queue)) {
          await channel.assertQueue(queue, this.durableQueue());
          declared.add(queue);
        }
      }
    }
    for (const { to, message } of publications) {
      const content = Buffer.from(JSON.stringify(message.envelope));
      const properties = publishProperties(message);
      if (to.kind === 'event') {
        channel.publish(exchangeName(this.prefix, to.producer), to.type, content, properties);
      } else {
        channel.sendToQueue(this.prefix + to.queue, content, properties);
      }
    }
    // Publisher confirms: resolves only when the broker has written every message (or throws, and the
    // relay tries the whole batch again).
    await channel.waitForConfirms();
  }

  async subscribe(subscription: Subscription, handler: DeliveryHandler): Promise<void> {
    const consumer = new AmqpConsumer(
      subscription,
      handler,
      this.prefix,
      this.connection,
      this.log,
      this.options,
    );
    this.consumers.push(consumer);
    await this.connection.onConnect((model) => consumer.attach(model));
  }

  async ready(): Promise<boolean> {
    return this.connection.connected;
  }

  async lag(): Promise<ConsumerLag[]> {
    return Promise.all(this.consumers.map((c) => c.lag()));
  }

  async stopConsuming(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  async close(): Promise<void> {
    await this.stopConsuming();
    await this.connection.close();
  }

  private durableQueue(): Options.AssertQueue {
    return durableQueueOptions(this.options);
  }

  private declaredOn(channel: object): Set<string> {
    let set = this.declared.get(channel);
    if (!set) {
      set = new Set();
      this.declared.set(channel, set);
    }
    return set;
  }
}

function durableQueueOptions(options: AmqpOptions): Options.AssertQueue {
  return options.queueType === 'quorum'
    ? { durable: true, arguments: { 'x-queue-type': 'quorum' } }
    : { durable: true };
}

function publishProperties(message: OutgoingMessage, extraHeaders: Record<string, string | number> = {}) {
  return {
    persistent: true,
    contentType: 'application/json',
    messageId: message.envelope.id,
    type: message.envelope.type,
    timestamp: Math.floor(Date.parse(message.envelope.occurredAt) / 1000) || undefined,
    headers: { ...message.headers, ...extraHeaders },
  } satisfies Options.Publish;
}

/** One subscription: re-attached with its topology on every (re)connect. */
class AmqpConsumer {
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queue: string;

  constructor(
    private readonly subscription: Subscription,
    private readonly handler: DeliveryHandler,
    private readonly prefix: string,
    private readonly connection: AmqpConnection,
    private readonly log: Logger,
    private readonly options: AmqpOptions,
  ) {
    this.queue = prefix + subscription.queue;
  }

  async attach(model: ChannelModel): Promise<void> {
    if (this.stopping) return;
    const channel = await model.createChannel();
    channel.on('error', (err) => this.log.warn({ err, queue: this.queue }, 'amqp consumer channel error'));
    channel.on('close', () => this.onChannelClosed(channel, model));
    await this.declareTopology(channel);
    await channel.prefetch(this.subscription.prefetch);
    const { consumerTag } = await channel.consume(this.queue, (msg) => this.onMessage(channel, msg), {
      noAck: false,
    });
    this.channel = channel;
    this.consumerTag = consumerTag;
  }

  /** A channel can die alone (e.g. a broker-side error) while the connection lives on: open a new one. */
  private onChannelClosed(channel: Channel, model: ChannelModel): void {
    if (this.stopping || this.channel !== channel) return;
    this.channel = undefined;
    setTimeout(() => {
      if (this.stopping || this.connection.current !== model) return;
      this.attach(model).catch((err) =>
        this.log.warn({ err, queue: this.queue }, 'amqp consumer re-attach failed'),
      );
    }, 500);
  }

  private async declareTopology(channel: Channel): Promise<void> {
    const { ephemeral } = this.subscription;
    await channel.assertQueue(
      this.queue,
      ephemeral ? { durable: false, exclusive: true, autoDelete: true } : durableQueueOptions(this.options),
    );
    for (const source of this.subscription.sources) {
      const exchange = exchangeName(this.prefix, source.producer);
      await channel.assertExchange(exchange, 'topic', { durable: true });
      for (const pattern of source.types === 'all' ? ['#'] : source.types) {
        await channel.bindQueue(this.queue, exchange, pattern);
      }
    }
    if (ephemeral) return;
    for (const delayMs of this.subscription.retryDelaysMs) {
      await channel.assertQueue(retryQueueName(this.queue, delayMs), {
        durable: true,
        arguments: {
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': this.queue,
        },
      });
    }
    await channel.assertQueue(`${this.queue}.dlq`, { durable: true });
  }

  private onMessage(channel: Channel, msg: ConsumeMessage | null): void {
    if (!msg) {
      // The broker cancelled the consumer (queue deleted); nothing to do until the next reconnect.
      this.log.warn({ queue: this.queue }, 'amqp consumer cancelled by the broker');
      return;
    }
    const work = this.handle(channel, msg).catch(async (err) => {
      this.log.warn({ err, queue: this.queue }, 'amqp delivery not settled; it goes back to the queue');
      // A pause before the requeue: whatever failed (usually the database) gets a moment, and a
      // message that cannot be settled does not spin.
      await new Promise((resolve) => setTimeout(resolve, REQUEUE_PAUSE_MS));
      safely(() => channel.nack(msg, false, true));
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(channel: Channel, msg: ConsumeMessage): Promise<void> {
    const delivery = toDelivery(msg, this.subscription.queue);
    const disposition = await this.handler(delivery);
    await this.settle(channel, msg, disposition);
  }

  private async settle(channel: Channel, msg: ConsumeMessage, disposition: Disposition): Promise<void> {
    if (disposition.action === 'retry') {
      const delayMs = disposition.nominalDelayMs;
      if (!this.subscription.retryDelaysMs.includes(delayMs))
        throw new Error(`no retry queue for ${delayMs} ms`);
      const expiration = String(Math.min(delayMs, disposition.delayMs));
      await this.forward(
        msg,
        retryQueueName(this.queue, delayMs),
        { [ATTEMPT_HEADER]: disposition.attempt },
        expiration,
      );
    } else if (disposition.action === 'dead') {
      await this.forward(msg, `${this.queue}.dlq`, { [REASON_HEADER]: disposition.reason.slice(0, 2_000) });
    }
    // Ack only after the retry copy or dead-letter copy is confirmed; if the channel died meanwhile the
    // broker redelivers and the inbox absorbs the duplicate.
    safely(() => channel.ack(msg));
  }

  /** Puts a copy of the delivery on another queue, confirmed, keeping its headers. */
  private async forward(
    msg: ConsumeMessage,
    queue: string,
    extraHeaders: Record<string, string | number>,
    expiration?: string,
  ): Promise<void> {
    const publisher = await this.connection.publisher();
    const headers = { ...(msg.properties.headers ?? {}), ...extraHeaders };
    delete headers['x-death'];
    publisher.sendToQueue(queue, msg.content, {
      persistent: true,
      contentType: msg.properties.contentType,
      messageId: msg.properties.messageId,
      type: msg.properties.type,
      timestamp: msg.properties.timestamp,
      headers,
      ...(expiration ? { expiration } : {}),
    });
    await publisher.waitForConfirms();
  }

  /** Ready messages on the queue and its retry queues, plus the ones this instance holds unacked. */
  async lag(): Promise<ConsumerLag> {
    const channel = this.channel;
    if (!channel) throw new Error(`amqp consumer of ${this.queue} is not attached`);
    const queues = [
      this.queue,
      ...this.subscription.retryDelaysMs.map((delayMs) => retryQueueName(this.queue, delayMs)),
    ];
    const counts = await Promise.all(queues.map((q) => channel.checkQueue(q)));
    const waiting = counts.reduce((n, c) => n + c.messageCount, 0);
    return { queue: this.subscription.queue, messages: waiting + this.inFlight.size };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await channel?.close().catch(() => undefined);
    this.channel = undefined;
  }
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}

function toDelivery(msg: ConsumeMessage, logicalQueue: string): Delivery {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(msg.properties.headers ?? {})) {
    if (typeof value === 'string') headers[key] = value;
  }
  const attempt = Number(msg.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1;
  const text = msg.content.toString('utf8');
  try {
    return { body: JSON.parse(text), headers, attempt, queue: logicalQueue };
  } catch (err) {
    return {
      body: undefined,
      bodyError: `body is not JSON: ${(err as Error).message}`,
      rawBody: text,
      headers,
      attempt,
      queue: logicalQueue,
    };
  }
}

/** Acks and nacks on a channel that already closed throw; the broker redelivers those messages anyway. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // channel gone: the message returns to its queue
  }
}
