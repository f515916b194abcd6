import type { Bot, RoundInfo, Tick } from '@garrison/bot-api';
import type { Answer } from './intent.js';
import { Match } from './match.js';
import type { BattleResults, MatchOptions } from './match.js';
import type { ReplayRecorder } from './replay.js';

/** Drives one participant: the sandbox, a live agent connection or (tests) a bot in-process. */
export interface Controller {
  onRoundStart(info: RoundInfo): void | Promise<void>;
  onTick(tick: Tick): Answer | Promise<Answer>;
}

export interface SyncController {
  onRoundStart(info: RoundInfo): void;
  onTick(tick: Tick): Answer;
}

export interface BattleOptions<C> extends MatchOptions {
  /** One per participant, same order. */
  controllers: C[];
  /** Called after every tick (live viewers, progress bars). */
  onTick?: (match: Match) => void;
  /** Records the battle as replay lines. */
  recorder?: ReplayRecorder;
}

function check<C>(opts: BattleOptions<C>): Match {
  if (opts.controllers.length !== opts.participants.length) {
    throw new RangeError('one controller per participant is needed');
  }
  const match = Match.create(opts);
  opts.recorder?.start(match);
  return match;
}

function advance(match: Match, answers: Array<Answer | null>, recorder?: ReplayRecorder): void {
  if (recorder) recorder.step(match, answers);
  else match.step(answers);
}

/** Plays a whole battle with controllers that may answer asynchronously (all bots of a tick in parallel). */
export async function playBattle(opts: BattleOptions<Controller>): Promise<BattleResults> {
  const match = check(opts);
  const { controllers } = opts;
  while (!match.over) {
    match.startRound();
    await Promise.all(controllers.map((c, i) => c.onRoundStart(match.roundInfo(i))));
    while (!match.roundOver) {
      const answers = await Promise.all(
        controllers.map((c, i) => (match.isActive(i) ? c.onTick(match.observe(i)) : null)),
      );
      advance(match, answers, opts.recorder);
      opts.onTick?.(match);
    }
  }
  const results = match.results();
  opts.recorder?.finish(match);
  return results;
}

/** The same, for controllers that answer synchronously (plain JS bots: tests, benchmarks). */
export function playBattleSync(opts: BattleOptions<SyncController>): BattleResults {
  const match = check(opts);
  const { controllers } = opts;
  while (!match.over) {
    match.startRound();
    controllers.forEach((c, i) => c.onRoundStart(match.roundInfo(i)));
    while (!match.roundOver) {
      const answers = controllers.map((c, i) => (match.isActive(i) ? c.onTick(match.observe(i)) : null));
      advance(match, answers, opts.recorder);
      opts.onTick?.(match);
    }
  }
  const results = match.results();
  opts.recorder?.finish(match);
  return results;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Calls a bot object in this process; a throw becomes a skipped tick. For tests and benchmarks
 * only: it gives no protection at all against untrusted code (use the sandbox for that).
 */
export function directController(bot: Bot): SyncController {
  return {
    onRoundStart(info) {
      try {
        bot.onRoundStart?.(info);
      } catch {
        // A failing onRoundStart leaves the bot to play the round as it is, as in the sandbox.
      }
    },
    onTick(tick) {
      try {
        return { intent: bot.onTick(tick) ?? {} };
      } catch (e) {
        return { skipped: `error: ${message(e)}` };
      }
    },
  };
}
