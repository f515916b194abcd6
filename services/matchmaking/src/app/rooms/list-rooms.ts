import { problem } from '@garrison/kit';
import { toRoomView, type RoomView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import { loadRoom, visibleTo } from './room-state.js';

/** Public rooms still waiting for players, newest first. */
export async function listOpenRooms(deps: Deps, viewerId: string, limit: number): Promise<RoomView[]> {
  const rooms = await deps.db
    .selectFrom('rooms')
    .selectAll()
    .where('status', '=', 'open')
    .where('private', '=', false)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  if (rooms.length === 0) return [];
  const members = await deps.db
    .selectFrom('room_members')
    .selectAll()
    .where(
      'room_id',
      'in',
      rooms.map((r) => r.id),
    )
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  return rooms.map((room) =>
    toRoomView(
      room,
      members.filter((m) => m.room_id === room.id),
      viewerId,
    ),
  );
}

/** The room as `viewerId` may see it; undefined when it does not exist or is private to others. */
export async function viewRoom(deps: Deps, roomId: string) {
  const state = await loadRoom(deps.db, roomId);
  return (viewerId: string): RoomView | undefined =>
    state && visibleTo(state.room, state.members, viewerId)
      ? toRoomView(state.room, state.members, viewerId)
      : undefined;
}

export async function getRoom(deps: Deps, roomId: string, viewerId: string): Promise<RoomView> {
  const room = (await viewRoom(deps, roomId))(viewerId);
  if (!room) throw problem(404, 'Not Found', `room ${roomId} does not exist`);
  return room;
}
