// A listening post for tests: subscribes to the events of some producers on a throw-away queue and
// records them, so a test can `await probe.waitFor('user.created', (e) => e.data.login === 'ann')`.
// It has no inbox and no database; start it before the events are published.
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { AmqpTransport, type AmqpOptions } from './amqp-transport.js';
import { BusDatabase, type PgBossOptions } from './bus-database.js';
import { PgBossTransport } from './pgboss-transport.js';
import { eventRegistry, type EventRegistry } from './schemas.js';
import type { Transport } from './transport.js';
import type { EventEnvelope } from './types.js';

export interface EventProbeInput {
  config: { bus: string; busDatabaseUrl?: string; busPrefix: string };
  /** Producers whose events to record. */
  producers: string[];
  /** Restrict to these types (default: every type the producers have a schema for). */
  types?: string[];
  log?: Logger;
  registry?: EventRegistry;
  pgboss?: PgBossOptions;
  amqp?: AmqpOptions;
}

export interface EventProbe {
  /** Everything recorded so far, in arrival order. */
  readonly events: EventEnvelope[];
  waitFor<Data = unknown>(
    type: string,
    predicate?: (event: EventEnvelope<Data>) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<EventEnvelope<Data>>;
  stop(): Promise<void>;
}

export async function createEventProbe(input: EventProbeInput): Promise<EventProbe> {
  const log = input.log ?? pino({ level: 'silent' });
  const registry = input.registry ?? eventRegistry();
  const { config } = input;
  const busDb = config.busDatabaseUrl
    ? new BusDatabase(config.busDatabaseUrl, log, { pollIntervalMs: 500, ...input.pgboss })
    : undefined;
  let transport: Transport;
  if (config.bus === 'pgboss') {
    if (!busDb) throw new Error('an event probe on pgboss needs busDatabaseUrl');
    transport = new PgBossTransport(busDb, config.busPrefix, log);
  } else {
    transport = new AmqpTransport(config.bus, config.busPrefix, log, input.amqp);
  }
  const events: EventEnvelope[] = [];
  const listeners = new Set<() => void>();
  await transport.start();
  const name = `probe-${randomBytes(4).toString('hex')}`;
  for (const producer of input.producers) {
    const types = input.types ?? [
      ...new Set(
        registry
          .entries()
          .filter((e) => e.producer === producer)
          .map((e) => e.type),
      ),
    ];
    await transport.subscribe(
      {
        queue: `${name}.${producer}.events`,
        // amqp binds '#' (every type, even ones without a schema yet); pg-boss subscribes per type.
        sources: [{ producer, types: transport.name === 'amqp' && !input.types ? 'all' : types }],
        // recording is instant: take many at once
        prefetch: 100,
        retryDelaysMs: [],
        ephemeral: true,
      },
      async (delivery) => {
        const envelope = delivery.body as EventEnvelope;
        if (envelope && typeof envelope === 'object') {
          events.push(envelope);
          for (const listener of [...listeners]) listener();
        }
        return { action: 'ack' };
      },
    );
  }

  return {
    events,
    waitFor: ((
      type: string,
      predicate?: (e: EventEnvelope) => boolean,
      options: { timeoutMs?: number } = {},
    ) => {
      const find = () => events.find((e) => e.type === type && (!predicate || predicate(e)));
      const found = find();
      if (found) return Promise.resolve(found);
      const timeoutMs = options.timeoutMs ?? 10_000;
      return new Promise<EventEnvelope>((resolve, reject) => {
        const listener = () => {
          const event = find();
          if (!event) return;
          cleanup();
          resolve(event);
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = events.map((e) => `${e.type}#${e.id}`).join(', ') || 'nothing';
          reject(new Error(`no ${type} event matched within ${timeoutMs} ms; seen: ${seen}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        listeners.add(listener);
      });
    }) as EventProbe['waitFor'],
    async stop() {
      await transport.close();
      await busDb?.stop();
    },
  };
}
