import type { RoundInfo, Tick } from '@garrison/bot-api';
import type { Answer, BattleResults } from '@garrison/game';
import type {
  BattleEndMessage,
  IntentMessage,
  NoticeCode,
  OfferMessage,
  SnapshotMessage,
  TickMessage,
} from '../protocol/messages.js';
import { DebugLines } from './debug-lines.js';
import type { Seat, SeatLink } from './seat.js';
import { intentDeadline, type LiveTimings } from './timings.js';

/** What a local seat needs from its battle. */
export interface LocalSeatContext {
  battleId: string;
  timings: LiveTimings;
  now(): number;
  offerFor(index: number): OfferMessage;
  snapshotFor(index: number): SnapshotMessage;
  /** A seat answered the offer (the battle may be waiting for everyone to be ready). */
  seatReady(): void;
  intentReceived(index: number, afterMs: number, late: boolean): void;
}

interface PendingTick {
  message: TickMessage;
  sentAt: number;
  deadlineAt: number;
  timer: NodeJS.Timeout;
  resolve(answer: Answer): void;
}

const IDLE: Answer = { intent: {} };
const LATE: Answer = { skipped: 'late: no intent within the deadline' };
const FORFEITED: Answer = { skipped: 'forfeited', disable: true };

/**
 * A seat played by the user's Agent over `/api/agent`. Each tick waits for the intent until the
 * deadline (80 ms + half the RTT, ≤ 100 ms), then draws on the round's time bank; nothing by
 * then → skipped (previous intent, fire cleared). Disconnected, or silent for idleAfterMs → idle
 * (the tank stands still, the loop does not wait); away for forfeitAfterMs → forfeit.
 */
export class LocalSeat implements Seat {
  private link: SeatLink | null = null;
  private ready = false;
  private lastHeardAt: number;
  private idle = false;
  private bankMs: number;
  private pending: PendingTick | null = null;
  private round = 0;
  private tickNo = 0;
  private isForfeited = false;
  /** The connection went away since the seat was last attached. */
  private disconnected = false;
  private readonly log = new DebugLines();

  constructor(
    readonly index: number,
    readonly name: string,
    readonly userId: string,
    private readonly ctx: LocalSeatContext,
  ) {
    this.lastHeardAt = ctx.now();
    this.bankMs = ctx.timings.timeBankMs;
  }

  get forfeited(): boolean {
    return this.isForfeited;
  }
  get isReady(): boolean {
    return this.ready && this.link !== null;
  }
  /** The agent has accepted the battle at some point (a reconnecting agent resumes, it is not offered again). */
  get accepted(): boolean {
    return this.ready;
  }
  get isConnected(): boolean {
    return this.link !== null;
  }

  /** The seat forfeited before the battle was taken over by this process (ADR 280). */
  forfeitEarlier(): void {
    this.isForfeited = true;
  }

  /** Offers the battle over this connection (at the start, or when the agent connects later). */
  offer(link: SeatLink): void {
    if (this.isForfeited) return;
    this.link = link;
    link.send(this.ctx.offerFor(this.index));
  }

  /** `ready` (answer to the offer) or `resume` (after a reconnect): the seat is played from `link`. */
  attach(link: SeatLink, how: 'ready' | 'resume', phase: 'preparing' | 'playing'): void {
    if (this.isForfeited) return;
    const wasAway = this.idle || this.disconnected;
    this.disconnected = false;
    this.link = link;
    this.ready = true;
    this.lastHeardAt = this.ctx.now();
    if (how === 'resume' || phase !== 'preparing') link.send(this.ctx.snapshotFor(this.index));
    if (how === 'resume' && wasAway) {
      this.system('resumed');
      this.notice('resumed', 'the seat is played from this connection again');
    }
    this.idle = false;
    this.ctx.seatReady();
  }

  /** The connection closed: the seat is idle from now on. */
  detach(link: SeatLink): void {
    if (this.link !== link) return;
    this.link = null;
    this.disconnected = true;
    this.system('agent disconnected');
    this.settle(IDLE);
  }

  receiveIntent(link: SeatLink, message: IntentMessage): void {
    if (this.isForfeited) return;
    const now = this.ctx.now();
    this.lastHeardAt = now;
    if (this.link !== link) this.link = link;
    const pending = this.pending;
    if (!pending || pending.message.round !== message.round || pending.message.tick !== message.tick) {
      const late = this.round === message.round && message.tick <= this.tickNo;
      if (late) {
        this.ctx.intentReceived(this.index, NaN, true);
        this.notice(
          'late-intent',
          `the intent for round ${message.round} tick ${message.tick} arrived after its deadline; the previous intent was reused (fire cleared)`,
          message.round,
          message.tick,
        );
      }
      return;
    }
    const overrun = now - pending.deadlineAt;
    if (overrun > 0) this.bankMs = Math.max(0, this.bankMs - overrun);
    this.ctx.intentReceived(this.index, now - pending.sentAt, false);
    if (message.intent?.debug !== undefined)
      this.log.add(message.round, message.tick, 'debug', message.intent.debug);
    this.settle(
      message.skipped !== undefined ? { skipped: message.skipped } : { intent: message.intent ?? {} },
    );
  }

  roundStart(info: RoundInfo): void {
    // An active agent is not silent for having waited: for the others to get ready, or through
    // the rest of a round its tank did not live to see. An idle or disconnected one stays away.
    if (this.link && this.ready && !this.idle) this.lastHeardAt = this.ctx.now();
    this.round = info.round;
    this.tickNo = 0;
    this.bankMs = this.ctx.timings.timeBankMs;
    if (this.link && this.ready) this.link.send({ type: 'round-start', battleId: this.ctx.battleId, info });
  }

  tick(tick: Tick): Answer | Promise<Answer> {
    this.tickNo = tick.tick;
    if (this.isForfeited) return FORFEITED;
    const { timings } = this.ctx;
    const now = this.ctx.now();
    const away = now - this.lastHeardAt;
    if (!this.link || !this.ready || away >= timings.idleAfterMs) {
      if (away >= timings.forfeitAfterMs) return this.forfeit(away);
      if (!this.idle) {
        this.idle = true;
        this.system(this.link ? 'idle: no intent from the agent' : 'idle: no agent connected');
        this.notice(
          'idle',
          `the seat is idle; it forfeits after ${Math.round(timings.forfeitAfterMs / 1000)} s away`,
        );
      }
      // A silent agent still gets the tick: an answer (even a late one) brings it back.
      if (this.link && this.ready) this.link.send(this.tickMessage(tick, 0));
      return IDLE;
    }
    this.idle = false;
    const link = this.link;
    const deadline = intentDeadline(timings, link.rttMs);
    const message = this.tickMessage(tick, deadline);
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => this.expire(), deadline + this.bankMs);
      this.pending = { message, sentAt: now, deadlineAt: now + deadline, timer, resolve };
      link.send(message);
    });
  }

  roundEnd(round: number, standings: BattleResults): void {
    this.link?.send({ type: 'round-end', battleId: this.ctx.battleId, round, standings });
  }

  battleEnd(message: BattleEndMessage): void {
    this.link?.send(message);
  }

  cancel(): void {
    this.settle(IDLE);
  }

  /** The tick waiting for this seat's intent (for a snapshot). */
  pendingTick(): TickMessage | null {
    if (!this.pending) return null;
    const left = Math.max(0, this.pending.deadlineAt - this.ctx.now());
    return { ...this.pending.message, deadlineMs: left, bankMs: this.bankMs };
  }

  debugLog(): unknown[] {
    return this.log.snapshot();
  }

  dispose(): void {
    this.settle(IDLE);
  }

  private tickMessage(tick: Tick, deadlineMs: number): TickMessage {
    return { type: 'tick', battleId: this.ctx.battleId, ...tick, deadlineMs, bankMs: this.bankMs };
  }

  private expire(): void {
    const pending = this.pending;
    if (!pending) return;
    this.bankMs = Math.max(0, this.bankMs - Math.max(0, this.ctx.now() - pending.deadlineAt));
    this.system(`no intent for tick ${pending.message.tick} within the deadline`);
    this.settle(LATE);
  }

  private settle(answer: Answer): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(answer);
  }

  private forfeit(awayMs: number): Answer {
    this.isForfeited = true;
    const text = `forfeited: away for ${Math.round(awayMs / 1000)} s`;
    this.system(text);
    this.notice('forfeited', text);
    return FORFEITED;
  }

  private notice(code: NoticeCode, message: string, round?: number, tick?: number): void {
    this.link?.send({
      type: 'notice',
      battleId: this.ctx.battleId,
      code,
      message,
      ...(round !== undefined ? { round } : {}),
      ...(tick !== undefined ? { tick } : {}),
    });
  }

  private system(text: string): void {
    this.log.add(this.round, this.tickNo, 'system', text);
  }
}
