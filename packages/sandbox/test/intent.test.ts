import { describe, expect, it } from 'vitest';
import { normalizeIntent, UnknownFieldWarnings } from '../src/intent.js';

describe('normalizeIntent', () => {
  it('when the intent has known numeric fields, then they are kept and unknown fields dropped and named', () => {
    expect(
      normalizeIntent({ speed: 8, bodyTurn: -3, turretTurn: 1, radarTurn: 45, fire: 2, extra: 'x' }, 50),
    ).toEqual({
      ok: true,
      intent: { speed: 8, bodyTurn: -3, turretTurn: 1, radarTurn: 45, fire: 2 },
      unknownFields: ['extra'],
    });
  });

  it('when the bot returns nothing or null, then the intent is empty', () => {
    expect(normalizeIntent(undefined, 50)).toEqual({ ok: true, intent: {}, unknownFields: [] });
    expect(normalizeIntent(null, 50)).toEqual({ ok: true, intent: {}, unknownFields: [] });
  });

  it('when fire is false, then it means no fire rather than an error', () => {
    expect(normalizeIntent({ fire: false, speed: 1 }, 50)).toEqual({
      ok: true,
      intent: { speed: 1 },
      unknownFields: [],
    });
  });

  it.each([
    ['a string', 'go'],
    ['a number', 3],
    ['an array', [1]],
  ])('when the bot returns %s, then the tick is rejected', (_label, value) => {
    expect(normalizeIntent(value, 50).ok).toBe(false);
  });

  it('when a field is not a finite number, then the reason names the field', () => {
    const result = normalizeIntent({ speed: 'fast' }, 50);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('speed') });
    expect(normalizeIntent({ bodyTurn: null }, 50).ok).toBe(false);
  });

  it('when debug is long or not a string, then it is turned into a string and cut', () => {
    const result = normalizeIntent({ debug: 'x'.repeat(100) }, 10);
    expect(result.ok && result.intent.debug).toBe(`${'x'.repeat(10)}…`);
    const object = normalizeIntent({ debug: { a: 1 } }, 50);
    expect(object.ok && object.intent.debug).toBe('{"a":1}');
  });

  it('when a bot misspells a field, then it is warned about once, with the field it most likely meant', () => {
    const warnings: string[] = [];
    const check = new UnknownFieldWarnings((text) => warnings.push(text));
    check.check(['radarTrun']);
    check.check(['radarTrun', 'colour']);
    expect(warnings).toEqual([
      expect.stringMatching(/^unknown intent field "radarTrun" ignored \(did you mean "radarTurn"\?\)/),
      expect.stringMatching(/^unknown intent field "colour" ignored; intent fields: speed, /),
    ]);
  });
});
