// Writing to the outbox: validate, wrap in an envelope, insert in the caller's transaction
// (outbox-staging.ts decides when the rows hit the table and how the relay is woken).
import { context, propagation } from '@opentelemetry/api';
import { createEnvelope } from './envelope.js';
import { OutboxStaging, type OutboxRowInput } from './outbox-staging.js';
import { EventSchemaError, type EventRegistry } from './schemas.js';
import type { AnyTransaction, CommandToSend, EventEnvelope, EventToPublish, PublishMeta } from './types.js';

export { OUTBOX_CHANNEL } from './outbox-staging.js';

export class OutboxWriter {
  constructor(
    private readonly service: string,
    private readonly registry: EventRegistry,
    private readonly staging: OutboxStaging = new OutboxStaging(),
  ) {}

  async publish<Data>(
    tx: AnyTransaction,
    event: EventToPublish<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>> {
    this.check(event.type, event.version, event.data, this.service, `service "${this.service}"`);
    const envelope = createEnvelope({ producer: this.service, ...event, meta });
    await this.staging.write(tx, [rowOf('event', this.service, envelope)]);
    return envelope;
  }

  /**
   * Many events in one multi-row INSERT and one wake-up: a bulk change (a shuffle of 10,000 tasks)
   * writes its events in a few statements instead of one round trip per event.
   */
  async publishMany<Data>(
    tx: AnyTransaction,
    events: Array<EventToPublish<Data> & { meta?: PublishMeta }>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>[]> {
    const envelopes = events.map(({ meta: own, ...event }) => {
      this.check(event.type, event.version, event.data, this.service, `service "${this.service}"`);
      return createEnvelope({ producer: this.service, ...event, meta: own ?? meta });
    });
    const headers = traceHeaders();
    await this.staging.write(
      tx,
      envelopes.map((e) => rowOf('event', this.service, e, headers)),
    );
    return envelopes;
  }

  async send<Data>(
    tx: AnyTransaction,
    queue: string,
    command: CommandToSend<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>> {
    const owner = commandQueueOwner(queue);
    const version = command.version ?? 1;
    this.check(command.type, version, command.data, owner, `queue "${queue}"`);
    const envelope = createEnvelope({
      producer: this.service,
      type: command.type,
      version,
      data: command.data,
      meta,
    });
    await this.staging.write(tx, [rowOf('command', queue, envelope)]);
    return envelope;
  }

  private check(type: string, version: number, data: unknown, owner: string, what: string): void {
    const entry = this.registry.find(type, version);
    if (!entry) {
      const known = this.registry.versionsOf(type);
      throw new EventSchemaError(
        `cannot publish ${type} v${version}: no schema contracts/events/${owner}/${type}.v${version}.json` +
          (known.length ? ` (known versions: ${known.join(', ')})` : ''),
      );
    }
    if (entry.producer !== owner) {
      throw new EventSchemaError(
        `cannot publish ${type} v${version} from ${what}: it belongs to "${entry.producer}"`,
      );
    }
    const result = this.registry.validate(type, version, data);
    if (!result.valid) throw new EventSchemaError(`invalid ${result.reason}`);
  }
}

/** `battles.run` is owned by `battles`; a command queue is always `<service>.<name>`. */
export function commandQueueOwner(queue: string): string {
  const match = /^([a-z][a-z0-9-]*)\.[a-z][a-z0-9.-]*$/.exec(queue);
  if (!match?.[1])
    throw new EventSchemaError(`command queue "${queue}" must be named <service>.<name>, e.g. battles.run`);
  return match[1];
}

function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

function rowOf(
  kind: 'event' | 'command',
  destination: string,
  envelope: EventEnvelope,
  headers = traceHeaders(),
): OutboxRowInput {
  return { id: envelope.id, kind, destination, type: envelope.type, envelope, headers };
}
