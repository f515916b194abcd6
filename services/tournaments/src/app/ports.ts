import type { Transaction } from '@garrison/kit';
import type { BotChoice, Database, Rules } from '../database.js';

export type Tx = Transaction<Database>;

/** One tournament battle to create; `requestId` makes the request idempotent. */
export interface BattleRequest {
  requestId: string;
  tournamentId: string;
  participants: Array<{ userId: string; bot: BotChoice }>;
  rules: Rules;
  /** When the battle should start; absent = as soon as possible. */
  startsAt?: Date;
  /** Shown live, its result held back until its broadcast ends (ADR 240). */
  broadcast?: boolean;
}

/** The battles service, seen from here (SPEC 3.3: CreateBattle over gRPC). */
export interface BattleScheduler {
  /** `startsAt`: the battle's scheduled start as the battles service answered it, null = at once. */
  createBattle(request: BattleRequest): Promise<{ battleId: string; startsAt: Date | null }>;
}

/** A hosted bot version as the bots service knows it. */
export interface BotVersionFacts {
  ownerId: string;
  /** SPEC 3.2: its bot's first activated version, or it passed the regression gate. */
  rankedEligible: boolean;
}

/** The bot registry (bots service, gRPC GetBotVersion); undefined for an unknown version. */
export interface BotRegistry {
  version(botVersionId: string): Promise<BotVersionFacts | undefined>;
}

/** Conservative skill (rating − 2·RD) of players; unknown players are absent. */
export interface SkillRatings {
  conservativeOf(tx: Tx, userIds: string[]): Promise<Map<string, number>>;
}
