import WebSocket from 'ws';
import { MessageValidator } from '../src/protocol/schemas.js';
import type { ServerMessage, TickMessage } from '../src/protocol/messages.js';

const serverMessages = new MessageValidator('server');

/**
 * A scripted agent for the tests: a real WebSocket client that checks every message it gets
 * against contracts/ws and answers ticks through `onTick` (undefined = stay silent).
 */
export class TestAgent {
  readonly received: ServerMessage[] = [];
  readonly invalid: string[] = [];
  private readonly waiters: Array<{
    test: (m: ServerMessage) => boolean;
    resolve: (m: ServerMessage) => void;
  }> = [];
  private closedWith: { code: number; reason: string } | undefined;
  onTick: ((tick: TickMessage) => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const checked = serverMessages.parse<ServerMessage>(data.toString('utf8'));
      if (!checked.ok) {
        this.invalid.push(checked.reason);
        return;
      }
      const message = checked.message;
      this.received.push(message);
      if (message.type === 'ping') this.send({ type: 'pong', id: message.id });
      if (message.type === 'tick') this.onTick?.(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.test(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    ws.on('close', (code, reason) => (this.closedWith = { code, reason: reason.toString() }));
  }

  static async connect(url: string, token: string): Promise<TestAgent> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/agent`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestAgent(ws);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or coming) that passes `test`. */
  next<T extends ServerMessage['type']>(
    type: T,
    test: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    after = 0,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const matches = (m: ServerMessage): boolean =>
      m.type === type && test(m as Extract<ServerMessage, { type: T }>);
    const seen = this.received.slice(after).find(matches);
    if (seen) return Promise.resolve(seen as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve) =>
      this.waiters.push({ test: matches, resolve: resolve as (m: ServerMessage) => void }),
    );
  }

  all<T extends ServerMessage['type']>(type: T): Array<Extract<ServerMessage, { type: T }>> {
    return this.received.filter((m) => m.type === type) as Array<Extract<ServerMessage, { type: T }>>;
  }

  async closed(): Promise<{ code: number; reason: string }> {
    while (!this.closedWith) await new Promise((r) => setTimeout(r, 10));
    return this.closedWith;
  }

  kill(): void {
    this.ws.terminate();
  }
}
