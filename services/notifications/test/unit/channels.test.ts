import { describe, expect, it } from 'vitest';
import { postWebhook } from '../../src/adapters/webhook-client.js';
import {
  NO_CHANNEL_SETTINGS,
  PermanentDeliveryError,
  planDeliveries,
  renderMail,
  signWebhook,
  verifyWebhook,
} from '../../src/domain/channels.js';
import { ratingChanged, tournamentFinished } from '../../src/domain/tanks-notifications.js';

const on = { email: true, webhook: true };
const settings = { email: 'a@example.com', webhookUrl: 'https://hooks.example.com/x', webhookSecret: 's' };

describe('delivery planning', () => {
  it('when both channels are on and configured, then both are planned with their targets', () => {
    expect(planDeliveries(on, settings, 'smtp')).toEqual([
      { channel: 'email', target: 'a@example.com' },
      { channel: 'webhook', target: 'https://hooks.example.com/x' },
    ]);
  });

  it('when a channel has nowhere to go, then it is left out, except mail kept in the embedded mailbox', () => {
    expect(planDeliveries(on, NO_CHANNEL_SETTINGS, 'smtp')).toEqual([]);
    expect(planDeliveries(on, NO_CHANNEL_SETTINGS, 'mailbox')).toEqual([{ channel: 'email', target: null }]);
  });

  it('when the channels are off, then nothing is planned', () => {
    expect(planDeliveries({ email: false, webhook: false }, settings, 'mailbox')).toEqual([]);
  });
});

describe('webhook signature', () => {
  it('when body, timestamp and secret match, then it verifies; any change breaks it', () => {
    const sig = signWebhook('secret', '1700000000', '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook('secret', '1700000000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhook('secret', '1700000001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhook('secret', '1700000000', '{"a":2}', sig)).toBe(false);
    expect(verifyWebhook('other', '1700000000', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhook('secret', '1700000000', '{"a":1}', 'sha256=short')).toBe(false);
  });

  it('when the URL points to a private or loopback address, then the POST is refused for good', async () => {
    for (const url of [
      'http://127.0.0.1:1/x',
      'http://10.1.2.3/x',
      'http://[::1]:1/x',
      'http://localhost:1/x',
    ]) {
      await expect(
        postWebhook({ url, body: '{}', headers: {}, timeoutMs: 500, allowPrivate: false }),
      ).rejects.toBeInstanceOf(PermanentDeliveryError);
    }
  });
});

describe('Tanks texts', () => {
  it('when a mail is rendered, then the subject is the title and the body the text', () => {
    const mail = renderMail({ title: 'T', body: 'B' }, 'from@x', 'to@x');
    expect(mail).toMatchObject({ from: 'from@x', to: 'to@x', subject: 'T' });
    expect(mail.text.startsWith('B\n')).toBe(true);
  });

  it('when a tournament finishes, then each entrant gets place and points, shared places said so', () => {
    const [first, second, eleventh] = tournamentFinished('e', {
      tournamentId: 't',
      title: 'Cup',
      participants: [
        { userId: 'a', place: 1, points: 100 },
        { userId: 'b', place: 2, points: 60 },
        { userId: 'c', place: 11, points: 1 },
      ],
    });
    expect(first!.title).toBe('Cup finished: you won');
    expect(second!.title).toBe('Cup finished: you placed 2nd');
    expect(eleventh!.title).toBe('Cup finished: you placed 11th');
    expect(eleventh!.body).toContain('1 rating point earned');
    expect(second!.data).toMatchObject({ place: 2, points: 60, shared: false });
  });

  it('when the rating changes after a battle, then the shown (conservative) rating is the title', () => {
    const n = ratingChanged('e', {
      userId: 'u',
      rating: 1662.3,
      rd: 290.3,
      conservative: 1081.7,
      points: 0,
      reason: 'battle',
      battleId: 'b',
    });
    expect(n.title).toBe('Your rating is now 1082');
    expect(n.data).toMatchObject({ battleId: 'b', reason: 'battle' });
  });
});
