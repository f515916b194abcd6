import type { AgentSocket } from '../contract.js';
import type { SeatLink } from '../battle/seat.js';
import {
  PROTOCOL,
  type AgentMessage,
  type ErrorCode,
  type IntentMessage,
  type ReadyMessage,
  type ResumeMessage,
  type ServerMessage,
  type WelcomeMessage,
} from '../protocol/messages.js';
import type { MessageValidator } from '../protocol/schemas.js';

/** What a connection asks of the hub. */
export interface ConnectionHost {
  readonly validator: MessageValidator;
  readonly pingIntervalMs: number;
  readonly maxMessageChars: number;
  welcomeBattles(userId: string): WelcomeMessage['battles'];
  greeted(connection: AgentConnection): void;
  /** Routes a battle message; false when the user has no seat in that battle. */
  route(connection: AgentConnection, message: ReadyMessage | ResumeMessage | IntentMessage): boolean;
  closed(connection: AgentConnection): void;
}

/** WebSocket close codes the hub uses (4000–4999 are free for applications). */
export const CLOSE_CODES = {
  unsupportedProtocol: 4002,
  replaced: 4001,
  tooLarge: 1009,
  shutdown: 1001,
} as const;

const RTT_SMOOTHING = 0.3;

function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return String(data);
}

/** One agent's WebSocket: handshake, validation, ping/pong RTT, routing to battles. */
export class AgentConnection implements SeatLink {
  private state: 'greeting' | 'open' | 'closed' = 'greeting';
  private rtt: number | null = null;
  private pingTimer: NodeJS.Timeout | undefined;
  private nextPingId = 1;
  private readonly pings = new Map<number, number>();

  constructor(
    private readonly socket: AgentSocket,
    readonly userId: string,
    private readonly host: ConnectionHost,
  ) {
    socket.on('message', (data) => this.receive(textOf(data)));
    socket.on('close', () => this.closed());
  }

  get rttMs(): number | null {
    return this.rtt;
  }
  get isOpen(): boolean {
    return this.state === 'open';
  }

  send(message: ServerMessage): void {
    if (this.state === 'closed') return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      // A socket that is going away; its close event follows.
    }
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    try {
      this.socket.close(code, reason);
    } finally {
      this.closed();
    }
  }

  private error(code: ErrorCode, message: string, battleId?: string): void {
    this.send({ type: 'error', code, message, ...(battleId !== undefined ? { battleId } : {}) });
  }

  private receive(text: string): void {
    if (this.state === 'closed') return;
    if (text.length > this.host.maxMessageChars) {
      this.error('too-large', `messages are limited to ${this.host.maxMessageChars} characters`);
      this.close(CLOSE_CODES.tooLarge, 'message too large');
      return;
    }
    const checked = this.host.validator.parse<AgentMessage>(text);
    if (!checked.ok) return this.error(checked.code, checked.reason);
    const message = checked.message;
    if (this.state === 'greeting' && message.type !== 'hello') {
      return this.error('hello-first', 'the first message must be hello {"protocol": "tanks/1"}');
    }
    switch (message.type) {
      case 'hello':
        return this.hello(message.protocol);
      case 'ping':
        return this.send({
          type: 'pong',
          id: message.id,
          ...(message.sentAt !== undefined ? { sentAt: message.sentAt } : {}),
        });
      case 'pong':
        return this.pong(message.id);
      case 'ready':
      case 'resume':
      case 'intent':
        if (!this.host.route(this, message)) {
          this.error('unknown-battle', `you have no seat in battle ${message.battleId}`, message.battleId);
        }
        return;
    }
  }

  private hello(protocol: string): void {
    if (protocol !== PROTOCOL) {
      this.error('unsupported-protocol', `this server speaks ${PROTOCOL}, not ${protocol}`);
      this.close(CLOSE_CODES.unsupportedProtocol, 'unsupported protocol');
      return;
    }
    if (this.state === 'open') return; // a repeated hello changes nothing
    this.state = 'open';
    this.send({
      type: 'welcome',
      protocol: PROTOCOL,
      userId: this.userId,
      pingIntervalMs: this.host.pingIntervalMs,
      battles: this.host.welcomeBattles(this.userId),
    });
    this.ping();
    this.pingTimer = setInterval(() => this.ping(), this.host.pingIntervalMs);
    this.pingTimer.unref();
    this.host.greeted(this);
  }

  private ping(): void {
    const id = this.nextPingId++;
    this.pings.set(id, performance.now());
    // Unanswered pings of a silent agent must not pile up.
    if (this.pings.size > 8) this.pings.delete(this.pings.keys().next().value!);
    this.send({ type: 'ping', id, rttMs: this.rtt });
  }

  private pong(id: number | string): void {
    const sentAt = typeof id === 'number' ? this.pings.get(id) : undefined;
    if (sentAt === undefined) return;
    this.pings.delete(id as number);
    const sample = performance.now() - sentAt;
    this.rtt = this.rtt === null ? sample : this.rtt + RTT_SMOOTHING * (sample - this.rtt);
  }

  private closed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.pingTimer);
    this.host.closed(this);
  }
}
