import type { EventEnvelope, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import { projectionOf } from './projections.js';

type Tx = Transaction<Database>;

/**
 * Appends the event to the log and applies it to the projections, in the caller's transaction (the
 * consumer's, with the inbox row): the history and the read model never disagree. An event already
 * in the log was already applied with it, so it changes nothing.
 */
export async function recordAndApply(tx: Tx, event: EventEnvelope): Promise<void> {
  // The log row first: a rebuild locks the log before the projections, so taking them in the same
  // order here means a consumer and a rebuild wait for each other instead of deadlocking.
  const recorded = await tx
    .insertInto('event_log')
    .values({
      event_id: event.id,
      producer: event.producer,
      type: event.type,
      version: event.version,
      envelope: JSON.stringify(event),
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('seq')
    .executeTakeFirst();
  if (!recorded) return;
  await projectionOf(event).apply(tx, event);
}
