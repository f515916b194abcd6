import type { GateDuel } from '../domain/gate.js';
import type { Language } from '../database.js';

/**
 * Where gate duels are played: the battles service's CreateBattle (idempotent by the duel's
 * requestId). A port so the gate's logic is tested without battles running.
 */
export interface BattleScheduler {
  createBattle(duel: GateDuel): Promise<{ battleId: string }>;
}

export type Validation =
  | { ok: true; compiledJs: string }
  | { ok: false; error: string }
  /** Killed at the wall-clock bound: a busy host, not a verdict on the bot (its own cost is metered). */
  | { ok: false; unfinished: true };

/** Checks an upload in the sandbox: it compiles, starts and survives a smoke round. */
export interface BotValidator {
  validate(source: string, language: Language): Promise<Validation>;
}
