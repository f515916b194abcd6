import type { Kysely } from '@garrison/kit';
import type { AgentHubApi, BattleMessage, SeatLink, ServerMessage } from '@garrison/live';
import type { Logger } from 'pino';
import { NotifyChannel } from './notify-channel.js';

/** The PostgreSQL channel on which battles instances pass Agents' messages to each other (ADR 281). */
export const AGENT_CHANNEL = 'battles_agent_relay';

/** What one instance tells another about an Agent and a battle. */
type Note =
  /** From the instance playing the battle: who holds this user's Agent? */
  | { kind: 'wanted'; battleId: string; userId: string }
  /** From the instance holding the Agent: it is connected here. */
  | { kind: 'here'; battleId: string; userId: string }
  /** `rttMs`: the Agent's round-trip time to its holder, so its seat keeps its latency allowance. */
  | { kind: 'from-agent'; battleId: string; userId: string; message: BattleMessage; rttMs: number | null }
  | { kind: 'to-agent'; battleId: string; userId: string; message: ServerMessage }
  /** The Agent's connection closed. */
  | { kind: 'left'; battleId: string; userId: string };

interface Addressed {
  /** An instance id, or '*' for whoever it concerns. */
  to: string;
  note: Note;
}

export interface AgentRelayOptions {
  databaseUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  instanceId: string;
  hub: AgentHubApi;
  log: Logger;
}

/**
 * A live battle with two local seats whose Agents are connected to different battles instances
 * (ADR 281): it is played on one of them, and the other Agent's seat is played through the instance
 * that holds its connection. Messages go both ways with NOTIFY on the battles database, one at a time
 * so they keep their order: the playing instance asks for an Agent it does not hold (`wanted`), the
 * holder answers `here`, then the playing instance talks to the Agent through a link (`to-agent`) and
 * the holder passes the Agent's answers back (`from-agent`) until the battle ends or the Agent leaves.
 */
export class AgentRelay {
  private readonly channel: NotifyChannel<Addressed>;
  /** Holder side: user → battle → the instance playing it. */
  private readonly forwards = new Map<string, Map<string, string>>();
  /** Playing side: the links to Agents held elsewhere, by battle, user and holder. */
  private readonly links = new Map<string, RemoteLink>();
  private readonly warnedTooLarge = new Set<string>();

  constructor(private readonly opts: AgentRelayOptions) {
    this.channel = new NotifyChannel<Addressed>({
      ...opts,
      channel: AGENT_CHANNEL,
      applicationName: 'battles-agent-relay',
      onNote: (addressed, from) => {
        if (addressed.to === '*' || addressed.to === opts.instanceId) this.receive(addressed.note, from);
      },
    });
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  stop(): Promise<void> {
    return this.channel.stop();
  }

  /** Playing side: asks the other instances for the user's Agent. */
  want(battleId: string, userId: string): void {
    this.post('*', { kind: 'wanted', battleId, userId });
  }

  /** Holder side: the user's Agent said hello here and plays a battle another instance runs. */
  announce(battleId: string, userId: string): void {
    this.post('*', { kind: 'here', battleId, userId });
  }

  /** Holder side, from the hub: an Agent's message about a battle played elsewhere. */
  passOn(userId: string, message: BattleMessage): boolean {
    const owner = this.forwards.get(userId)?.get(message.battleId);
    if (!owner) return false;
    const rttMs = this.opts.hub.rttOf(userId);
    this.post(owner, { kind: 'from-agent', battleId: message.battleId, userId, message, rttMs });
    return true;
  }

  /** Holder side, from the hub: the user's Agent left; the instances playing its battles are told. */
  agentClosed(userId: string): void {
    const battles = this.forwards.get(userId);
    this.forwards.delete(userId);
    for (const [battleId, owner] of battles ?? []) this.post(owner, { kind: 'left', battleId, userId });
  }

  private receive(note: Note, from: string): void {
    const { hub } = this.opts;
    switch (note.kind) {
      case 'wanted':
        if (hub.isOnline(note.userId))
          this.post(from, { kind: 'here', battleId: note.battleId, userId: note.userId });
        return;
      case 'here':
        if (hub.isPlaying(note.battleId)) hub.attachRemote(note.battleId, this.linkTo(from, note));
        return;
      case 'from-agent': {
        if (!hub.isPlaying(note.battleId)) return;
        const link = this.linkTo(from, note);
        link.rttMs = typeof note.rttMs === 'number' ? note.rttMs : null;
        hub.fromRemote(note.battleId, link, note.message);
        return;
      }
      case 'left':
        hub.detachRemote(note.battleId, this.linkTo(from, note));
        this.links.delete(linkKey(from, note));
        return;
      case 'to-agent':
        return this.toAgent(from, note);
    }
  }

  private toAgent(owner: string, note: Extract<Note, { kind: 'to-agent' }>): void {
    const battles = this.forwards.get(note.userId) ?? new Map<string, string>();
    this.forwards.set(note.userId, battles);
    if (note.message.type === 'battle-end') battles.delete(note.battleId);
    else battles.set(note.battleId, owner);
    // The Agent gone meanwhile: the playing instance hears `left` (or already did).
    this.opts.hub.sendToAgent(note.userId, note.message);
  }

  /** The link through which the playing instance talks to an Agent held by `holder`. */
  private linkTo(holder: string, { battleId, userId }: { battleId: string; userId: string }): RemoteLink {
    const key = linkKey(holder, { battleId, userId });
    let link = this.links.get(key);
    if (!link) {
      link = {
        userId,
        rttMs: null,
        send: (message) => {
          this.post(holder, { kind: 'to-agent', battleId, userId, message });
          if (message.type === 'battle-end') this.links.delete(key);
        },
      };
      this.links.set(key, link);
    }
    return link;
  }

  /** Sends a note; notes go out one at a time, in order. Never throws. */
  private post(to: string, note: Note): void {
    if (this.channel.send({ to, note })) return;
    // Once per battle and user: an Agent sending oversized messages must not flood the log.
    const key = `${note.battleId}|${note.userId}`;
    if (this.warnedTooLarge.has(key)) return;
    this.warnedTooLarge.add(key);
    this.opts.log.warn(
      { battleId: note.battleId, userId: note.userId, kind: note.kind },
      'an Agent message is too large to pass between instances; such messages are dropped',
    );
  }
}

/** A seat's link to an Agent held by another instance; its RTT is the Agent's to that instance. */
type RemoteLink = SeatLink & { rttMs: number | null };

const linkKey = (holder: string, { battleId, userId }: { battleId: string; userId: string }) =>
  `${battleId}|${userId}|${holder}`;
