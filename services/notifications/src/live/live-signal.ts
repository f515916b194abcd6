import { sql, type Transaction } from 'kysely';
import { ChannelListener } from '@garrison/kit';
import type { Logger } from 'pino';

/** The PostgreSQL channel every notifications instance listens on. */
export const LIVE_CHANNEL = 'notifications_live';

/** What changed in someone's inbox; small on purpose (NOTIFY payloads are limited to 8000 bytes). */
export type LiveSignal =
  | { kind: 'created'; userId: string; id: string }
  | { kind: 'read'; userId: string }
  /** The account was deactivated: its sockets on every instance close at once. */
  | { kind: 'deactivated'; userId: string };

/**
 * Announces an inbox change to every instance. Runs inside the caller's transaction: PostgreSQL delivers
 * a NOTIFY only when that transaction commits, so no instance ever pushes a notification that was
 * rolled back, and none misses one that was committed while it was listening.
 */
export async function announce(tx: Transaction<unknown>, signal: LiveSignal): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(signal)})`.execute(tx);
}

export function parseSignal(payload: string | undefined): LiveSignal | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<LiveSignal> & { id?: unknown };
    if (typeof value.userId !== 'string') return undefined;
    if (value.kind === 'created' && typeof value.id === 'string')
      return { kind: 'created', userId: value.userId, id: value.id };
    if (value.kind === 'read' || value.kind === 'deactivated')
      return { kind: value.kind, userId: value.userId };
  } catch {
    // not ours: ignore
  }
  return undefined;
}

export interface LiveListenerOptions {
  databaseUrl: string;
  onSignal: (signal: LiveSignal) => void;
  /** Called after a lost connection is back: signals sent meanwhile were missed, so clients must resync. */
  onReconnected: () => void;
  log: Logger;
  reconnectDelayMs?: number;
}

/** Holds one dedicated connection in LISTEN on the live channel, reconnecting when it drops. */
export class LiveListener extends ChannelListener {
  constructor(opts: LiveListenerOptions) {
    super({
      databaseUrl: opts.databaseUrl,
      channel: LIVE_CHANNEL,
      applicationName: 'notifications-live',
      onPayload: (payload) => {
        const signal = parseSignal(payload);
        if (signal) opts.onSignal(signal);
      },
      onReconnected: opts.onReconnected,
      log: opts.log,
      ...(opts.reconnectDelayMs !== undefined ? { reconnectDelayMs: opts.reconnectDelayMs } : {}),
    });
  }
}
