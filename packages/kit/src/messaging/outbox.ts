// Writing to the outbox: validate, wrap in an envelope, insert in the caller's transaction.
import { context, propagation } from '@opentelemetry/api';
import { sql } from 'kysely';
import { createEnvelope } from './envelope.js';
import { EventSchemaError, type EventRegistry } from './schemas.js';
import type { AnyTransaction, CommandToSend, EventEnvelope, EventToPublish, PublishMeta } from './types.js';

export const OUTBOX_CHANNEL = 'kit_outbox';

export class OutboxWriter {
  constructor(
    private readonly service: string,
    private readonly registry: EventRegistry,
  ) {}

  async publish<Data>(
    tx: AnyTransaction,
    event: EventToPublish<Data>,
    meta?: PublishMeta,
  ): Promise<EventEnvelope<Data>> {
    this.check(event.type, event.version, event.data, this.service, `service "${this.service}"`);
    const envelope = createEnvelope({ producer: this.service, ...event, meta });
    await insert(tx, 'event', this.service, envelope);
    return envelope;
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
    await insert(tx, 'command', queue, envelope);
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

async function insert(
  tx: AnyTransaction,
  kind: 'event' | 'command',
  destination: string,
  envelope: EventEnvelope,
): Promise<void> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  await sql`
    INSERT INTO kit_outbox (id, kind, destination, type, envelope, headers)
    VALUES (${envelope.id}, ${kind}, ${destination}, ${envelope.type},
            ${JSON.stringify(envelope)}::jsonb, ${JSON.stringify(headers)}::jsonb)`.execute(tx);
  // Delivered at commit (and dropped on rollback): wakes the relay without waiting for its poll.
  await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
}
