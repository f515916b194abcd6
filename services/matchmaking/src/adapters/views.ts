import type { Selectable } from '@garrison/kit';
import type { ChallengesTable, RoomMembersTable, RoomsTable } from '../database.js';
import type { BotChoice } from '../domain/bot.js';
import type { Rules } from '../domain/rules.js';

export interface ChallengeView {
  id: string;
  challengerId: string;
  opponentId: string;
  challengerBot: BotChoice;
  opponentBot: BotChoice | null;
  rules: Rules;
  ranked: boolean;
  status: ChallengesTable['status'];
  battleId: string | null;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

/** A pending challenge past its expiry reads as expired even before the sweep has marked it. */
export function toChallengeView(row: Selectable<ChallengesTable>, now = new Date()): ChallengeView {
  const expired = row.status === 'pending' && row.expires_at <= now;
  return {
    id: row.id,
    challengerId: row.challenger_id,
    opponentId: row.opponent_id,
    challengerBot: row.challenger_bot,
    opponentBot: row.opponent_bot,
    rules: { mode: row.mode, rounds: row.rounds, version: row.rules_version },
    ranked: row.ranked,
    status: expired ? 'expired' : row.status,
    battleId: row.battle_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? (expired ? row.expires_at.toISOString() : null),
  };
}

export interface RoomMemberView {
  userId: string;
  bot: BotChoice;
  ready: boolean;
  joinedAt: string;
}

export interface RoomView {
  id: string;
  name: string;
  ownerId: string;
  private: boolean;
  /** Shown to the owner and members only. */
  joinCode?: string;
  capacity: number;
  rules: Rules;
  status: RoomsTable['status'];
  battleId: string | null;
  members: RoomMemberView[];
  createdAt: string;
  updatedAt: string;
}

export function toRoomView(
  room: Selectable<RoomsTable>,
  members: ReadonlyArray<Selectable<RoomMembersTable>>,
  viewerId: string | undefined,
): RoomView {
  const insider = viewerId === room.owner_id || members.some((m) => m.user_id === viewerId);
  return {
    id: room.id,
    name: room.name,
    ownerId: room.owner_id,
    private: room.private,
    ...(insider && room.join_code ? { joinCode: room.join_code } : {}),
    capacity: room.capacity,
    rules: { mode: room.mode, rounds: room.rounds, version: room.rules_version },
    status: room.status,
    battleId: room.battle_id,
    members: members.map((m) => ({
      userId: m.user_id,
      bot: m.bot,
      ready: m.ready,
      joinedAt: m.joined_at.toISOString(),
    })),
    createdAt: room.created_at.toISOString(),
    updatedAt: room.updated_at.toISOString(),
  };
}
