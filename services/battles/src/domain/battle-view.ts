// The shapes a battle is shown in: REST view, event participants. Pure.
import type { BattleRecord, ParticipantRow } from '../adapters/battle-repository.js';
import type { BattleKind, BattleStatus, Mode } from '../database.js';

export interface ParticipantView {
  userId: string | null;
  botVersionId: string | null;
  botId: string | null;
  version: number | null;
  builtin: string | null;
  local: boolean;
  name: string;
  place: number | null;
  score: number | null;
  forfeited: boolean;
}

export interface BattleView {
  id: string;
  kind: BattleKind;
  status: BattleStatus;
  rulesVersion: number;
  seed: number;
  mode: Mode;
  rounds: number;
  ranked: boolean;
  live: boolean;
  contextId: string | null;
  cancelReason: string | null;
  participants: ParticipantView[];
  createdAt: string;
  startsAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  broadcast: boolean;
  broadcastStartsAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function participantView(p: ParticipantRow, revealed = true): ParticipantView {
  return {
    userId: p.user_id,
    botVersionId: p.bot_version_id,
    botId: p.bot_id,
    version: p.version,
    builtin: p.builtin,
    local: p.local,
    name: p.name,
    place: revealed ? p.place : null,
    score: revealed ? p.score : null,
    forfeited: revealed && p.forfeited,
  };
}

/**
 * A battle as REST and spectators see it. Places and scores show once it is finished: a broadcast
 * battle's are stored while it still runs (ADR 240), and only `admin` (support) sees them early.
 */
export function battleView({ battle, participants }: BattleRecord, admin = false): BattleView {
  const revealed = admin || battle.status === 'finished';
  return {
    id: battle.id,
    kind: battle.kind,
    status: battle.status,
    rulesVersion: battle.rules_version,
    seed: Number(battle.seed),
    mode: battle.mode,
    rounds: battle.rounds,
    ranked: battle.ranked,
    live: battle.live,
    contextId: battle.context_id,
    cancelReason: battle.cancel_reason,
    participants: participants.map((p) => participantView(p, revealed)),
    createdAt: battle.created_at.toISOString(),
    startsAt: battle.starts_at.toISOString(),
    startedAt: iso(battle.started_at),
    finishedAt: iso(battle.finished_at),
    broadcast: battle.broadcast,
    broadcastStartsAt: iso(battle.broadcast_starts_at),
  };
}

/** The participant shape every battle.* event carries. */
export function eventParticipant(p: ParticipantRow) {
  return {
    userId: p.user_id,
    botVersionId: p.bot_version_id,
    botId: p.bot_id,
    version: p.version,
    builtin: p.builtin,
    local: p.local,
  };
}

export function eventHead({ battle }: BattleRecord) {
  return {
    battleId: battle.id,
    kind: battle.kind,
    ranked: battle.ranked,
    contextId: battle.context_id,
  };
}
