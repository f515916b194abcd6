import { Match, parseReplay, ReplayRecorder, replayToEnd, type Answer } from '@garrison/game';
import type {
  LiveBattleOutcome,
  LiveBattleSpec,
  LiveObserver,
  LiveProgress,
  SpectatorFrame,
} from '../contract.js';
import type {
  BattleEndMessage,
  BattleEndReason,
  OfferMessage,
  SnapshotMessage,
} from '../protocol/messages.js';
import { HostedSeat } from './hosted-seat.js';
import { LocalSeat } from './local-seat.js';
import { withForfeitsLast } from './results.js';
import type { Seat, SeatLink } from './seat.js';
import { resolveTimings, type LiveTimings } from './timings.js';

export type BattlePhase = 'preparing' | 'playing' | 'between-rounds' | 'over';

export interface LiveBattleDeps {
  /** The user's agent connection once it has said hello, else null. */
  linkOf(userId: string): SeatLink | null;
  observer?: LiveObserver;
  /** When the first tick may start (a phase shared with few other battles) and how to give it back. */
  firstTick?(periodMs: number): { at: number; release: () => void };
}

const now = (): number => performance.now();

/**
 * Abort reason for a battle that goes on in another process (ADR 280): its Agents are not told it
 * ended; they reconnect and take their seats again where it is played next.
 */
export class BattleMoved extends Error {}

/**
 * One battle in real time: a tick every 1/tickRate s, each tick waiting for the local seats'
 * intents (their deadlines) while hosted seats answer at once; replay recorded as it is played,
 * a spectator frame after every tick.
 */
export class LiveBattle {
  readonly battleId: string;
  readonly timings: LiveTimings;
  private phase: BattlePhase = 'preparing';
  private match: Match;
  private recorder = new ReplayRecorder();
  private readonly local = new Map<string, LocalSeat>();
  private seats: Seat[] = [];
  private readonly abort = new AbortController();
  private wakeUp: (() => void) | null = null;
  private awaitingReady = false;

  constructor(
    private readonly spec: LiveBattleSpec,
    private readonly deps: LiveBattleDeps,
    private readonly onFrame: (frame: SpectatorFrame) => void,
  ) {
    this.battleId = spec.battleId;
    this.timings = resolveTimings(spec);
    this.match = Match.create({
      seed: spec.seed,
      mode: spec.mode,
      rounds: spec.rounds,
      participants: spec.seats.map((s) => ({ name: s.name })),
      ...(spec.rules ? { rules: spec.rules } : {}),
      ...(spec.rulesVersion !== undefined ? { rulesVersion: spec.rulesVersion } : {}),
    });
    spec.seats.forEach((seat, index) => {
      if (seat.kind !== 'local') return;
      if (this.local.has(seat.userId))
        throw new RangeError(`user ${seat.userId} has two local seats in one battle`);
      this.local.set(seat.userId, new LocalSeat(index, seat.name, seat.userId, this.seatContext()));
    });
  }

  get currentPhase(): BattlePhase {
    return this.phase;
  }

  localSeatOf(userId: string): LocalSeat | undefined {
    return this.local.get(userId);
  }

  /** Stops the battle; run() then rejects with `reason`. */
  cancel(reason: unknown): void {
    if (this.abort.signal.aborted) return;
    this.abort.abort(reason);
    for (const seat of this.seats) seat.cancel();
    this.wakeUp?.();
  }

  /** The user's agent said hello: offer it the battle unless it accepted it before (then it resumes). */
  agentArrived(userId: string, link: SeatLink): void {
    const seat = this.local.get(userId);
    if (seat && !seat.accepted && this.phase !== 'over') seat.offer(link);
  }

  async run(): Promise<LiveBattleOutcome> {
    const { spec, match } = this;
    this.seats = await Promise.all(
      spec.seats.map((seat, index) =>
        seat.kind === 'local'
          ? Promise.resolve(this.local.get(seat.userId)!)
          : HostedSeat.start(index, seat, spec.seed),
      ),
    );
    try {
      if (spec.resume) this.restore(spec.resume);
      else this.recorder.start(match);
      for (const [userId, seat] of this.local) {
        const link = this.deps.linkOf(userId);
        if (link) seat.offer(link);
      }
      await this.allReady();
      const reason = await this.play();
      return this.finish(reason);
    } finally {
      this.phase = 'over';
      for (const seat of this.seats) seat.dispose();
    }
  }

  private async play(): Promise<BattleEndReason> {
    const slot = this.deps.firstTick?.(this.timings.periodMs);
    try {
      return await this.playRounds(slot?.at ?? now(), this.abort.signal);
    } finally {
      slot?.release();
    }
  }

  private async playRounds(first: number, signal: AbortSignal): Promise<BattleEndReason> {
    const { match, timings, seats } = this;
    let next = first;
    while (!match.over) {
      // A battle resumed in the middle of a round goes on with that round.
      if (match.roundOver) {
        match.startRound();
        this.phase = 'playing';
        seats.forEach((seat, i) => seat.roundStart(match.roundInfo(i)));
      }
      while (!match.roundOver) {
        await this.sleepUntil(next);
        if (signal.aborted) return 'cancelled';
        this.deps.observer?.tickStarted?.(this.battleId, now() - next);
        const answers = await Promise.all(
          seats.map((seat, i): Answer | null | Promise<Answer> =>
            match.isActive(i) ? seat.tick(match.observe(i)) : null,
          ),
        );
        if (signal.aborted) return 'cancelled';
        this.recorder.step(match, answers);
        this.onFrame({
          type: 'frame',
          battleId: this.battleId,
          round: match.round,
          tick: match.tick,
          state: match.snapshot(),
        });
        this.reportProgress();
        if (seats.filter((s) => !s.forfeited).length < 2) return 'forfeit';
        next = Math.max(next + timings.periodMs, now());
      }
      this.phase = 'between-rounds';
      const standings = match.results();
      for (const seat of seats) seat.roundEnd(match.round, standings);
      this.onFrame({
        type: 'round-end',
        battleId: this.battleId,
        round: match.round,
        tick: match.tick,
        results: standings,
      });
      this.reportProgress();
    }
    return 'finished';
  }

  private finish(reason: BattleEndReason): LiveBattleOutcome {
    const { match, seats } = this;
    if (reason !== 'cancelled') this.recorder.finish(match);
    const forfeited = this.forfeitedSeats();
    const results = withForfeitsLast(match.results(), forfeited);
    const end: BattleEndMessage = { type: 'battle-end', battleId: this.battleId, reason, results, forfeited };
    const moved = reason === 'cancelled' && this.abort.signal.reason instanceof BattleMoved;
    if (!moved) for (const seat of seats) seat.battleEnd(end);
    this.phase = 'over';
    if (reason === 'cancelled') throw this.abort.signal.reason;
    this.onFrame({
      type: 'battle-end',
      battleId: this.battleId,
      round: match.round,
      tick: match.tick,
      results,
    });
    return { results, replay: this.recorder.text(), forfeited, debugLogs: seats.map((s) => s.debugLog()) };
  }

  /** Waits until every connected local seat is ready, or readyWithinMs. */
  private async allReady(): Promise<void> {
    const until = now() + this.timings.readyWithinMs;
    const waiting = (): boolean => [...this.local.values()].some((s) => s.isConnected && !s.isReady);
    this.awaitingReady = true;
    try {
      while (waiting() && now() < until && !this.abort.signal.aborted) await this.sleepUntil(until);
    } finally {
      this.awaitingReady = false;
    }
  }

  /**
   * Picks up where another process left the battle (ADR 280): the recorded ticks are played again
   * from the header, the hosted bots observing each one as they did (their memory is rebuilt; their
   * answers are the recorded ones), and recording goes on after the last recorded line.
   */
  private restore(resume: LiveProgress): void {
    const header = new ReplayRecorder();
    header.start(this.match);
    if (resume.lines.length === 0) {
      this.recorder = header; // it stopped before its first checkpoint: begin afresh
      return;
    }
    if (resume.lines[0] !== header.lines[0])
      throw new Error(`battle ${this.battleId}: the recorded replay is of another battle`);
    const { seats } = this;
    this.match = replayToEnd(parseReplay(resume.lines.join('\n')), {
      roundStarted: (match) => seats.forEach((seat, i) => seat.roundStart(match.roundInfo(i))),
      beforeTick: (match) =>
        seats.forEach((seat, i) => {
          if (seat instanceof HostedSeat && match.isActive(i)) seat.tick(match.observe(i));
        }),
    });
    this.recorder = ReplayRecorder.continuing(resume.lines);
    for (const seat of this.local.values()) if (resume.forfeited.includes(seat.index)) seat.forfeitEarlier();
    this.phase = this.match.roundOver ? 'between-rounds' : 'playing';
  }

  private reportProgress(): void {
    this.spec.onProgress?.({ lines: this.recorder.lines, forfeited: this.forfeitedSeats() });
  }

  private forfeitedSeats(): number[] {
    return this.seats.filter((s) => s.forfeited).map((s) => s.index);
  }

  /** Sleeps until `at` (performance.now() time); cancel() and seatReady() wake it early. */
  private sleepUntil(at: number): Promise<void> {
    const delay = at - now();
    if (delay <= 0 || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wakeUp = done;
    });
  }

  private seatContext() {
    return {
      battleId: this.spec.battleId,
      timings: this.timings,
      now,
      offerFor: (index: number) => this.offerFor(index),
      snapshotFor: (index: number) => this.snapshotFor(index),
      seatReady: () => {
        if (this.awaitingReady) this.wakeUp?.();
      },
      intentReceived: (index: number, afterMs: number, late: boolean) =>
        this.deps.observer?.intentReceived?.(this.battleId, index, afterMs, late),
    };
  }

  private offerFor(index: number): OfferMessage {
    const { match, spec, timings } = this;
    return {
      type: 'offer',
      battleId: this.battleId,
      seat: index,
      mode: match.mode,
      rounds: match.rounds,
      rulesVersion: match.rulesVersion,
      arena: match.arena,
      participants: spec.seats.map((s) => ({ name: s.name, local: s.kind === 'local' })),
      tickRate: timings.tickRate,
      deadlineMs: timings.deadlineMs,
      timeBankMs: timings.timeBankMs,
      forfeitAfterMs: timings.forfeitAfterMs,
      readyWithinMs: timings.readyWithinMs,
    };
  }

  private snapshotFor(index: number): SnapshotMessage {
    const { match } = this;
    const playing = this.phase === 'playing';
    const seat = [...this.local.values()].find((s) => s.index === index);
    return {
      type: 'snapshot',
      battleId: this.battleId,
      offer: this.offerFor(index),
      phase: this.phase === 'over' ? 'between-rounds' : this.phase,
      roundInfo: playing ? match.roundInfo(index) : null,
      tick: playing ? (seat?.pendingTick() ?? null) : null,
      standings: match.results(),
    };
  }
}
