// What happens to every delivery before and after a service's handler runs:
// validate (envelope + schema; invalid → dead letter at once, reason "schema: …"), then in ONE
// transaction record the message in the inbox (already there → skip) and run the handler, commit,
// and only then let the transport ack. A failing handler is retried with backoff and finally
// dead-lettered with its error message.
// A batch of deliveries runs in one transaction the same way (one inbox insert, the handlers one
// after another; a route with `handleBatch` gets each run of consecutive fresh messages of its type
// in one call, so its handler can work set-wise). If any handler fails, the batch rolls back and
// every message of it is handled again alone, so the failure is retried / dead-lettered on its own
// and the rest commit once.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { DeadLetterStore } from './dead-letters.js';
import type { OutboxStaging } from './outbox-staging.js';
import { runHandlingMessage } from './envelope.js';
import type { MessagingMetrics } from './metrics.js';
import { jitteredDelayMs, nominalDelayMs, retryDelays } from './retry-policy.js';
import type { EventRegistry } from './schemas.js';
import type { Delivery, Disposition } from './transport.js';
import type { AnyTransaction, EventEnvelope, RetryPolicy } from './types.js';

export interface Route {
  handle(message: EventEnvelope, tx: AnyTransaction): Promise<void>;
  /** Handles several messages of this route at once (see OnEventOptions' handleBatch). */
  handleBatch?(messages: EventEnvelope[], tx: AnyTransaction): Promise<void>;
  policy: RetryPolicy;
  /** The lane key of a message (see BatchOptions.partitionKey). */
  partitionKey?: (message: EventEnvelope) => string;
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
  /** Stages the outbox rows handlers write until just before commit (see outbox-staging.ts). */
  outboxStaging?: OutboxStaging;
  /** The handler for a valid envelope, or undefined to acknowledge and ignore it (e.g. a version not consumed). */
  route(envelope: EventEnvelope): Route | undefined;
  /** Used while no route is known (an unreadable message whose dead letter cannot be stored yet). */
  fallbackPolicy: RetryPolicy;
}

type Outcome = 'ok' | 'duplicate' | 'skipped' | 'retry' | 'dead';
interface Result {
  disposition: Disposition;
  outcome: Outcome;
}
/** A valid delivery with a handler: what goes into the transaction. */
interface Runnable {
  delivery: Delivery;
  envelope: EventEnvelope;
  route: Route;
}

const tracer = trace.getTracer('@garrison/kit');

/** Handles deliveries together (see the file comment); one disposition per delivery, in order. */
export type BatchHandler = (deliveries: Delivery[]) => Promise<Disposition[]>;

export function createDispatcher(deps: DispatcherDeps): BatchHandler {
  return async (deliveries) => {
    const started = performance.now();
    const results = new Array<Result>(deliveries.length);
    const runnable: Array<Runnable & { index: number }> = [];
    for (const [index, delivery] of deliveries.entries()) {
      const checked = await check(deps, delivery);
      if ('disposition' in checked) results[index] = checked;
      else runnable.push({ ...checked, index });
    }
    if (runnable.length > 1) {
      try {
        const outcomes = await runInTransaction(deps, runnable);
        runnable.forEach(
          (r, i) => (results[r.index] = { disposition: { action: 'ack' }, outcome: outcomes[i]! }),
        );
      } catch (err) {
        deps.log.debug({ err, size: runnable.length }, 'batch failed; handling its messages one by one');
        for (const r of runnable) results[r.index] = await runAlone(deps, r);
      }
    } else if (runnable[0]) {
      results[runnable[0].index] = await runAlone(deps, runnable[0]);
    }
    // The batch's time shared out: the histogram stays "time per delivery".
    const seconds = (performance.now() - started) / 1000 / deliveries.length;
    for (const [index, delivery] of deliveries.entries()) {
      deps.metrics.handlerDuration.observe(
        { type: typeOf(delivery.body), outcome: results[index]!.outcome },
        seconds,
      );
    }
    return results.map((r) => r.disposition);
  };
}

/** The lane key of a delivery: its route's partition key, if the message is valid and has one. */
export function partitionKeyOf(
  deps: Pick<DispatcherDeps, 'registry' | 'route'>,
  delivery: Delivery,
): string | undefined {
  if (delivery.bodyError !== undefined || !deps.registry.validateEnvelope(delivery.body).valid)
    return undefined;
  const envelope = delivery.body as EventEnvelope;
  const key = deps.route(envelope)?.partitionKey;
  if (!key) return undefined;
  try {
    const value: unknown = key(envelope);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // invalid data: the dispatcher dead-letters it
  }
}

/** Validation: a settled result (dead letter, skipped), or what to run. */
async function check(deps: DispatcherDeps, delivery: Delivery): Promise<Result | Runnable> {
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
  return { delivery, envelope, route };
}

/** One message in its own transaction; a failure becomes a retry or, at the last attempt, a dead letter. */
async function runAlone(deps: DispatcherDeps, { delivery, envelope, route }: Runnable): Promise<Result> {
  try {
    const [outcome] = await runInTransaction(deps, [{ delivery, envelope, route }]);
    return { disposition: { action: 'ack' }, outcome: outcome! };
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

/** Inbox rows + handler effects commit together; a message seen before changes nothing. */
async function runInTransaction(deps: DispatcherDeps, items: Runnable[]): Promise<Array<'ok' | 'duplicate'>> {
  const staging = deps.outboxStaging;
  let committed: AnyTransaction | undefined;
  const outcomes = await deps.db.transaction().execute(async (tx) => {
    staging?.stage(tx);
    const inserted = await sql<{ event_id: string }>`
      INSERT INTO kit_inbox (consumer, event_id, type)
      SELECT ${deps.consumer}, id, type
        FROM unnest(${items.map((i) => i.envelope.id)}::uuid[], ${items.map((i) => i.envelope.type)}::text[]) AS m(id, type)
      ON CONFLICT DO NOTHING RETURNING event_id`.execute(tx);
    const fresh = new Set(inserted.rows.map((r) => r.event_id.toLowerCase()));
    const result: Array<'ok' | 'duplicate'> = [];
    const toRun: Runnable[] = [];
    for (const item of items) {
      // A message seen before — or twice in this batch — runs once.
      const isFresh = fresh.delete(item.envelope.id.toLowerCase());
      result.push(isFresh ? 'ok' : 'duplicate');
      if (isFresh) toRun.push(item);
    }
    for (const group of runsOfOneRoute(toRun)) await runGroup(deps, group, tx);
    await staging?.flush(tx);
    committed = tx;
    return result;
  });
  if (committed) staging?.committed(committed);
  return outcomes;
}

/**
 * Consecutive messages of a route with handleBatch form one group (the order of messages is kept
 * across routes); every other message is a group of its own.
 */
function runsOfOneRoute(items: Runnable[]): Runnable[][] {
  const groups: Runnable[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (item.route.handleBatch && last && last[0]!.route === item.route) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

async function runGroup(deps: DispatcherDeps, group: Runnable[], tx: AnyTransaction): Promise<void> {
  const [first] = group;
  if (!first) return;
  const { route } = first;
  if (group.length === 1) {
    // Alone (handle = handleBatch([message]) for a batch route): what the handler publishes is
    // caused by this message by default.
    await inConsumerSpan(deps, first, () =>
      runHandlingMessage(first.envelope, () => route.handle(first.envelope, tx)),
    );
    return;
  }
  await inBatchSpan(deps, group, () =>
    route.handleBatch!(
      group.map((g) => g.envelope),
      tx,
    ),
  );
}

/** One span for a batch call, linked to the trace of every message in it. */
function inBatchSpan<T>(deps: DispatcherDeps, group: Runnable[], fn: () => Promise<T>): Promise<T> {
  const type = group[0]!.envelope.type;
  const links = group
    .map((g) => trace.getSpanContext(propagation.extract(ROOT_CONTEXT, g.delivery.headers)))
    .filter((c) => c !== undefined)
    .map((c) => ({ context: c }));
  return tracer.startActiveSpan(
    `${type} process`,
    { kind: SpanKind.CONSUMER, links, root: true },
    async (span) => {
      span.setAttributes({
        'messaging.destination.name': type,
        'messaging.consumer.group.name': deps.consumer,
        'messaging.batch.message_count': group.length,
      });
      try {
        return await fn();
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

function inConsumerSpan<T>(
  deps: DispatcherDeps,
  { envelope, delivery }: Runnable,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, delivery.headers);
  return context.with(parent, () =>
    tracer.startActiveSpan(`${envelope.type} process`, { kind: SpanKind.CONSUMER }, async (span) => {
      span.setAttributes({
        'messaging.message.id': envelope.id,
        'messaging.destination.name': envelope.type,
        'messaging.consumer.group.name': deps.consumer,
      });
      try {
        return await fn();
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
): Promise<Result> {
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
