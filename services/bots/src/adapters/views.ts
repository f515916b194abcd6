import type { Selectable } from '@garrison/kit';
import type { BotsTable, BotVersionsTable, GatesTable } from '../database.js';
import type { BuiltinBot } from '../domain/builtins.js';

/** A bot as every list and lookup answers it (contract). Built-ins have `builtin: true`, no owner. */
export interface BotView {
  id: string;
  name: string;
  ownerId: string | null;
  builtin: boolean;
  description?: string;
  /** Number of the active version; null until one is activated (and for built-ins). */
  activeVersion: number | null;
  activeVersionId: string | null;
  /** Whether the active version may play ranked battles (built-ins: always). */
  rankedEligible: boolean;
  createdAt: string | null;
}

export interface GateView {
  status: GatesTable['status'];
  wins: number;
  played: number;
  total: number;
  baselineVersionId: string;
}

export interface VersionView {
  id: string;
  botId: string;
  version: number;
  status: BotVersionsTable['status'];
  error?: string;
  language: BotVersionsTable['language'];
  createdAt: string;
  active: boolean;
  rankedEligible: boolean;
  gate?: GateView;
}

export type BotRow = Selectable<BotsTable> & { active_version: number | null; active_ranked: boolean | null };
export type VersionRow = Omit<Selectable<BotVersionsTable>, 'source' | 'compiled_js'>;

export const BUILTIN_ID_PREFIX = 'builtin:';

export function toBotView(row: BotRow): BotView {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    builtin: false,
    activeVersion: row.active_version,
    activeVersionId: row.active_version_id,
    rankedEligible: row.active_ranked ?? false,
    createdAt: row.created_at.toISOString(),
  };
}

export function builtinView(bot: BuiltinBot): BotView {
  return {
    id: `${BUILTIN_ID_PREFIX}${bot.name}`,
    name: bot.name,
    ownerId: null,
    builtin: true,
    description: bot.description,
    activeVersion: null,
    activeVersionId: null,
    rankedEligible: true,
    createdAt: null,
  };
}

export function toGateView(gate: Selectable<GatesTable>): GateView {
  return {
    status: gate.status,
    wins: gate.wins,
    played: gate.played,
    total: gate.total,
    baselineVersionId: gate.baseline_version_id,
  };
}

export function toVersionView(
  row: VersionRow,
  activeVersionId: string | null,
  gate: Selectable<GatesTable> | undefined,
): VersionView {
  return {
    id: row.id,
    botId: row.bot_id,
    version: row.version,
    status: row.status,
    ...(row.error !== null ? { error: row.error } : {}),
    language: row.language,
    createdAt: row.created_at.toISOString(),
    active: row.id === activeVersionId,
    rankedEligible: row.ranked_eligible,
    ...(gate ? { gate: toGateView(gate) } : {}),
  };
}
