import type { Intent } from '@garrison/bot-api';

const NUMERIC_FIELDS = ['speed', 'bodyTurn', 'turretTurn', 'radarTurn', 'fire'] as const;

export type IntentCheck = { ok: true; intent: Intent } | { ok: false; reason: string };

/**
 * Turns whatever a bot handed back into a clean intent: known fields only, finite numbers,
 * `debug` cut to size. Missing fields stay missing (the engine reads them as 0 / no fire and
 * clamps every value). `undefined`/`null` mean "no intent fields"; anything else that is not a
 * plain object, or a field of the wrong type, is reported so the tick is skipped.
 */
export function normalizeIntent(value: unknown, maxDebugChars: number): IntentCheck {
  if (value === undefined || value === null) return { ok: true, intent: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      reason: `invalid intent: onTick must return an object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    };
  }
  const source = value as Record<string, unknown>;
  const intent: Intent = {};
  for (const field of NUMERIC_FIELDS) {
    const raw = source[field];
    if (raw === undefined) continue;
    if (field === 'fire' && (raw === false || raw === null)) continue;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      return {
        ok: false,
        reason: `invalid intent: ${field} must be a finite number, got ${raw === null ? 'null (NaN/Infinity?)' : typeof raw}`,
      };
    }
    intent[field] = raw;
  }
  const debug = source['debug'];
  if (debug !== undefined && debug !== null) {
    const text = typeof debug === 'string' ? debug : (JSON.stringify(debug) ?? String(debug));
    intent.debug = text.length > maxDebugChars ? `${text.slice(0, maxDebugChars)}…` : text;
  }
  return { ok: true, intent };
}
