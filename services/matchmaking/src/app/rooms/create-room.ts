import { randomUUID } from 'node:crypto';
import { problem, withTransaction } from '@garrison/kit';
import type { BotChoice } from '../../domain/bot.js';
import { newJoinCode } from '../../domain/join-code.js';
import { completeRules, rulesProblem, type Rules } from '../../domain/rules.js';
import type { RoomView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import { requireOwnBot } from '../own-bot.js';
import { roomChanged } from './room-state.js';

export interface NewRoom {
  name: string;
  private: boolean;
  capacity: number;
  rules?: Partial<Rules>;
  /** When given, the owner takes the first seat with this bot. */
  bot?: BotChoice;
}

/** Opens a room; a private one gets a join code that only its owner and members see. */
export async function createRoom(deps: Deps, ownerId: string, input: NewRoom): Promise<RoomView> {
  const name = input.name.trim();
  if (!name) throw problem(422, 'Invalid room', 'name must not be blank');
  const rules = completeRules(input.rules, input.capacity);
  const invalid = rulesProblem(rules, input.capacity);
  if (invalid) throw problem(422, 'Invalid rules', invalid);
  if (input.bot) await requireOwnBot(deps.bots, ownerId, input.bot, false);

  return withTransaction(deps.db, async (tx) => {
    const id = randomUUID();
    await tx
      .insertInto('rooms')
      .values({
        id,
        name,
        owner_id: ownerId,
        private: input.private,
        join_code: input.private ? newJoinCode() : null,
        capacity: input.capacity,
        mode: rules.mode,
        rounds: rules.rounds,
        rules_version: rules.version,
        status: 'open',
        battle_id: null,
      })
      .execute();
    if (input.bot)
      await tx.insertInto('room_members').values({ room_id: id, user_id: ownerId, bot: input.bot }).execute();
    return roomChanged(deps, tx, id, ownerId);
  });
}
