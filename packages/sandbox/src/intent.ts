import type { Intent } from '@garrison/bot-api';

const NUMERIC_FIELDS = ['speed', 'bodyTurn', 'turretTurn', 'radarTurn', 'fire'] as const;

/** `unknownFields`: keys the bot set that no intent has (a typo such as `radarTrun`). */
export type IntentCheck =
  { ok: true; intent: Intent; unknownFields: string[] } | { ok: false; reason: string };

const KNOWN_FIELDS = new Set<string>([...NUMERIC_FIELDS, 'debug']);

/**
 * Turns whatever a bot handed back into a clean intent: known fields only, finite numbers,
 * `debug` cut to size. Missing fields stay missing (the engine reads them as 0 / no fire and
 * clamps every value). `undefined`/`null` mean "no intent fields"; anything else that is not a
 * plain object, or a field of the wrong type, is reported so the tick is skipped.
 */
export function normalizeIntent(value: unknown, maxDebugChars: number): IntentCheck {
  if (value === undefined || value === null) return { ok: true, intent: {}, unknownFields: [] };
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
  const unknownFields = Object.keys(source).filter((key) => !KNOWN_FIELDS.has(key));
  return { ok: true, intent, unknownFields };
}

/** Distinct unknown fields warned about per bot (the debug log is bounded anyway). */
const MAX_FIELD_WARNINGS = 20;
const INTENT_FIELDS = [...NUMERIC_FIELDS, 'debug'];

/**
 * The engine ignores fields it does not know, so a typo (`radarTrun: 45`) would go unnoticed:
 * warn once per field, with the field it most likely meant.
 */
export class UnknownFieldWarnings {
  private readonly warned = new Set<string>();

  constructor(private readonly warn: (text: string) => void) {}

  check(fields: readonly string[]): void {
    for (const field of fields) {
      if (this.warned.has(field) || this.warned.size >= MAX_FIELD_WARNINGS) continue;
      this.warned.add(field);
      const guess = closestField(field);
      const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
      this.warn(
        `unknown intent field "${shown}" ignored${guess ? ` (did you mean "${guess}"?)` : ''}; intent fields: ${INTENT_FIELDS.join(', ')}`,
      );
    }
  }
}

/** The known field a misspelt one most likely meant (Levenshtein distance ≤ 2, case-blind). */
function closestField(field: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of INTENT_FIELDS) {
    const distance = editDistance(field.toLowerCase(), known.toLowerCase());
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 40) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
