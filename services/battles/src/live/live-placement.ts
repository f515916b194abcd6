import { ChannelListener, sql, type Kysely } from '@garrison/kit';
import type { AgentHubApi } from '@garrison/live';
import type { Logger } from 'pino';
import type { Database } from '../database.js';

/** The PostgreSQL channel on which a battles instance asks the others to play a live battle. */
export const PLACEMENT_CHANNEL = 'battles_live_start';
/** How long an announced battle waits for the instance holding its Agents before it starts anyway. */
const DEFAULT_FALLBACK_MS = 3_000;

export interface LivePlacementOptions {
  db: Kysely<Database>;
  /** Without it (no database URL) every live battle starts where it was asked for. */
  databaseUrl: string | undefined;
  hub: AgentHubApi;
  /** Plays the battle in this process; admits one starter across instances (beginBattle). */
  play: (battleId: string) => void;
  log: Logger;
  fallbackMs?: number;
}

/**
 * Where a live battle is played (ADR 175): in the process that holds its players' Agents. A battle
 * created elsewhere — a tournament's or a challenge's, through gRPC on any instance — is announced
 * with NOTIFY; the instance that holds one of its Agents claims it. If nobody does within a few
 * seconds (the Agents are offline), the announcing instance starts it, and the absent seats forfeit
 * as they always did.
 */
export class LivePlacement {
  private readonly listener: ChannelListener | undefined;
  private readonly fallbacks = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: LivePlacementOptions) {
    this.listener = opts.databaseUrl
      ? new ChannelListener({
          databaseUrl: opts.databaseUrl,
          channel: PLACEMENT_CHANNEL,
          applicationName: 'battles-live-placement',
          onPayload: (battleId) => {
            if (battleId) void this.claimIfHeldHere(battleId);
          },
          // An announcement missed while disconnected is covered by the announcer's fallback.
          onReconnected: () => {},
          log: opts.log,
        })
      : undefined;
  }

  async start(): Promise<void> {
    await this.listener?.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.fallbacks) clearTimeout(timer);
    this.fallbacks.clear();
    await this.listener?.stop();
  }

  /** Starts a live battle here when this instance holds all its Agents, or asks the others. */
  async place(battleId: string): Promise<void> {
    const players = await this.localPlayers(battleId);
    if (!this.listener || players.every((userId) => this.opts.hub.isOnline(userId))) {
      this.opts.play(battleId);
      return;
    }
    await sql`select pg_notify(${PLACEMENT_CHANNEL}, ${battleId})`.execute(this.opts.db);
    const timer = setTimeout(() => {
      this.fallbacks.delete(timer);
      this.opts.play(battleId); // a no-op when the instance holding an Agent began it already
    }, this.opts.fallbackMs ?? DEFAULT_FALLBACK_MS);
    this.fallbacks.add(timer);
  }

  private async claimIfHeldHere(battleId: string): Promise<void> {
    try {
      const players = await this.localPlayers(battleId);
      if (players.some((userId) => this.opts.hub.isOnline(userId))) this.opts.play(battleId);
    } catch (err) {
      this.opts.log.warn({ err, battleId }, 'could not check a live battle announced for placement');
    }
  }

  /** The users whose Agents play the battle's local seats. */
  private async localPlayers(battleId: string): Promise<string[]> {
    const rows = await this.opts.db
      .selectFrom('participants')
      .select('user_id')
      .where('battle_id', '=', battleId)
      .where('local', '=', true)
      .execute();
    return rows.flatMap((r) => (r.user_id ? [r.user_id] : []));
  }
}
