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

/** After a lost connection, as the Agent CLI: try again, waiting a little longer each time. */
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000];
const MAX_RECONNECTS = 10;
/** Another agent of this user took over (another tab): reconnecting would fight it. */
const REPLACED = 4001;

export class KeyboardAgent {
  private socket: WebSocket | null = null;
  private stopped = false;
  private reconnects = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: KeyboardAgentOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'page closed');
  }

  /**
   * Opens the agent socket. A connection lost mid-battle (the server restarted, or the battle moved
   * to another instance, ADR 280) is opened again; the server then offers the battle or resumes it.
   */
  private connect(): void {
    const socket = (this.options.openSocket ?? ((u: string) => new WebSocket(u)))(this.options.url);
    this.socket = socket;
    this.options.onStatus('connecting');
    socket.onopen = () => {
      this.reconnects = 0;
      this.send({ type: 'hello', protocol: PROTOCOL, agent: 'garrison-web', bot: 'keyboard' });
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = (event?: CloseEvent) => {
      if (this.socket !== socket || this.stopped) return;
      if (event?.code === REPLACED || this.reconnects >= MAX_RECONNECTS) {
        this.options.onStatus('closed');
        return;
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnects++, RECONNECT_DELAYS_MS.length - 1)];
      this.options.onStatus('connecting');
      this.retry = setTimeout(() => this.connect(), delay);
    };
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
