import type { SeatLink } from '../battle/seat.js';
import type {
  AgentHubApi,
  BattleMessage,
  AgentHubOptions,
  AgentSocket,
  LiveBattleOutcome,
  LiveBattleSpec,
  SpectatorFrame,
} from '../contract.js';
import { LiveBattle } from '../battle/live-battle.js';
import type { ServerMessage, WelcomeMessage } from '../protocol/messages.js';
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

  isPlaying(battleId: string): boolean {
    return this.battles.has(battleId);
  }

  attachRemote(battleId: string, link: SeatLink): boolean {
    const battle = this.battles.get(battleId);
    const seat = battle?.localSeatOf(link.userId);
    if (!battle || !seat || seat.forfeited || battle.currentPhase === 'over') return false;
    if (seat.accepted) seat.attach(link, 'resume', seatPhase(battle));
    else seat.offer(link);
    return true;
  }

  fromRemote(battleId: string, link: SeatLink, message: BattleMessage): void {
    if (message.battleId === battleId) this.deliver(link, message);
  }

  detachRemote(battleId: string, link: SeatLink): void {
    this.battles.get(battleId)?.localSeatOf(link.userId)?.detach(link);
  }

  rttOf(userId: string): number | null {
    return this.linkOf(userId)?.rttMs ?? null;
  }

  sendToAgent(userId: string, message: ServerMessage): boolean {
    const connection = this.linkOf(userId);
    connection?.send(message);
    return connection !== null;
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
    this.options.onAgentGreeted?.(connection.userId);
  }

  route(connection: AgentConnection, message: BattleMessage): boolean {
    return (
      this.deliver(connection, message) || (this.options.onElsewhere?.(connection.userId, message) ?? false)
    );
  }

  closed(connection: AgentConnection): void {
    if (this.connections.get(connection.userId) === connection) {
      this.connections.delete(connection.userId);
      this.options.onAgentClosed?.(connection.userId);
    }
    for (const battle of this.battles.values()) battle.localSeatOf(connection.userId)?.detach(connection);
  }

  /** Hands a battle message to its seat here, from a local connection or a remote link. */
  private deliver(link: SeatLink, message: BattleMessage): boolean {
    const battle = this.battles.get(message.battleId);
    const seat = battle?.localSeatOf(link.userId);
    if (!battle || !seat) return false;
    if (message.type === 'intent') seat.receiveIntent(link, message);
    else seat.attach(link, message.type, seatPhase(battle));
    return true;
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

/** What a seat attaching to `battle` is told: still getting ready, or already under way. */
function seatPhase(battle: LiveBattle): 'preparing' | 'playing' {
  return battle.currentPhase === 'preparing' ? 'preparing' : 'playing';
}
