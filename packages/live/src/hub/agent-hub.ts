import type {
  AgentHubApi,
  AgentHubOptions,
  AgentSocket,
  LiveBattleOutcome,
  LiveBattleSpec,
  SpectatorFrame,
} from '../contract.js';
import { LiveBattle } from '../battle/live-battle.js';
import type { IntentMessage, ReadyMessage, ResumeMessage, WelcomeMessage } from '../protocol/messages.js';
import { MessageValidator } from '../protocol/schemas.js';
import { AgentConnection, CLOSE_CODES, type ConnectionHost } from './agent-connection.js';
import { TickSlots } from './tick-slots.js';

/** The agent side of live battles: one connection per user, any number of battles. */
class AgentHub implements AgentHubApi, ConnectionHost {
  readonly validator = new MessageValidator('agent');
  readonly pingIntervalMs: number;
  readonly maxMessageChars: number;
  private readonly connections = new Map<string, AgentConnection>();
  private readonly battles = new Map<string, LiveBattle>();
  private readonly slots = new TickSlots();

  constructor(private readonly options: AgentHubOptions) {
    this.pingIntervalMs = options.pingIntervalMs ?? 2_000;
    this.maxMessageChars = options.maxMessageChars ?? 64 * 1024;
  }

  accept(socket: AgentSocket, userId: string): void {
    const previous = this.connections.get(userId);
    this.connections.set(userId, new AgentConnection(socket, userId, this));
    previous?.close(CLOSE_CODES.replaced, 'replaced by a newer connection of the same user');
  }

  isOnline(userId: string): boolean {
    return this.connections.get(userId)?.isOpen ?? false;
  }

  async runBattle(
    spec: LiveBattleSpec,
    onFrame: (frame: SpectatorFrame) => void,
    signal?: AbortSignal,
  ): Promise<LiveBattleOutcome> {
    if (this.battles.has(spec.battleId)) throw new Error(`battle ${spec.battleId} is already running`);
    signal?.throwIfAborted();
    const battle = new LiveBattle(
      spec,
      {
        linkOf: (userId) => this.linkOf(userId),
        firstTick: (periodMs) => this.slots.take(periodMs),
        ...this.observer(),
      },
      onFrame,
    );
    const onAbort = (): void => battle.cancel(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.battles.set(spec.battleId, battle);
    try {
      return await battle.run();
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.battles.delete(spec.battleId);
    }
  }

  async close(): Promise<void> {
    for (const battle of this.battles.values()) battle.cancel(new Error('the agent hub is closing'));
    for (const connection of [...this.connections.values()])
      connection.close(CLOSE_CODES.shutdown, 'server shutting down');
  }

  // ConnectionHost

  welcomeBattles(userId: string): WelcomeMessage['battles'] {
    const out: WelcomeMessage['battles'] = [];
    for (const battle of this.battles.values()) {
      const seat = battle.localSeatOf(userId);
      const phase = battle.currentPhase;
      if (!seat || seat.forfeited || phase === 'over') continue;
      out.push({ battleId: battle.battleId, phase: phase === 'preparing' ? 'preparing' : 'playing' });
    }
    return out;
  }

  greeted(connection: AgentConnection): void {
    for (const battle of this.battles.values()) battle.agentArrived(connection.userId, connection);
  }

  route(connection: AgentConnection, message: ReadyMessage | ResumeMessage | IntentMessage): boolean {
    const battle = this.battles.get(message.battleId);
    const seat = battle?.localSeatOf(connection.userId);
    if (!battle || !seat) return false;
    if (message.type === 'intent') seat.receiveIntent(connection, message);
    else seat.attach(connection, message.type, battle.currentPhase === 'preparing' ? 'preparing' : 'playing');
    return true;
  }

  closed(connection: AgentConnection): void {
    if (this.connections.get(connection.userId) === connection) this.connections.delete(connection.userId);
    for (const battle of this.battles.values()) battle.localSeatOf(connection.userId)?.detach(connection);
  }

  private linkOf(userId: string): AgentConnection | null {
    const connection = this.connections.get(userId);
    return connection?.isOpen ? connection : null;
  }

  private observer() {
    return this.options.observer ? { observer: this.options.observer } : {};
  }
}

/** The hub the battles service mounts on `/api/agent` and runs live battles with. */
export function createAgentHub(options: AgentHubOptions = {}): AgentHubApi {
  return new AgentHub(options);
}
