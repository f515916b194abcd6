import { ChannelListener, sql, type Transaction } from '@garrison/kit';
import type { Logger } from 'pino';

/** The PostgreSQL channel every matchmaking instance listens on for room changes. */
export const ROOMS_CHANNEL = 'matchmaking_rooms';

/** Tells every instance a room changed; its WebSocket members then get the new state. */
export interface RoomSignals {
  announce(tx: Transaction<unknown>, roomId: string): Promise<void>;
}

/**
 * NOTIFY inside the transaction that changed the room: PostgreSQL delivers it only at commit, so no
 * member is told about a change that was rolled back (ADR 122).
 */
export const pgRoomSignals: RoomSignals = {
  async announce(tx, roomId) {
    await sql`select pg_notify(${ROOMS_CHANNEL}, ${roomId})`.execute(tx);
  },
};

export interface RoomListenerOptions {
  databaseUrl: string;
  onSignal: (roomId: string) => void;
  /** After a lost connection is back: signals sent meanwhile were missed. */
  onReconnected: () => void;
  log: Logger;
  reconnectDelayMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One dedicated connection in LISTEN on the rooms channel, reconnecting when it drops. */
export class RoomListener extends ChannelListener {
  constructor(opts: RoomListenerOptions) {
    super({
      databaseUrl: opts.databaseUrl,
      channel: ROOMS_CHANNEL,
      applicationName: 'matchmaking-rooms',
      onPayload: (payload) => {
        if (payload && UUID.test(payload)) opts.onSignal(payload);
      },
      onReconnected: opts.onReconnected,
      log: opts.log,
      ...(opts.reconnectDelayMs !== undefined ? { reconnectDelayMs: opts.reconnectDelayMs } : {}),
    });
  }
}
