// What the room socket sends (`{type: "room", room}` after every change), parsed defensively.
import type { Room } from '../api/competition-types';

export function parseRoomMessage(raw: unknown): Room | null {
  if (typeof raw !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { type, room } = frame as { type?: unknown; room?: unknown };
  if (type !== 'room' || typeof room !== 'object' || room === null) return null;
  const r = room as Partial<Room>;
  return typeof r.id === 'string' && Array.isArray(r.members) && typeof r.status === 'string'
    ? (room as Room)
    : null;
}

/** The room's socket URL on the page's own origin, the token in the query (no headers on a WebSocket). */
export function roomLiveUrl(
  location: { protocol: string; host: string },
  roomId: string,
  token: string,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/rooms/${encodeURIComponent(roomId)}/live?access_token=${encodeURIComponent(token)}`;
}
