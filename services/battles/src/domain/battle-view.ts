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
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function participantView(p: ParticipantRow): ParticipantView {
  return {
    userId: p.user_id,
    botVersionId: p.bot_version_id,
    botId: p.bot_id,
    version: p.version,
    builtin: p.builtin,
    local: p.local,
    name: p.name,
    place: p.place,
    score: p.score,
    forfeited: p.forfeited,
  };
}

export function battleView({ battle, participants }: BattleRecord): BattleView {
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
    participants: participants.map(participantView),
    createdAt: battle.created_at.toISOString(),
    startsAt: battle.starts_at.toISOString(),
    startedAt: iso(battle.started_at),
    finishedAt: iso(battle.finished_at),
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
