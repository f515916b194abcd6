import { problem } from '@garrison/kit';
import { toRoomView, type RoomView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import type { Tx } from '../ports.js';
import type { Kysely, Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';

type Reader = Tx | Kysely<Database>;

/** A private room is seen only by its owner and members; anyone signed in sees a public one. */
export function visibleTo(
  room: { private: boolean; owner_id: string },
  members: Array<{ user_id: string }>,
  userId: string,
) {
  return !room.private || room.owner_id === userId || members.some((m) => m.user_id === userId);
}

export async function loadRoom(db: Reader, roomId: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('rooms').selectAll().where('id', '=', roomId);
  if (opts.lock) q = q.forUpdate();
  const room = await q.executeTakeFirst();
  if (!room) return undefined;
  const members = await db
    .selectFrom('room_members')
    .selectAll()
    .where('room_id', '=', roomId)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  return { room, members };
}

/** The room locked for a change; 404 when it does not exist or the caller may not see it. */
export async function lockRoomFor(tx: Tx, roomId: string, userId: string, code?: string) {
  const state = await loadRoom(tx, roomId, { lock: true });
  if (!state || (!visibleTo(state.room, state.members, userId) && code === undefined))
    throw problem(404, 'Not Found', `room ${roomId} does not exist`);
  return state;
}

/**
 * After a change: `room.updated` (the whole room except its code) goes out through the outbox and
 * every instance's WebSocket watchers are signalled — both only if the transaction commits.
 */
export async function roomChanged(deps: Deps, tx: Tx, roomId: string, viewerId: string): Promise<RoomView> {
  const state = await loadRoom(tx, roomId);
  if (!state) throw new Error(`room ${roomId} vanished inside its own transaction`);
  const { room, members } = state;
  await deps.bus.publish(tx, {
    type: 'room.updated',
    version: 1,
    data: {
      roomId: room.id,
      name: room.name,
      ownerId: room.owner_id,
      private: room.private,
      capacity: room.capacity,
      rules: { mode: room.mode, rounds: room.rounds },
      status: room.status,
      battleId: room.battle_id,
      members: members.map((m) => ({ userId: m.user_id, ready: m.ready })),
      updatedAt: room.updated_at.toISOString(),
    },
  });
  await deps.rooms.announce(tx as Transaction<unknown>, room.id);
  return toRoomView(room, members, viewerId);
}
