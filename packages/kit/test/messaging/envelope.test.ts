import { describe, expect, it } from 'vitest';
import { createEnvelope, runHandlingMessage, uuidv7 } from '../../src/messaging/envelope.js';

describe('envelopes', () => {
  it('when ids are made one after another, then they are version-7 UUIDs in creation order', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('when an event is published outside any handler, then it starts its own correlation and has no cause', () => {
    const e = createEnvelope({
      producer: 'users',
      type: 'user.created',
      version: 1,
      data: {},
      meta: undefined,
    });
    expect(e.correlationId).toBe(e.id);
    expect(e.causationId).toBeNull();
    expect(Date.parse(e.occurredAt)).toBeGreaterThan(0);
  });

  it('when an event is published while a message is handled, then it inherits the correlation and names the cause', async () => {
    const cause = createEnvelope({
      producer: 'users',
      type: 'user.created',
      version: 1,
      data: {},
      meta: { correlationId: 'req-42' },
    });
    const effect = await runHandlingMessage(cause, async () =>
      createEnvelope({
        producer: 'notifications',
        type: 'notification.sent',
        version: 1,
        data: {},
        meta: undefined,
      }),
    );
    expect(effect.correlationId).toBe('req-42');
    expect(effect.causationId).toBe(cause.id);
  });

  it('when meta is given explicitly, then it wins over the handled message', async () => {
    const cause = createEnvelope({ producer: 'a', type: 'x.done', version: 1, data: {}, meta: undefined });
    const effect = await runHandlingMessage(cause, async () =>
      createEnvelope({
        producer: 'b',
        type: 'y.done',
        version: 1,
        data: {},
        meta: { correlationId: 'c', causationId: null },
      }),
    );
    expect(effect).toMatchObject({ correlationId: 'c', causationId: null });
  });
});
