import { onEvent, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { recordAndApply } from '../../app/event-log.js';

type Tx = Transaction<Database>;

/** Every event is logged and applied to the read model in the inbox transaction (ADR 045). */
const logAndApply = { handle: (event: EventEnvelope, tx: Tx) => recordAndApply(tx, event) };

/** What analytics consumes; each one has its fold step in app/projections.ts. */
export const projections = [
  onEvent<unknown, Tx>({
    producer: 'accounting',
    type: 'account.transaction-applied',
    versions: [1],
    ...logAndApply,
  }),
  onEvent<unknown, Tx>({ producer: 'accounting', type: 'task.priced', versions: [1], ...logAndApply }),
  onEvent<unknown, Tx>({ producer: 'tasks', type: 'task.completed', versions: [1], ...logAndApply }),
  onEvent<unknown, Tx>({ producer: 'tasks', type: 'task.created', versions: [1, 2], ...logAndApply }),
];
