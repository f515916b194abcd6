// What happens to every delivery before and after a service's handler runs:
// validate (envelope + schema; invalid → dead letter at once, reason "schema: …"), then in ONE
// transaction record the message in the inbox (already there → skip) and run the handler, commit,
// and only then let the transport ack. A failing handler is retried with backoff and finally
// dead-lettered with its error message.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { DeadLetterStore } from './dead-letters.js';
import { runHandlingMessage } from './envelope.js';
import type { MessagingMetrics } from './metrics.js';
import { jitteredDelayMs, nominalDelayMs, retryDelays } from './retry-policy.js';
import type { EventRegistry } from './schemas.js';
import type { Delivery, DeliveryHandler, Disposition } from './transport.js';
import type { AnyTransaction, EventEnvelope, RetryPolicy } from './types.js';

export interface Route {
  handle(message: EventEnvelope, tx: AnyTransaction): Promise<void>;
  policy: RetryPolicy;
}

export interface DispatcherDeps {
  /** The consuming service: inbox and dead-letter rows are keyed by it. */
  consumer: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  registry: EventRegistry;
  log: Logger;
  metrics: MessagingMetrics;
  deadLetters: DeadLetterStore;
  /** The handler for a valid envelope, or undefined to acknowledge and ignore it (e.g. a version not consumed). */
  route(envelope: EventEnvelope): Route | undefined;
  /** Used while no route is known (an unreadable message whose dead letter cannot be stored yet). */
  fallbackPolicy: RetryPolicy;
}

type Outcome = 'ok' | 'duplicate' | 'skipped' | 'retry' | 'dead';

const tracer = trace.getTracer('@garrison/kit');

export function createDispatcher(deps: DispatcherDeps): DeliveryHandler {
  return async (delivery) => {
    const started = performance.now();
    const type = typeOf(delivery.body);
    const { disposition, outcome } = await dispatch(deps, delivery);
    deps.metrics.handlerDuration.observe({ type, outcome }, (performance.now() - started) / 1000);
    return disposition;
  };
}

async function dispatch(
  deps: DispatcherDeps,
  delivery: Delivery,
): Promise<{ disposition: Disposition; outcome: Outcome }> {
  if (delivery.bodyError !== undefined) {
    return deadLetter(deps, delivery, `schema: ${delivery.bodyError}`, deps.fallbackPolicy);
  }
  const envelopeCheck = deps.registry.validateEnvelope(delivery.body);
  if (!envelopeCheck.valid)
    return deadLetter(deps, delivery, `schema: ${envelopeCheck.reason}`, deps.fallbackPolicy);
  const envelope = delivery.body as EventEnvelope;

  const route = deps.route(envelope);
  if (!route) return { disposition: { action: 'ack' }, outcome: 'skipped' };

  const dataCheck = deps.registry.validate(envelope.type, envelope.version, envelope.data);
  if (!dataCheck.valid) return deadLetter(deps, delivery, `schema: ${dataCheck.reason}`, route.policy);

  try {
    const outcome = await runHandler(deps, route, envelope, delivery.headers);
    return { disposition: { action: 'ack' }, outcome };
  } catch (err) {
    const reason = errorMessage(err);
    if (delivery.attempt < route.policy.attempts) {
      deps.log.warn(
        { err, type: envelope.type, id: envelope.id, attempt: delivery.attempt },
        'handler failed; will retry',
      );
      return { disposition: retryOf(route.policy, delivery.attempt), outcome: 'retry' };
    }
    deps.log.error(
      { err, type: envelope.type, id: envelope.id, attempt: delivery.attempt },
      'handler failed; dead letter',
    );
    return deadLetter(deps, delivery, reason, route.policy);
  }
}

/** Inbox row + handler effect commit together; a message seen before changes nothing. */
async function runHandler(
  deps: DispatcherDeps,
  route: Route,
  envelope: EventEnvelope,
  headers: Record<string, string>,
): Promise<'ok' | 'duplicate'> {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  return context.with(parent, () =>
    tracer.startActiveSpan(`${envelope.type} process`, { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.message.id': envelope.id,
        'messaging.destination.name': envelope.type,
        'messaging.consumer.group.name': deps.consumer,
      });
      try {
        return await deps.db.transaction().execute(async (tx) => {
          const inserted = await sql`
            INSERT INTO kit_inbox (consumer, event_id, type) VALUES (${deps.consumer}, ${envelope.id}, ${envelope.type})
            ON CONFLICT DO NOTHING RETURNING event_id`.execute(tx);
          if (inserted.rows.length === 0) return 'duplicate' as const;
          await runHandlingMessage(envelope, () => route.handle(envelope, tx));
          return 'ok' as const;
        });
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        throw err;
      } finally {
        span.end();
      }
    }),
  );
}

async function deadLetter(
  deps: DispatcherDeps,
  delivery: Delivery,
  reason: string,
  policy: RetryPolicy,
): Promise<{ disposition: Disposition; outcome: Outcome }> {
  try {
    await deps.deadLetters.add({
      consumer: deps.consumer,
      queue: delivery.queue,
      envelope: delivery.bodyError !== undefined ? (delivery.rawBody ?? null) : delivery.body,
      headers: delivery.headers,
      reason,
      attempts: delivery.attempt,
    });
  } catch (err) {
    // Cannot record it (database down): keep the message and try again later rather than lose it.
    deps.log.error({ err, reason }, 'cannot store a dead letter; retrying the message later');
    const delays = retryDelays(policy);
    const longest = delays[delays.length - 1];
    if (longest === undefined) throw err;
    return {
      disposition: { action: 'retry', attempt: delivery.attempt, nominalDelayMs: longest, delayMs: longest },
      outcome: 'retry',
    };
  }
  deps.metrics.deadLetters.inc({ consumer: deps.consumer, type: typeOf(delivery.body) });
  deps.log.warn({ queue: delivery.queue, reason }, 'message dead-lettered');
  return { disposition: { action: 'dead', reason }, outcome: 'dead' };
}

function retryOf(policy: RetryPolicy, attempt: number): Disposition {
  return {
    action: 'retry',
    attempt: attempt + 1,
    nominalDelayMs: nominalDelayMs(policy, attempt),
    delayMs: jitteredDelayMs(policy, attempt),
  };
}

function typeOf(body: unknown): string {
  const type = (body as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type.slice(0, 100) : 'unknown';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
