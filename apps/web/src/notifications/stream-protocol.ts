// What the notifications WebSocket sends (SHARED-DECISIONS "Notifications shapes"), parsed defensively:
// an unknown or malformed frame is ignored rather than breaking the bell.
import type { AppNotification } from '../api/types';

export type StreamMessage =
  { type: 'notification'; notification: AppNotification } | { type: 'unread'; unread: number };

export function parseStreamMessage(raw: unknown): StreamMessage | null {
  if (typeof raw !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const message = frame as { type?: unknown; notification?: unknown; unread?: unknown };
  if (message.type === 'unread' && typeof message.unread === 'number' && message.unread >= 0) {
    return { type: 'unread', unread: message.unread };
  }
  if (message.type === 'notification' && isNotification(message.notification)) {
    return { type: 'notification', notification: message.notification };
  }
  return null;
}

function isNotification(value: unknown): value is AppNotification {
  if (typeof value !== 'object' || value === null) return false;
  const n = value as Record<string, unknown>;
  return (
    typeof n.id === 'string' &&
    typeof n.type === 'string' &&
    typeof n.title === 'string' &&
    typeof n.createdAt === 'string' &&
    (n.readAt === null || n.readAt === undefined || typeof n.readAt === 'string')
  );
}

/** Delay before reconnect attempt `attempt` (0-based): exponential from 1 s up to 30 s, with jitter so
 * that a gateway restart is not met by every browser at the same instant. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/** The stream's URL on the page's own origin; browsers cannot set headers on a WebSocket, hence the query. */
export function streamUrl(location: { protocol: string; host: string }, accessToken: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/notifications/stream?access_token=${encodeURIComponent(accessToken)}`;
}
