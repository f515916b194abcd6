import { onEvent, type EventConsumer, type EventEnvelope, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

interface UserFacts {
  id: string;
  login: string;
  displayName?: string;
  active?: boolean;
}

type Tx = Transaction<Database>;

/**
 * Matchmaking's own copy of the players (who exists, who is deactivated), kept from the users stream
 * so a challenge is checked without calling users. A fact older than the stored row is ignored.
 */
async function upsertPlayer(tx: Tx, e: EventEnvelope<UserFacts>, active?: boolean): Promise<void> {
  const at = new Date(e.occurredAt);
  const facts = e.data;
  const isActive = active ?? facts.active ?? true;
  await tx
    .insertInto('players')
    .values({
      id: facts.id,
      login: facts.login,
      display_name: facts.displayName ?? null,
      active: isActive,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          login: facts.login,
          ...(facts.displayName !== undefined ? { display_name: facts.displayName } : {}),
          active: isActive,
          updated_at: at,
        })
        .where('players.updated_at', '<=', at),
    )
    .execute();
}

const on = (type: string, active?: boolean): EventConsumer =>
  onEvent<UserFacts, Tx>({
    producer: 'users',
    type,
    versions: [1],
    handle: (e, tx) => upsertPlayer(tx, e, active),
  });

export const playersProjection: EventConsumer[] = [
  on('user.created'),
  on('user.updated'),
  on('user.deactivated', false),
];
