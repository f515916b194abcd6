// The browser as a live agent (protocol tanks/1, contracts/ws): it takes the player's local seat in
// one battle and answers every tick with what the keyboard holds at that moment.
import type { Intent } from '@garrison/game';

export const PROTOCOL = 'tanks/1';

export type AgentStatus = 'connecting' | 'waiting' | 'playing' | 'closed' | 'error';

export interface KeyboardAgentOptions {
  url: string;
  battleId: string;
  intent: () => Intent;
  onStatus: (status: AgentStatus, detail?: string) => void;
  openSocket?: (url: string) => WebSocket;
}

interface ServerMessage {
  type?: string;
  battleId?: string;
  round?: number;
  tick?: number;
  battles?: Array<{ battleId: string }>;
  id?: number;
  message?: string;
}

export class KeyboardAgent {
  private socket: WebSocket | null = null;

  constructor(private readonly options: KeyboardAgentOptions) {}

  start(): void {
    const socket = (this.options.openSocket ?? ((u: string) => new WebSocket(u)))(this.options.url);
    this.socket = socket;
    this.options.onStatus('connecting');
    socket.onopen = () =>
      this.send({ type: 'hello', protocol: PROTOCOL, agent: 'garrison-web', bot: 'keyboard' });
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket === socket) this.options.onStatus('closed');
    };
  }

  stop(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'page closed');
  }

  private receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    const { battleId } = this.options;
    switch (message.type) {
      case 'welcome':
        // Already playing (a reload): take the seat back; otherwise the offer follows.
        if (message.battles?.some((b) => b.battleId === battleId)) this.send({ type: 'resume', battleId });
        this.options.onStatus('waiting');
        break;
      case 'offer':
        if (message.battleId === battleId) this.send({ type: 'ready', battleId, bot: 'keyboard' });
        break;
      case 'ping':
        this.send({ type: 'pong', id: message.id });
        break;
      case 'tick':
        if (message.battleId !== battleId) return;
        this.options.onStatus('playing');
        this.send({
          type: 'intent',
          battleId,
          round: message.round,
          tick: message.tick,
          intent: this.options.intent(),
        });
        break;
      case 'battle-end':
        if (message.battleId === battleId) this.stop();
        break;
      case 'error':
        this.options.onStatus('error', message.message);
        break;
    }
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(message));
  }
}

/** The agent socket; the token rides in the query as for every browser WebSocket. */
export function agentUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/agent?access_token=${encodeURIComponent(token)}`;
}
