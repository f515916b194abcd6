// Types only: the `websocket: true` route option and the socket handler signature.
import type {} from '@fastify/websocket';
import {
  closeWhenTokenExpires,
  identityOf,
  registerWebSockets,
  requireAuth,
  WS_MAX_PAYLOAD,
  type HttpApp,
  type Kysely,
} from '@garrison/kit';
import type { AgentHubApi } from '@garrison/live';
import { loadBattle, type BattleRecord } from '../../adapters/battle-repository.js';
import type { Database } from '../../database.js';
import { spectatorDelayFor } from '../../domain/battle-rules.js';
import { battleView, type BattleView } from '../../domain/battle-view.js';
import type { BroadcastFeed } from '../../live/broadcast-feed.js';
import type { SpectatorHub } from '../../live/spectators.js';
import type { BattleStatusFeed } from '../../live/status-feed.js';
import type { BattleMetrics } from '../../metrics.js';

export interface SocketDeps {
  db: Kysely<Database>;
  hub: AgentHubApi | undefined;
  spectators: SpectatorHub;
  metrics: BattleMetrics;
  spectatorDelayMs: number;
  statusFeed: BattleStatusFeed;
  broadcasts: BroadcastFeed;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Application close codes (4000–4999): the HTTP status they stand for, plus 4000. */
const CLOSE_NOT_FOUND = 4404;
const CLOSE_NO_LIVE_ENGINE = 4501;

export async function registerSockets(app: HttpApp, deps: SocketDeps): Promise<void> {
  // One WebSocket server per app, so one frame limit: the agent's. Spectators send nothing, and their
  // messages are dropped unread.
  await registerWebSockets(app, WS_MAX_PAYLOAD.agent);

  // The local Agent's connection; the gateway checked the token and set x-user-id.
  app.get('/api/agent', { websocket: true, preHandler: requireAuth }, (socket, req) => {
    const { userId } = identityOf(req);
    if (!deps.hub) {
      socket.close(CLOSE_NO_LIVE_ENGINE, 'live battles are not available on this server yet');
      return;
    }
    deps.metrics.agentsConnected.inc();
    socket.on('close', () => deps.metrics.agentsConnected.dec());
    closeWhenTokenExpires(socket, req);
    deps.hub.accept(socket, userId);
  });

  // Spectating: status changes and the result for every battle, engine frames for live ones.
  app.get('/api/battles/:id/live', { websocket: true, preHandler: requireAuth }, async (socket, req) => {
    const { id } = req.params as { id: string };
    const record = UUID.test(id) ? await loadBattle(deps.db, id) : undefined;
    if (!record) {
      socket.close(CLOSE_NOT_FOUND, 'no such battle');
      return;
    }
    deps.metrics.spectators.inc();
    // A broadcast's frames carry the spectator delay in their schedule, and its result is revealed
    // only once its last frame is shown (ADR 240): nothing to hold back per message.
    const broadcast = record.battle.broadcast && !record.battle.live;
    const delayMs = broadcast ? 0 : spectatorDelayFor(record.battle, deps.spectatorDelayMs);
    const timers = new Set<NodeJS.Timeout>();
    const send = (message: unknown, then?: () => void) => {
      const deliver = () => {
        if (socket.readyState === socket.OPEN) socket.send(serialized(message));
        then?.();
      };
      if (delayMs === 0) return deliver();
      const timer = setTimeout(() => {
        timers.delete(timer);
        deliver();
      }, delayMs);
      timers.add(timer);
    };
    const unsubscribe = broadcast
      ? deps.broadcasts.subscribe(id, (frame) => send(frame))
      : deps.spectators.subscribe(id, (frame) => send(frame));
    const unfollow = deps.statusFeed.subscribe(id, (current) => {
      const message = statusMessage(current);
      if (message.type === 'status') send(message);
      else send(message, () => socket.close(1000, `battle ${message.battle.status}`));
    });
    socket.on('message', () => {}); // spectators only listen
    closeWhenTokenExpires(socket, req);
    socket.on('close', () => {
      deps.metrics.spectators.dec();
      unsubscribe();
      unfollow();
      for (const timer of timers) clearTimeout(timer);
    });
  });
}

/** One message object per status change, shared by every spectator (so it is serialised once too). */
const statusMessages = new WeakMap<BattleRecord, { type: 'status' | 'result'; battle: BattleView }>();
function statusMessage(record: BattleRecord) {
  let message = statusMessages.get(record);
  if (!message) {
    const battle = battleView(record);
    const final = battle.status === 'finished' || battle.status === 'cancelled';
    statusMessages.set(record, (message = { type: final ? 'result' : 'status', battle }));
  }
  return message;
}

/** Every spectator of a battle gets the same frame object: turn it into JSON once, not once per socket. */
const json = new WeakMap<object, string>();
function serialized(message: unknown): string {
  if (typeof message !== 'object' || message === null) return JSON.stringify(message);
  let text = json.get(message);
  if (text === undefined) json.set(message, (text = JSON.stringify(message)));
  return text;
}
