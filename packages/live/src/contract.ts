/**
 * The seam between the live game-session engine (this package) and the battles service that
 * hosts it. The battles service owns persistence, REST, events and the WebSocket routes; this
 * package owns the real-time loop and the agent protocol `tanks/1` (schemas in contracts/ws).
 */
import type { BattleResults, Mode, RulesOverrides } from '@garrison/game';
import type { SeatLink } from './battle/seat.js';
import type { IntentMessage, ReadyMessage, ResumeMessage, ServerMessage } from './protocol/messages.js';

export type { SeatLink };
/** What an Agent sends about a battle (as opposed to hello, ping, pong). */
export type BattleMessage = ReadyMessage | ResumeMessage | IntentMessage;

/** A WebSocket as the hub needs it (the `ws` socket Fastify hands to a route fits). */
export interface AgentSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'close', listener: () => void): void;
}

/** Who plays a seat in a live battle. */
export type LiveSeat =
  | { kind: 'local'; userId: string; name: string }
  | { kind: 'hosted'; userId: string | null; name: string; compiledJs: string }
  | { kind: 'builtin'; name: string; builtin: string };

export interface LiveBattleSpec {
  battleId: string;
  seed: number;
  mode: Mode;
  rounds: number;
  rules?: RulesOverrides;
  /** Version of the game rules (1 default, 2 obstacles). */
  rulesVersion?: number;
  seats: LiveSeat[];
  /** Ticks per second; 10 in production, higher in tests. */
  tickRate?: number;
  /** How long a disconnected local agent may stay away before it forfeits (30 s default). */
  forfeitAfterMs?: number;
  /** A connected agent that sends no intent for this long is idled like a disconnected one (2 s). */
  idleAfterMs?: number;
  /** Intent deadline after a tick is sent, before the latency allowance (80 ms). */
  intentDeadlineMs?: number;
  /** Time bank per round for intents past their deadline (3 s). */
  timeBankMs?: number;
  /** How long the battle waits for connected agents to answer the offer with `ready` (10 s). */
  readyWithinMs?: number;
  /** Go on with a battle another process was playing (ADR 280): what it had recorded. */
  resume?: LiveProgress;
  /** After every tick and round end: the replay so far, for a checkpoint another process can resume. */
  onProgress?(progress: LiveProgress): void;
}

/** How far a live battle has come: its replay lines so far and the seats that forfeited. */
export interface LiveProgress {
  /** The engine's JSON lines (header, keyframes, ticks); the array grows as the battle goes on. */
  lines: readonly string[];
  forfeited: readonly number[];
}

/** What a spectator sees: sent as JSON text on /api/battles/{id}/live. */
export interface SpectatorFrame {
  type: 'frame' | 'round-end' | 'battle-end';
  battleId: string;
  round: number;
  tick: number;
  /** Engine snapshot of the tanks and bullets (MatchSnapshot of @garrison/game). */
  state?: unknown;
  results?: BattleResults;
}

export interface LiveBattleOutcome {
  /**
   * Final standings. When seats forfeited they are moved to the last places (the replay's own
   * results line is the engine's, so it re-simulates exactly).
   */
  results: BattleResults;
  /** JSON lines replay in the engine's format (gzip is the caller's business). */
  replay: string;
  /** Seat indexes that forfeited (silent or gone longer than forfeitAfterMs). */
  forfeited: number[];
  /** Debug log lines per seat, for the participant's own replay view. */
  debugLogs: unknown[][];
}

/** Optional hooks for metrics and benchmarks. */
export interface LiveObserver {
  /** A tick of a battle started `lateMs` after it was scheduled (timer and event-loop jitter). */
  tickStarted?(battleId: string, lateMs: number): void;
  /** A local seat's intent arrived `afterMs` after its tick was sent; `late` when it was dropped. */
  intentReceived?(battleId: string, seat: number, afterMs: number, late: boolean): void;
}

export interface AgentHubOptions {
  /** How often each agent is pinged to measure its round-trip time (2 s). */
  pingIntervalMs?: number;
  /** Longest message accepted from an agent, in characters (64 KiB). */
  maxMessageChars?: number;
  observer?: LiveObserver;
  /** An agent said hello (a battle it plays elsewhere may need taking over, ADR 280). */
  onAgentGreeted?(userId: string): void;
  /**
   * An agent's message about a battle this hub does not play: true when it was passed on to the
   * process that does (ADR 281); false answers the agent `unknown-battle`.
   */
  onElsewhere?(userId: string, message: BattleMessage): boolean;
  /** The user's agent connection closed (its seats played elsewhere go idle, ADR 281). */
  onAgentClosed?(userId: string): void;
}

/**
 * Holds the connected agents (one per user; a new connection of the same user replaces the old
 * one and resumes its seat) and runs live battles against them.
 */
export interface AgentHubApi {
  /** Hands an authenticated WebSocket (`/api/agent`) to the hub. */
  accept(socket: AgentSocket, userId: string): void;
  isOnline(userId: string): boolean;
  /** Whether this hub is playing the battle. */
  isPlaying(battleId: string): boolean;
  /**
   * An Agent connected to another process takes its user's seat in a battle played here, through
   * `link` (ADR 281): offered the battle, or given a snapshot when it accepted it before.
   */
  attachRemote(battleId: string, link: SeatLink): boolean;
  /** A message from such an Agent, passed on by the process holding its connection. */
  fromRemote(battleId: string, link: SeatLink, message: BattleMessage): void;
  /** That Agent's connection closed: its seat goes idle until it comes back. */
  detachRemote(battleId: string, link: SeatLink): void;
  /** Sends to the user's agent connected here; false when it is not. */
  sendToAgent(userId: string, message: ServerMessage): boolean;
  /** The smoothed round-trip time of the user's agent connected here (null: not here, or not measured yet). */
  rttOf(userId: string): number | null;
  /**
   * Plays a battle in real time. Local seats are offered the battle over their agent connection;
   * hosted/builtin seats run in the sandbox. Resolves when the battle ends; rejects with the
   * signal's reason when aborted (the agents are told `battle-end` with reason `cancelled`).
   */
  runBattle(
    spec: LiveBattleSpec,
    onFrame: (frame: SpectatorFrame) => void,
    signal?: AbortSignal,
  ): Promise<LiveBattleOutcome>;
  close(): Promise<void>;
}
