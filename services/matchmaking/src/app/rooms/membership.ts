import { problem, sql, withTransaction } from '@garrison/kit';
import type { BotChoice } from '../../domain/bot.js';
import { sameCode } from '../../domain/join-code.js';
import type { RoomView } from '../../adapters/views.js';
import type { Deps } from '../deps.js';
import { requireOwnBot } from '../own-bot.js';
import { lockRoomFor, roomChanged } from './room-state.js';

const notOpen = (status: string) =>
  problem(409, 'Room not open', `The room is ${status}: its seats can no longer change`, {
    roomStatus: status,
  });

/**
 * Takes a seat (a private room needs its code). Joining again only changes the bot, and like any
 * change of bot it clears the ready mark: the others agreed to play against the previous one.
 */
export async function joinRoom(
  deps: Deps,
  roomId: string,
  userId: string,
  input: { code?: string; bot: BotChoice },
): Promise<RoomView> {
  // Rooms play unranked; checked before the room is locked (the registry is another service).
  await requireOwnBot(deps.bots, userId, input.bot, false);
  return withTransaction(deps.db, async (tx) => {
    const { room, members } = await lockRoomFor(tx, roomId, userId, input.code);
    const member = members.some((m) => m.user_id === userId);
    if (room.private && !member && room.owner_id !== userId && !sameCode(input.code, room.join_code)) {
      // An outsider without the right code learns nothing about the room.
      throw problem(404, 'Not Found', `room ${roomId} does not exist or the code is wrong`);
    }
    if (room.status !== 'open') throw notOpen(room.status);
    if (member) {
      await tx
        .updateTable('room_members')
        .set({ bot: input.bot, ready: false })
        .where('room_id', '=', roomId)
        .where('user_id', '=', userId)
        .execute();
    } else {
      if (members.length >= room.capacity)
        throw problem(409, 'Room full', `All ${room.capacity} seats are taken`);
      await tx
        .insertInto('room_members')
        .values({ room_id: roomId, user_id: userId, bot: input.bot })
        .execute();
    }
    await tx
      .updateTable('rooms')
      .set({ updated_at: sql<Date>`now()` })
      .where('id', '=', roomId)
      .execute();
    return roomChanged(deps, tx, roomId, userId);
  });
}

/** Gives up a seat; the room closes when its last member leaves. */
export async function leaveRoom(deps: Deps, roomId: string, userId: string): Promise<RoomView> {
  return withTransaction(deps.db, async (tx) => {
    const { room, members } = await lockRoomFor(tx, roomId, userId);
    if (!members.some((m) => m.user_id === userId))
      throw problem(409, 'Not a member', 'You have no seat in this room');
    if (room.status !== 'open') throw notOpen(room.status);
    await tx.deleteFrom('room_members').where('room_id', '=', roomId).where('user_id', '=', userId).execute();
    await tx
      .updateTable('rooms')
      .set({ updated_at: sql<Date>`now()`, ...(members.length === 1 ? { status: 'closed' as const } : {}) })
      .where('id', '=', roomId)
      .execute();
    return roomChanged(deps, tx, roomId, userId);
  });
}

/**
 * Marks the caller ready (or not). When that makes the room full and everyone ready, the battle is
 * created (kind "room", unranked, request id `room:<id>`) while the room is locked, and the room
 * becomes "started" with its battleId — members watching the room are told at commit.
 */
export async function setReady(
  deps: Deps,
  roomId: string,
  userId: string,
  ready: boolean,
): Promise<RoomView> {
  return withTransaction(deps.db, async (tx) => {
    const { room, members } = await lockRoomFor(tx, roomId, userId);
    const me = members.find((m) => m.user_id === userId);
    if (!me) throw problem(409, 'Not a member', 'Join the room before getting ready');
    if (room.status !== 'open') throw notOpen(room.status);
    await tx
      .updateTable('room_members')
      .set({ ready })
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .execute();
    const allReady = members.length === room.capacity && members.every((m) => (m === me ? ready : m.ready));
    let start = {};
    if (allReady) {
      const { battleId } = await deps.battles.createBattle({
        requestId: `room:${room.id}`,
        kind: 'room',
        contextId: room.id,
        ranked: false,
        rules: { mode: room.mode, rounds: room.rounds, version: room.rules_version },
        participants: members.map((m) => ({ userId: m.user_id, bot: m.bot })),
      });
      start = { status: 'started' as const, battle_id: battleId };
    }
    await tx
      .updateTable('rooms')
      .set({ updated_at: sql<Date>`now()`, ...start })
      .where('id', '=', roomId)
      .execute();
    return roomChanged(deps, tx, roomId, userId);
  });
}
