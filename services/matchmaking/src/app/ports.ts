import type { Kysely, Transaction } from '@garrison/kit';
import type { Database } from '../database.js';
import type { BotChoice } from '../domain/bot.js';
import type { Rules } from '../domain/rules.js';

export type Tx = Transaction<Database>;

export type BattleKind = 'challenge' | 'room' | 'matchmaking';

/** One battle to create; `requestId` makes a repeat return the same battle. */
export interface BattleRequest {
  requestId: string;
  kind: BattleKind;
  /** The challenge, room or match the battle belongs to (its events carry it back). */
  contextId: string;
  ranked: boolean;
  rules: Rules;
  participants: Array<{ userId: string; bot: BotChoice }>;
}

/** The battles service seen from here (SPEC 3.3: internal gRPC CreateBattle). */
export interface BattleCreator {
  createBattle(request: BattleRequest): Promise<{ battleId: string }>;
}

/** A hosted bot version as the bots service knows it. */
export interface BotVersionFacts {
  ownerId: string;
  status: string;
  /** SPEC 3.2: its bot's first activated version, or it passed the regression gate. */
  rankedEligible: boolean;
}

/** The bot registry (bots service, gRPC GetBotVersion); undefined for an unknown version. */
export interface BotRegistry {
  version(botVersionId: string): Promise<BotVersionFacts | undefined>;
}

/** Conservative skill of players; players ratings never mentioned get the configured default. */
export interface SkillRatings {
  conservativeOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, number>>;
}
