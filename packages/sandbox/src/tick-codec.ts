import type { BotEvent, Intent, Tick } from '@garrison/bot-api';

/**
 * The numeric boundary (ADR 260): the host writes each observation as doubles into a Float64Array
 * that lies in the bot's own WebAssembly memory, and the prelude turns them back into the very
 * same objects (same fields, same order, bit-identical doubles) — no JSON text, no number parsing
 * inside QuickJS. The answer comes back the same way when it is plain numbers.
 *
 * Layout of an observation (one double per slot):
 *
 *   0 tick · 1 round · 2 opponentsAlive · 3 bullet count · 4 event count
 *   5–12 self: x, y, heading, turret, radar, speed, energy, gunHeat
 *   then per bullet 6: id, x, y, heading, power, speed
 *   then per event: its code (EVENT_CODES), then its fields in EVENT_FIELDS order; `rammer` is
 *   1/0; a `skipped` event's reason travels in the call's string argument (rare: one JSON array of
 *   the tick's reasons, in order).
 *
 * Layout of an answer written by the prelude: slot 0 is ANSWER_NUMBERS when the answer is in the
 * view (otherwise the call returned the JSON text of the previous boundary), slot 1 a bit mask of
 * the present fields (bit i = INTENT_NUMBERS[i]), slots 2–6 their values.
 */
export const HEADER_SLOTS = 13;
export const BULLET_SLOTS = 6;

/** Every event kind of the bot API, with its numeric fields in the engine's order (after `type`). */
export const EVENT_FIELDS = {
  scan: ['id', 'x', 'y', 'heading', 'speed', 'energy', 'distance', 'bearing'],
  bulletHit: ['bulletId', 'target', 'damage'],
  bulletMissed: ['bulletId'],
  hitByBullet: ['from', 'damage', 'bearing'],
  hitWall: ['damage'],
  hitTank: ['id', 'damage', 'rammer'],
  tankDestroyed: ['id'],
  skipped: [],
} as const satisfies Record<BotEvent['type'], readonly string[]>;

export type EventType = keyof typeof EVENT_FIELDS;
export const EVENT_TYPES = Object.keys(EVENT_FIELDS) as EventType[];
/** Each event kind's code (its index in EVENT_TYPES) and fields, for the encoder. */
const EVENT_LAYOUT = new Map<string, { code: number; fields: readonly string[] }>(
  EVENT_TYPES.map((type, code) => [type, { code, fields: EVENT_FIELDS[type] }]),
);
/** Slots the largest event takes (code + fields): the encoder's bound per event. */
export const MAX_EVENT_SLOTS = 1 + Math.max(...EVENT_TYPES.map((type) => EVENT_FIELDS[type].length));

export const INTENT_NUMBERS = ['speed', 'bodyTurn', 'turretTurn', 'radarTurn', 'fire'] as const;
/** Slot 0 of an answer in the view (never a tick number, which the slot held before the call). */
export const ANSWER_NUMBERS = -1;

/** Slots an observation may need at most (a bound: the view is grown before it is exceeded). */
export function slotsNeeded(tick: Tick): number {
  return HEADER_SLOTS + tick.bullets.length * BULLET_SLOTS + tick.events.length * MAX_EVENT_SLOTS;
}

/**
 * Writes `tick` into `view` (which holds at least `slotsNeeded(tick)` slots) and returns the
 * reasons of its `skipped` events (usually none). An event kind the boundary does not know is an
 * engine/contract mismatch and throws.
 */
export function encodeTick(tick: Tick, view: Float64Array): string[] | undefined {
  const { self, bullets, events } = tick;
  view[0] = tick.tick;
  view[1] = tick.round;
  view[2] = tick.opponentsAlive;
  view[3] = bullets.length;
  view[4] = events.length;
  view[5] = self.x;
  view[6] = self.y;
  view[7] = self.heading;
  view[8] = self.turret;
  view[9] = self.radar;
  view[10] = self.speed;
  view[11] = self.energy;
  view[12] = self.gunHeat;
  let k = HEADER_SLOTS;
  for (const b of bullets) {
    view[k] = b.id;
    view[k + 1] = b.x;
    view[k + 2] = b.y;
    view[k + 3] = b.heading;
    view[k + 4] = b.power;
    view[k + 5] = b.speed;
    k += BULLET_SLOTS;
  }
  let reasons: string[] | undefined;
  for (const e of events) {
    const layout = EVENT_LAYOUT.get(e.type);
    if (!layout) {
      throw new TypeError(
        `the sandbox boundary has no encoding for event ${JSON.stringify((e as { type?: unknown }).type)}`,
      );
    }
    view[k++] = layout.code;
    const record = e as unknown as Record<string, number | boolean>;
    for (const field of layout.fields) {
      const value = record[field]!;
      view[k++] = value === true ? 1 : value === false ? 0 : value;
    }
    if (e.type === 'skipped') (reasons ??= []).push(e.reason);
  }
  return reasons;
}

/**
 * The prelude's decoder (JavaScript source, evaluated inside QuickJS): `readTick(f, reasons)`
 * builds the observation from the view exactly as `JSON.parse(JSON.stringify(tick))` built it
 * before, minus the text — the same fields in the same order. Generated from EVENT_FIELDS so host
 * and sandbox cannot drift apart.
 */
export function decoderSource(): string {
  const branches = EVENT_TYPES.map((type, code) => {
    const fields = EVENT_FIELDS[type] as readonly string[];
    const props = fields.map(
      (field, i) => `${field}: ${field === 'rammer' ? `f[k + ${i + 1}] === 1` : `f[k + ${i + 1}]`}`,
    );
    if (type === 'skipped') props.push('reason: reasons[r++]');
    return `if (code === ${code}) { events[e] = { type: '${type}'${props.map((p) => `, ${p}`).join('')} }; k += ${fields.length + 1}; }`;
  });
  return `function readTick(f, reasons) {
    const bulletCount = f[3], eventCount = f[4];
    const bullets = [], events = [];
    let k = ${HEADER_SLOTS}, r = 0;
    for (let b = 0; b < bulletCount; b++) {
      bullets[b] = { id: f[k], x: f[k + 1], y: f[k + 2], heading: f[k + 3], power: f[k + 4], speed: f[k + 5] };
      k += ${BULLET_SLOTS};
    }
    for (let e = 0; e < eventCount; e++) {
      const code = f[k];
      ${branches.join('\n      else ')}
      else throw new TypeError('unknown event code ' + code);
    }
    return {
      tick: f[0],
      round: f[1],
      self: { x: f[5], y: f[6], heading: f[7], turret: f[8], radar: f[9], speed: f[10], energy: f[11], gunHeat: f[12] },
      bullets: bullets,
      events: events,
      opponentsAlive: f[2],
    };
  }`;
}

/**
 * The prelude's answer writer (JavaScript source): `writeIntent(f, intent)` puts a plain intent
 * into the view and returns true when the JSON boundary would have read exactly those numbers:
 * undefined/null, or an ordinary object (prototype Object.prototype, no `toJSON`) whose own
 * enumerable keys — read once each, in order, as JSON.stringify reads them — are all numeric
 * intent fields holding finite numbers. Anything else returns false and the caller falls back to
 * the JSON text, which the host checks as before (a getter then runs again). Two branches per
 * field: the step budget counts QuickJS's checks of them (ADR 260).
 */
export function answerWriterSource(): string {
  const index = INTENT_NUMBERS.map((field, i) => `${field}: ${i}`).join(', ');
  return `const INTENT_INDEX = Object.assign(Object.create(null), { ${index} });
  function writeIntent(f, intent) {
    if (intent === undefined || intent === null) { f[0] = ${ANSWER_NUMBERS}; f[1] = 0; return true; }
    if (getProto(intent) !== ObjectProto || 'toJSON' in intent) return false;
    const names = keysOf(intent), count = names.length;
    let mask = 0;
    for (let n = 0; n < count; n++) {
      const name = names[n], value = intent[name], slot = INTENT_INDEX[name];
      // No arithmetic on a value that is not a number: it could run the bot's valueOf.
      if (typeof value !== 'number' || ((slot === undefined) | (value - value !== 0))) return false;
      f[2 + slot] = value;
      mask |= 1 << slot;
    }
    f[1] = mask;
    f[0] = ${ANSWER_NUMBERS};
    return true;
  }`;
}

/**
 * The host's reading of an answer in the view: the intent `normalizeIntent` would have made of the
 * same numbers sent as JSON (fields in its order; -0 arrives as 0, as JSON gave it).
 */
export function decodeIntent(view: Float64Array): Intent {
  const mask = view[1]!;
  const intent: Intent = {};
  for (let slot = 0; slot < INTENT_NUMBERS.length; slot++) {
    if ((mask & (1 << slot)) === 0) continue;
    const value = view[2 + slot]!;
    intent[INTENT_NUMBERS[slot]!] = value === 0 ? 0 : value;
  }
  return intent;
}
