import { PROTOCOL, type ServerMessage, type SnapshotMessage, type TickMessage } from '@garrison/live';
import type { BattleBot } from '@garrison/sandbox';
import WebSocket from 'ws';
import { webSocketUrl } from './api.js';
import { BattleSession } from './battle-session.js';
import type { StatusLine } from './status-line.js';

export interface PlayOptions {
  url: string;
  /** Called before every connection attempt: a fresh access token. */
  token: () => Promise<string>;
  bot: BattleBot;
  out: StatusLine;
  /** Stop after the first battle that ends (tests, scripts). */
  once?: boolean;
  signal?: AbortSignal;
}

const AGENT_NAME = 'garrison-agent/0.1.0';
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000];
/** Close codes after which reconnecting cannot help (or would fight another agent of the user). */
const FATAL_CLOSE = new Map([
  [4001, 'another agent of this user connected and took over'],
  [4002, 'the server does not speak tanks/1'],
]);

/**
 * `play`: holds a connection to /api/agent, plays every battle it is offered with the bot, and
 * reconnects (resuming its battles) when the connection drops. Resolves with the exit code.
 */
export class PlayClient {
  private readonly sessions = new Map<string, BattleSession>();
  /** Battles that ended here: intents still in flight for them are refused, which is expected. */
  private readonly ended = new Set<string>();
  private ws: WebSocket | undefined;
  private attempt = 0;
  private rttMs: number | null = null;
  private finish: ((code: number) => void) | undefined;
  private stopping = false;

  constructor(private readonly options: PlayOptions) {}

  run(): Promise<number> {
    return new Promise((resolve) => {
      this.finish = (code) => {
        this.stopping = true;
        this.ws?.close(1000, 'agent stopping');
        void Promise.all([...this.sessions.values()].map((s) => s.dispose())).then(() => resolve(code));
      };
      this.options.signal?.addEventListener('abort', () => this.finish?.(130), { once: true });
      void this.connect();
    });
  }

  private async connect(): Promise<void> {
    if (this.stopping) return;
    let token: string;
    try {
      token = await this.options.token();
    } catch (error) {
      this.options.out.line(`cannot connect: ${(error as Error).message}`);
      return this.finish?.(1);
    }
    const ws = new WebSocket(webSocketUrl(this.options.url, '/api/agent'), {
      headers: { authorization: `Bearer ${token}` },
    });
    this.ws = ws;
    ws.on('open', () => {
      this.attempt = 0;
      this.send({ type: 'hello', protocol: PROTOCOL, agent: AGENT_NAME, bot: this.options.bot.name });
    });
    ws.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    ws.on('unexpected-response', (_req, res) => {
      this.options.out.line(`the server refused the connection: HTTP ${res.statusCode}`);
      if (res.statusCode === 401 || res.statusCode === 403) this.finish?.(1);
      ws.terminate();
    });
    ws.on('error', () => {}); // 'close' follows and decides
    ws.on('close', (code) => this.closed(ws, code));
  }

  private closed(ws: WebSocket, code: number): void {
    if (this.ws !== ws || this.stopping) return;
    const fatal = FATAL_CLOSE.get(code);
    if (fatal) {
      this.options.out.line(`disconnected: ${fatal}`);
      return this.finish?.(1);
    }
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    this.options.out.line(`connection lost (${code}); reconnecting in ${delay} ms`);
    setTimeout(() => void this.connect(), delay);
  }

  private send(message: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    const { out } = this.options;
    switch (message.type) {
      case 'welcome':
        out.line(`connected to ${this.options.url} as ${message.userId}; waiting for battles`);
        // Battles this user plays already: take the seat back.
        for (const battle of message.battles) this.send({ type: 'resume', battleId: battle.battleId });
        return;
      case 'ping':
        this.send({ type: 'pong', id: message.id });
        if (typeof message.rttMs === 'number') this.rttMs = message.rttMs;
        return;
      case 'offer': {
        const known = this.sessions.has(message.battleId);
        const session = this.session(message);
        // Offered again: another server took the battle over (ADR 280), or it was offered before the reconnect.
        if (known) out.line(`battle ${message.battleId}: offered again; the bot plays on where it was`);
        else
          out.line(
            `battle ${message.battleId}: offered (seat ${message.seat}, ${message.mode}, ${message.rounds} rounds, ` +
              `vs ${message.participants
                .filter((_, i) => i !== message.seat)
                .map((p) => p.name)
                .join(', ')})`,
          );
        void session.loaded.then((error) => {
          if (error) out.line(`battle ${message.battleId}: the bot did not start: ${error}`);
          this.send({ type: 'ready', battleId: message.battleId, bot: this.options.bot.name });
        });
        return;
      }
      case 'snapshot':
        return this.resumed(message);
      case 'round-start': {
        const session = this.sessions.get(message.battleId);
        session?.enqueue(() => session.startRound(message.info));
        return;
      }
      case 'tick':
        return this.tick(message);
      case 'round-end': {
        const me = this.sessions.get(message.battleId)?.offer.seat;
        const place = message.standings.places.find((p) => p.index === me);
        out.line(
          `battle ${message.battleId}: round ${message.round} over; standing ${place?.place ?? '?'}, score ${place?.score.toFixed(1) ?? '?'}`,
        );
        return;
      }
      case 'battle-end':
        return this.battleEnded(message.battleId, message);
      case 'notice': {
        const session = this.sessions.get(message.battleId);
        if (message.code === 'late-intent' && session) session.late++;
        else out.line(`battle ${message.battleId}: ${message.code}: ${message.message}`);
        return;
      }
      case 'error':
        if (message.code === 'unknown-battle' && message.battleId && this.ended.has(message.battleId)) return;
        out.line(`server: ${message.code}: ${message.message}`);
        return;
      default:
        return; // welcome to newer message types: ignored
    }
  }

  private session(offer: SnapshotMessage['offer']): BattleSession {
    let session = this.sessions.get(offer.battleId);
    if (!session) {
      session = new BattleSession(offer, this.options.bot);
      this.sessions.set(offer.battleId, session);
    }
    return session;
  }

  private resumed(message: SnapshotMessage): void {
    const existing = this.sessions.has(message.battleId);
    const session = this.session(message.offer);
    const at = message.roundInfo
      ? `round ${message.roundInfo.round}${message.tick ? ` tick ${message.tick.tick}` : ''}`
      : message.phase;
    this.options.out.line(
      `battle ${message.battleId}: resumed at ${at}${existing ? '' : ' (bot loaded afresh)'}`,
    );
    session.enqueue(() => {
      if (message.roundInfo && session.round !== message.roundInfo.round)
        session.startRound(message.roundInfo);
    });
    if (message.tick) this.tick(message.tick);
  }

  private tick(message: TickMessage): void {
    const session = this.sessions.get(message.battleId);
    if (!session) return;
    session.enqueue(async () => {
      const answer = await session.answer(message);
      const base = { type: 'intent', battleId: message.battleId, round: message.round, tick: message.tick };
      this.send(
        'intent' in answer ? { ...base, intent: answer.intent } : { ...base, skipped: answer.skipped },
      );
      this.showStatus(session);
    });
  }

  private showStatus(session: BattleSession): void {
    const { offer } = session;
    this.options.out.status(
      `battle ${offer.battleId.slice(0, 8)} · round ${session.round}/${offer.rounds} · tick ${session.tick} · ` +
        `energy ${session.energy.toFixed(1)} · opponents ${session.opponentsAlive} · ` +
        `rtt ${this.rttMs === null ? '?' : this.rttMs.toFixed(0)} ms · late ${session.late}`,
    );
  }

  private battleEnded(battleId: string, message: Extract<ServerMessage, { type: 'battle-end' }>): void {
    this.ended.add(battleId);
    const session = this.sessions.get(battleId);
    this.sessions.delete(battleId);
    void session?.dispose();
    const seat = session?.offer.seat;
    const mine = message.results.places.find((p) => p.index === seat);
    this.options.out.clear();
    this.options.out.line(
      `battle ${battleId}: ${message.reason}; place ${mine?.place ?? '?'} of ${message.results.places.length}, ` +
        `score ${mine?.score.toFixed(1) ?? '?'}` +
        (message.forfeited.length ? `; forfeited: seat ${message.forfeited.join(', ')}` : ''),
    );
    if (this.options.once) this.finish?.(0);
  }
}
