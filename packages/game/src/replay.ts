import type { Arena } from '@garrison/bot-api';
import type { Mode, RulesConfig } from './config.js';
import { decodeApplied } from './intent.js';
import type { AppliedAnswer, Answer } from './intent.js';
import { Match } from './match.js';
import type { BattleResults } from './match.js';
import { RULES_VERSIONS, isRulesVersion } from './rules/index.js';
import type { MatchSnapshot } from './state.js';

/*
 * Replay = JSON lines text (gzip is the caller's business):
 *   {"type":"header", rulesVersion, seed, mode, participants, arena, rounds, rules}
 *   {"type":"keyframe", round, tick, totalTicks, state}      before every tick with tick % keyframeEvery = 0
 *   {"type":"tick", round, tick, answers}                     one per tick: what the engine applied
 *   {"type":"results", results}                               once, at the end
 * answers[i] is [speed, bodyTurn, turretTurn, radarTurn, fire], {"skip": reason} or null (dead/disabled).
 */

export interface ReplayHeader {
  type: 'header';
  rulesVersion: number;
  seed: number;
  mode: Mode;
  participants: Array<{ name: string }>;
  arena: Arena;
  rounds: number;
  rules: RulesConfig;
}

export interface ReplayKeyframe {
  type: 'keyframe';
  round: number;
  tick: number;
  totalTicks: number;
  state: MatchSnapshot;
}

export interface ReplayTick {
  type: 'tick';
  round: number;
  tick: number;
  answers: AppliedAnswer[];
}

export interface ReplayResults {
  type: 'results';
  results: BattleResults;
}

export interface Replay {
  header: ReplayHeader;
  keyframes: ReplayKeyframe[];
  /** Index = total ticks played before it. */
  ticks: ReplayTick[];
  results?: BattleResults;
}

export class ReplayError extends Error {
  override name = 'ReplayError';
}

/** Feed it the match as it is played; it emits replay lines to `sink` or keeps them. */
export class ReplayRecorder {
  readonly lines: string[] = [];
  private readonly sink: ((line: string) => void) | undefined;

  constructor(sink?: (line: string) => void) {
    this.sink = sink;
  }

  /** Goes on recording after `lines` (a live battle taken over by another process, ADR 280). */
  static continuing(lines: readonly string[]): ReplayRecorder {
    const recorder = new ReplayRecorder();
    recorder.lines.push(...lines);
    return recorder;
  }

  private emit(obj: unknown): void {
    const line = JSON.stringify(obj);
    if (this.sink) this.sink(line);
    else this.lines.push(line);
  }

  start(match: Match): void {
    const header: ReplayHeader = {
      type: 'header',
      rulesVersion: match.rulesVersion,
      seed: match.seed,
      mode: match.mode,
      participants: match.participants.map((p) => ({ name: p.name })),
      arena: match.arena,
      rounds: match.rounds,
      rules: { ...match.rules },
    };
    this.emit(header);
  }

  /** Steps the match and records the tick (and a keyframe before it when one is due). */
  step(match: Match, answers: ReadonlyArray<Answer | null | undefined>): void {
    const { round, tick } = match;
    if (tick % match.rules.keyframeEvery === 0) {
      const state = match.snapshot();
      this.emit({
        type: 'keyframe',
        round,
        tick,
        totalTicks: state.totalTicks,
        state,
      } satisfies ReplayKeyframe);
    }
    match.step(answers);
    this.emit({ type: 'tick', round, tick, answers: match.lastApplied } satisfies ReplayTick);
  }

  finish(match: Match): void {
    this.emit({ type: 'results', results: match.results() } satisfies ReplayResults);
  }

  /** The replay so far as text (only without a sink). */
  text(): string {
    return this.lines.map((l) => l + '\n').join('');
  }
}

export function parseReplay(text: string): Replay {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let header: ReplayHeader | undefined;
  const keyframes: ReplayKeyframe[] = [];
  const ticks: ReplayTick[] = [];
  let results: BattleResults | undefined;
  lines.forEach((line, k) => {
    let obj: { type?: unknown };
    try {
      obj = JSON.parse(line) as { type?: unknown };
    } catch {
      throw new ReplayError(`line ${k + 1}: not JSON`);
    }
    if (k === 0) {
      if (obj.type !== 'header') throw new ReplayError('line 1: the header is missing');
      header = obj as ReplayHeader;
      if (!isRulesVersion(header.rulesVersion)) {
        throw new ReplayError(
          `rules version ${String(header.rulesVersion)} is not supported (this engine: ${RULES_VERSIONS.join(', ')})`,
        );
      }
      return;
    }
    switch (obj.type) {
      case 'keyframe':
        keyframes.push(obj as ReplayKeyframe);
        break;
      case 'tick':
        ticks.push(obj as ReplayTick);
        break;
      case 'results':
        results = (obj as ReplayResults).results;
        break;
      default:
        throw new ReplayError(`line ${k + 1}: unknown line type ${JSON.stringify(obj.type)}`);
    }
  });
  if (!header) throw new ReplayError('empty replay');
  return results ? { header, keyframes, ticks, results } : { header, keyframes, ticks };
}

function matchFromHeader(h: ReplayHeader): Match {
  const match = Match.create({
    seed: h.seed,
    participants: h.participants,
    rounds: h.rounds,
    mode: h.mode,
    rules: h.rules,
    rulesVersion: h.rulesVersion,
  });
  // The arena (obstacles under v2) follows from the seed; a header that disagrees was not recorded here.
  if (JSON.stringify(match.arena) !== JSON.stringify(h.arena)) {
    throw new ReplayError('the arena in the header differs from the one its rules lay out');
  }
  return match;
}

function applyTick(match: Match, line: ReplayTick): void {
  if (match.roundOver) match.startRound();
  if (line.round !== match.round || line.tick !== match.tick) {
    throw new ReplayError(
      `tick line ${line.round}/${line.tick} does not follow state ${match.round}/${match.tick}`,
    );
  }
  match.step(line.answers.map(decodeApplied));
}

/** What a re-play of recorded ticks shows its caller, as the live seats saw the battle. */
export interface ReplayHooks {
  /** A round began; its first recorded tick follows. */
  roundStarted?(match: Match): void;
  /** A recorded tick is about to be applied: the match as the seats observed it. */
  beforeTick?(match: Match): void;
}

/**
 * The match after every recorded tick of a replay that may be unfinished, re-played from its header
 * so that `hooks` see each round start and tick (ADR 280: a taken-over battle rebuilds its bots).
 */
export function replayToEnd(replay: Replay, hooks: ReplayHooks = {}): Match {
  const match = matchFromHeader(replay.header);
  for (const line of replay.ticks) {
    if (match.roundOver) {
      match.startRound();
      hooks.roundStarted?.(match);
    }
    hooks.beforeTick?.(match);
    applyTick(match, line);
  }
  return match;
}

/**
 * Plays the next recorded tick on a match obtained from seek() (viewers play forward this way).
 * Returns false, doing nothing, once the replay has no more ticks.
 */
export function stepReplay(match: Match, replay: Replay): boolean {
  const line = replay.ticks[match.totalTicks];
  if (!line) return false;
  applyTick(match, line);
  return true;
}

export interface ResimulateOptions {
  /** Called after every tick with the match in its new state. */
  onStep?: (match: Match) => void;
  /** Keep a snapshot after every tick (memory: ~1 KB per tick for a duel). */
  keepStates?: boolean;
}

export interface Resimulation {
  results: BattleResults;
  /** Snapshots after each tick when keepStates was asked for; states[k] = after k + 1 ticks. */
  states: MatchSnapshot[];
  keyframesVerified: number;
}

/**
 * Plays the recorded intents again from the header and checks every keyframe and the results
 * against what was recorded; any difference throws a ReplayError.
 */
export function resimulate(replay: Replay, opts: ResimulateOptions = {}): Resimulation {
  const match = matchFromHeader(replay.header);
  const keyframes = new Map(replay.keyframes.map((k) => [k.totalTicks, k]));
  const states: MatchSnapshot[] = [];
  let verified = 0;
  for (const line of replay.ticks) {
    if (match.roundOver) match.startRound();
    const kf = keyframes.get(match.totalTicks);
    if (kf) {
      if (JSON.stringify(match.snapshot()) !== JSON.stringify(kf.state)) {
        throw new ReplayError(`state differs from the keyframe at round ${kf.round} tick ${kf.tick}`);
      }
      verified++;
    }
    applyTick(match, line);
    opts.onStep?.(match);
    if (opts.keepStates) states.push(match.snapshot());
  }
  const results = match.results();
  if (replay.results && JSON.stringify(results) !== JSON.stringify(replay.results)) {
    throw new ReplayError('re-simulated results differ from the recorded results');
  }
  return { results, states, keyframesVerified: verified };
}

/**
 * The match as it was before the tick with index `totalTick` (counted over the whole battle; the
 * number of tick lines gives the final state). Starts from the nearest keyframe at or before it.
 */
export function seek(replay: Replay, totalTick: number): Match {
  if (!Number.isInteger(totalTick) || totalTick < 0 || totalTick > replay.ticks.length) {
    throw new RangeError(`tick ${totalTick} is outside 0…${replay.ticks.length}`);
  }
  let from: ReplayKeyframe | undefined;
  for (const k of replay.keyframes) {
    if (k.totalTicks <= totalTick && (!from || k.totalTicks > from.totalTicks)) from = k;
  }
  const match = from ? Match.fromSnapshot(from.state) : matchFromHeader(replay.header);
  for (let g = match.totalTicks; g < totalTick; g++) applyTick(match, replay.ticks[g]!);
  if (match.roundOver && !match.over && totalTick < replay.ticks.length) match.startRound();
  return match;
}
