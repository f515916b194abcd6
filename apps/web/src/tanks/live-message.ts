// What the spectator socket `/api/battles/{id}/live` sends (contracts/ws/spectator and the battles
// service): engine frames while a battle is played live, and for every battle a `status` message on each
// status change and one `result` message (the finished or cancelled battle) before the socket closes.
import type { Battle, LiveFrame } from '../api/tanks-types';

export type LiveMessage =
  | { kind: 'frame'; frame: LiveFrame }
  | { kind: 'status'; battle: Battle }
  | { kind: 'result'; battle: Battle };

const FRAME_TYPES = new Set(['frame', 'round-end', 'battle-end']);

/** One socket message, or null for anything this page does not know (newer servers may add types). */
export function parseLiveMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const message = value as { type?: unknown; battle?: unknown };
  if (typeof message.type !== 'string') return null;
  if (FRAME_TYPES.has(message.type)) return { kind: 'frame', frame: value as LiveFrame };
  if ((message.type === 'status' || message.type === 'result') && isBattle(message.battle)) {
    return { kind: message.type, battle: message.battle };
  }
  return null;
}

function isBattle(value: unknown): value is Battle {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as Battle).id === 'string' &&
    typeof (value as Battle).status === 'string'
  );
}

/** Finished or cancelled: nothing more will happen live. */
export function isOver(status: string): boolean {
  return status === 'finished' || status === 'cancelled';
}
