import { describe, expect, it } from 'vitest';
import { MessageValidator, readMessageSchemas } from '../src/protocol/schemas.js';

describe('contracts/ws schemas of tanks/1', () => {
  const schemas = readMessageSchemas();

  it('when every schema is read, then each has a description, a matching type const and examples that validate', () => {
    const validators = {
      agent: new MessageValidator('agent'),
      server: new MessageValidator('server'),
      spectator: new MessageValidator('spectator'),
    };
    expect(schemas.length).toBeGreaterThan(15);
    for (const { direction, type, schema } of schemas) {
      expect(schema.description, type).toBeTruthy();
      expect(schema.examples?.length, type).toBeGreaterThan(0);
      for (const example of schema.examples ?? []) {
        const checked = validators[direction].check(example);
        expect(checked, `${direction}/${type}`).toMatchObject({ ok: true });
        if (direction !== 'spectator') expect((example as { type: string }).type).toBe(type);
      }
    }
  });

  it('when an agent message has fields the server does not know, then it is still valid (old and new agents keep working)', () => {
    const validator = new MessageValidator('agent');
    expect(validator.check({ type: 'hello', protocol: 'tanks/1', futureField: { any: 1 } })).toMatchObject({
      ok: true,
    });
    expect(
      validator.check({
        type: 'intent',
        battleId: 'b',
        round: 1,
        tick: 0,
        intent: { speed: 1, shield: true },
      }),
    ).toMatchObject({ ok: true });
  });

  it('when input is bad, then the validator says why with a protocol error code', () => {
    const validator = new MessageValidator('agent');
    expect(validator.parse('{nope')).toMatchObject({ ok: false, code: 'not-json' });
    expect(validator.parse('[1]')).toMatchObject({ ok: false, code: 'bad-message' });
    expect(validator.parse('{"type":"teleport"}')).toMatchObject({ ok: false, code: 'unknown-type' });
    const bad = validator.parse('{"type":"intent","battleId":"b","round":1,"tick":"3"}');
    expect(bad).toMatchObject({ ok: false, code: 'bad-message' });
    expect(bad.ok ? '' : bad.reason).toContain('/tick');
    expect(
      validator.parse('{"type":"intent","battleId":"b","round":1,"tick":3,"intent":{"speed":"fast"}}'),
    ).toMatchObject({
      ok: false,
      code: 'bad-message',
    });
  });
});
