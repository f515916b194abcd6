import type { GateDuel } from '../domain/gate.js';
import type { Language } from '../database.js';

/**
 * Where gate duels are played: the battles service's CreateBattle (idempotent by the duel's
 * requestId). A port so the gate's logic is tested without battles running.
 */
export interface BattleScheduler {
  createBattle(duel: GateDuel): Promise<{ battleId: string }>;
}

export type Validation = { ok: true; compiledJs: string } | { ok: false; error: string };

/** Checks an upload in the sandbox: it compiles, starts and survives a smoke round. */
export interface BotValidator {
  validate(source: string, language: Language): Promise<Validation>;
}
