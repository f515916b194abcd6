// Random access into a replay for the player: the engine states on both sides of any playback
// position. Playing forward steps the shared engine one recorded tick at a time; a jump (seek bar,
// rewind) restarts from the nearest keyframe, so a seek costs at most `keyframeEvery` ticks.
import { seek, stepReplay, type Match, type MatchSnapshot, type Replay } from '@garrison/game';
import { effectsBetween, type Effect } from './frame';

export interface Bracket {
  /** The state after `tick` ticks. */
  before: MatchSnapshot;
  /** The state one tick later; null at the end. */
  after: MatchSnapshot | null;
  /** How far between the two the position is, 0…1. */
  alpha: number;
}

export interface RoundMark {
  round: number;
  /** Ticks over the whole battle before the round's first tick. */
  startsAt: number;
}

export class ReplayTimeline {
  /** Number of tick lines: positions run 0…length. */
  readonly length: number;
  readonly rounds: RoundMark[];
  /** How many times the timeline restarted from a keyframe (tests check playback never does). */
  jumps = 0;

  private match: Match | null = null;
  private cursor = -1;
  private current: MatchSnapshot | null = null;
  private next: MatchSnapshot | null = null;
  private effects: Effect[] = [];
  private jumped = false;

  constructor(
    readonly replay: Replay,
    /** Forward moves up to this many ticks are stepped; longer ones jump. */
    private readonly stepLimit = replay.header.rules.keyframeEvery,
  ) {
    this.length = replay.ticks.length;
    this.rounds = roundMarks(replay);
  }

  /** The states around a (fractional) position in ticks. */
  bracket(position: number): Bracket {
    const clamped = Math.min(this.length, Math.max(0, position));
    const tick = Math.floor(clamped);
    this.moveTo(tick);
    return { before: this.current!, after: this.next, alpha: clamped - tick };
  }

  /**
   * The effects of every tick entered by playing forward since the last call, and whether the
   * timeline jumped or began a new round meanwhile (effects on screen from before belong elsewhere).
   */
  takeEffects(): { effects: Effect[]; jumped: boolean } {
    const taken = { effects: this.effects, jumped: this.jumped };
    this.effects = [];
    this.jumped = false;
    return taken;
  }

  private moveTo(tick: number): void {
    if (tick === this.cursor) return;
    if (this.cursor >= 0 && tick > this.cursor && tick - this.cursor <= this.stepLimit) {
      while (this.cursor < tick) this.stepForward();
    } else {
      this.jumpTo(tick);
    }
  }

  private jumpTo(tick: number): void {
    this.jumps += 1;
    this.match = seek(this.replay, tick);
    this.current = this.match.snapshot();
    this.next = stepReplay(this.match, this.replay) ? this.match.snapshot() : null;
    this.cursor = tick;
    this.effects = [];
    this.jumped = true;
    this.collectEffects();
  }

  private stepForward(): void {
    // A new round starts on a fresh field: effects of the last one must not linger over it.
    if (this.next && this.current && this.next.round !== this.current.round) this.jumped = true;
    this.current = this.next;
    this.next = stepReplay(this.match!, this.replay) ? this.match!.snapshot() : null;
    this.cursor += 1;
    this.collectEffects();
  }

  /** Effects show from the moment the tick that causes them starts to play. */
  private collectEffects(): void {
    if (this.current && this.next) this.effects.push(...effectsBetween(this.current, this.next));
  }
}

/** Where each round starts, from the tick lines (a round's first line has tick 0). */
export function roundMarks(replay: Replay): RoundMark[] {
  const marks: RoundMark[] = [];
  replay.ticks.forEach((line, index) => {
    if (line.tick === 0) marks.push({ round: line.round, startsAt: index });
  });
  return marks;
}

/** The round playing at a position (1-based), from the round marks. */
export function roundAt(marks: RoundMark[], position: number): number {
  let round = marks[0]?.round ?? 1;
  for (const mark of marks) if (mark.startsAt <= position) round = mark.round;
  return round;
}
