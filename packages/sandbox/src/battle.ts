import {
  playBattle,
  playBattleSync,
  ReplayRecorder,
  type Accuracy,
  type BattleResults,
  type Controller,
  type Match,
  type Mode,
  type RulesOverrides,
  type SyncController,
} from '@garrison/game';
import type { BotLanguage } from './compile.js';
import type { Answer } from './controller.js';
import type { DebugLogEntry } from './debug-log.js';
import type { SandboxLimits } from './limits.js';
import {
  loadSandboxedBot,
  noStats,
  type BotStats,
  type RoundBudget,
  type SandboxedBot,
} from './sandboxed-bot.js';
import { startStdioBot, type StdioBot } from './stdio-bot.js';

/** A participant: module source for the sandbox, or (local Agent only) a command speaking JSON lines. */
export type BattleBot =
  { name: string; source: string; language: BotLanguage } | { name: string; stdio: string; cwd?: string };

export interface BattleRequest {
  seed: number;
  rounds?: number;
  mode?: Mode;
  rules?: RulesOverrides;
  /** Version of the game rules (1: empty arena, 2: obstacles); default 1. */
  rulesVersion?: number;
  bots: BattleBot[];
  limits?: Partial<SandboxLimits>;
  /** Record the replay (JSON lines text). Default true. */
  record?: boolean;
}

export interface BattleProgress {
  round: number;
  rounds: number;
  tick: number;
  totalTicks: number;
  /** The tick just played ended its round. */
  roundOver: boolean;
}

export interface BotReport {
  name: string;
  /** Set when the bot never started; it skipped every tick. */
  startupError?: string;
  stats: BotStats;
  /** Shots fired and hits scored over the battle. */
  accuracy: Accuracy;
  /** Budget steps used per tick, per round (sandboxed bots; empty for stdio bots). */
  budget: RoundBudget[];
  debugLog: DebugLogEntry[];
}

export interface BattleReport {
  results: BattleResults;
  /** The replay as JSON lines text (gzip it to store it). */
  replay?: string;
  bots: BotReport[];
}

const PROGRESS_EVERY_TICKS = 50;

type Runner = SandboxedBot | StdioBot | NotStarted;

/**
 * Plays a whole battle in this thread: every module bot in its own sandbox. Call it through
 * `runBattleInWorker` unless the caller is itself a disposable worker.
 */
export async function runBattle(
  request: BattleRequest,
  onProgress?: (progress: BattleProgress) => void,
  onChildProcess?: (pid: number) => void,
): Promise<BattleReport> {
  const runners = await Promise.all(
    request.bots.map(async (bot, index) => {
      const runner = await startRunner(bot, index, request);
      // Reported as soon as it exists: a battle killed while other bots still load must not orphan it.
      if ('pid' in runner && runner.pid !== undefined) onChildProcess?.(runner.pid);
      return runner;
    }),
  );
  try {
    const recorder = request.record === false ? undefined : new ReplayRecorder();
    let played: Match | undefined;
    const options = {
      seed: request.seed,
      participants: request.bots.map((bot) => ({ name: bot.name })),
      ...(request.rounds !== undefined ? { rounds: request.rounds } : {}),
      ...(request.mode !== undefined ? { mode: request.mode } : {}),
      ...(request.rules !== undefined ? { rules: request.rules } : {}),
      ...(request.rulesVersion !== undefined ? { rulesVersion: request.rulesVersion } : {}),
      ...(recorder ? { recorder } : {}),
      onTick: (match: Match) => {
        played = match;
        if (onProgress && (match.roundOver || match.tick % PROGRESS_EVERY_TICKS === 0)) {
          onProgress({
            round: match.round,
            roundOver: match.roundOver,
            rounds: match.rounds,
            tick: match.tick,
            totalTicks: match.totalTicks,
          });
        }
      },
    };
    // Sandboxed bots answer synchronously; the sync driver saves a promise per bot and tick.
    const allSync = request.bots.every((bot) => !('stdio' in bot));
    const results = allSync
      ? playBattleSync({ ...options, controllers: runners as SyncController[] })
      : await playBattle({ ...options, controllers: runners as Controller[] });
    const accuracy = played?.shotStats();
    return {
      results,
      ...(recorder ? { replay: recorder.text() } : {}),
      bots: runners.map((runner, index) => ({
        name: runner.name,
        ...(runner instanceof NotStarted ? { startupError: runner.reason } : {}),
        stats: runner.stats(),
        accuracy: accuracy?.[index] ?? { shots: 0, hits: 0 },
        budget: 'budget' in runner ? runner.budget() : [],
        debugLog: runner.debugLog(),
      })),
    };
  } finally {
    await Promise.all(runners.map((runner) => runner.dispose()));
  }
}

/** Derives each bot's `Math.random` seed from the battle seed, so offline battles repeat exactly. */
export function botRandomSeed(battleSeed: number, index: number): number {
  return (Math.imul(battleSeed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

async function startRunner(bot: BattleBot, index: number, request: BattleRequest): Promise<Runner> {
  if ('stdio' in bot) {
    return startStdioBot({
      command: bot.stdio,
      name: bot.name,
      ...(bot.cwd ? { cwd: bot.cwd } : {}),
      ...(request.limits ? { limits: request.limits } : {}),
    });
  }
  try {
    return await loadSandboxedBot({
      source: bot.source,
      language: bot.language,
      name: bot.name,
      randomSeed: botRandomSeed(request.seed, index),
      ...(request.limits ? { limits: request.limits } : {}),
    });
  } catch (error) {
    return new NotStarted(bot.name, error instanceof Error ? error.message : String(error));
  }
}

/** Stands in for a bot that failed to compile or start: it sits out every round. */
class NotStarted implements SyncController {
  private skips = 0;
  constructor(
    readonly name: string,
    readonly reason: string,
  ) {}
  onRoundStart(): void {}
  onTick(): Answer {
    this.skips++;
    return { skipped: this.reason, disable: true };
  }
  stats(): BotStats {
    return { ...noStats(), skips: this.skips };
  }
  debugLog(): DebugLogEntry[] {
    return [{ round: 0, tick: 0, level: 'system', text: this.reason }];
  }
  dispose(): void {}
}
