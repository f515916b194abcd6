import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityHeaders, needsPostgres, startTestService, waitFor } from '@garrison/kit/testing';
import { verifyWebhook } from '../../src/domain/channels.js';
import { notificationsService } from '../../src/service.js';
import { isSent, publish, redeliver, standInProducer } from './fixtures.js';

const pg = await needsPostgres();

interface Item {
  id: string;
  type: string;
  title: string;
  data: Record<string, unknown>;
}
interface Mail {
  to: string | null;
  subject: string;
  body: string;
}
interface Delivery {
  channel: string;
  status: string;
  attempts: number;
  type: string;
}
interface Preferences {
  types: Record<string, { email: boolean; webhook: boolean }>;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  emailDelivery: string;
}

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver that answers with the given statuses in turn (then 200), keeping every request. */
async function webhookReceiver(statuses: number[]) {
  const received: Hook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/garrison`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function invitation(userId: string) {
  return {
    tournamentId: randomUUID(),
    userId,
    organizerId: randomUUID(),
    title: 'Friday Night Tanks',
    startsAt: '2026-11-27T19:00:00.000Z',
    invitedAt: new Date().toISOString(),
  };
}

function ratingChange(userId: string) {
  return {
    userId,
    rating: 1662.31,
    rd: 290.32,
    volatility: 0.06,
    conservative: 1081.67,
    points: 0,
    battles: 1,
    reason: 'battle',
    battleId: randomUUID(),
    seq: 1,
    changedAt: new Date().toISOString(),
  };
}

/** A notifications instance with every party on one bus, as in one running system. */
async function system(env: Record<string, string> = {}) {
  const tournaments = await startTestService(standInProducer('tournaments'), { database: true });
  const bus = {
    BUS_DATABASE_URL: tournaments.env.BUS_DATABASE_URL!,
    BUS_PREFIX: tournaments.env.BUS_PREFIX!,
  };
  const ratings = await startTestService(standInProducer('ratings'), { database: true, env: bus });
  const notifications = await startTestService(notificationsService, {
    env: {
      GARRISON_BUS: 'pgboss',
      ...bus,
      NOTIFICATIONS_DELIVERY_RETRY_BASE_MS: '50',
      NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...env,
    },
  });
  const call = async <T>(method: string, path: string, userId: string, body?: unknown) => {
    const res = await fetch(`${notifications.url}${path}`, {
      method,
      headers: {
        ...identityHeaders(userId),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const get = async <T>(path: string, userId: string) => {
    const res = await call<T>('GET', path, userId);
    expect(res.status).toBe(200);
    return res.body;
  };
  const api = {
    tournaments,
    ratings,
    notifications,
    call,
    inbox: async (userId: string) =>
      (await get<{ items: Item[] }>('/api/notifications?limit=100', userId)).items,
    mailbox: (userId: string) =>
      get<{ emailDelivery: string; items: Mail[] }>('/api/notifications/mailbox', userId),
    deliveries: async (userId: string) =>
      (await get<{ items: Delivery[] }>('/api/notifications/deliveries', userId)).items,
    preferences: (userId: string) => get<Preferences>('/api/notifications/preferences', userId),
    setPreferences: async (userId: string, body: unknown) => {
      const res = await call<Preferences>('PUT', '/api/notifications/preferences', userId, body);
      expect(res.status).toBe(200);
      return res.body;
    },
    async inboxOfSize(userId: string, size: number) {
      return waitFor(
        async () => {
          const items = await api.inbox(userId);
          return items.length >= size ? items : undefined;
        },
        { timeoutMs: 15_000, message: `${size} notification(s) for ${userId}` },
      );
    },
    async stop() {
      await notifications.stop();
      await ratings.stop();
      await tournaments.stop();
    },
  };
  return api;
}

describe.skipIf(!pg)('notification channels (embedded mode: mailbox)', () => {
  let sys: Awaited<ReturnType<typeof system>>;

  beforeAll(async () => {
    sys = await system();
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('when email is on for the type, then the event makes one inbox entry and one mailbox mail, even when delivered twice', async () => {
    const userId = randomUUID();
    const prefs = await sys.setPreferences(userId, {
      types: { 'tournament.invited': { email: true } },
      email: 'ann@example.com',
    });
    expect(prefs).toMatchObject({ email: 'ann@example.com', emailDelivery: 'mailbox' });
    expect(prefs.types['tournament.invited']).toEqual({ email: true, webhook: false });

    const eventId = await publish(sys.tournaments, 'tournament.invitation-sent', invitation(userId));
    const [item] = await sys.inboxOfSize(userId, 1);
    expect(item).toMatchObject({
      type: 'tournament.invited',
      title: 'You are invited to Friday Night Tanks',
    });
    const mailbox = await waitFor(
      async () => {
        const m = await sys.mailbox(userId);
        return m.items.length > 0 ? m : undefined;
      },
      { timeoutMs: 15_000, message: 'mail in the mailbox' },
    );
    expect(mailbox.emailDelivery).toBe('mailbox');
    expect(mailbox.items).toHaveLength(1);
    expect(mailbox.items[0]).toMatchObject({ to: 'ann@example.com', subject: item!.title });
    expect(mailbox.items[0]!.body).toContain('Friday Night Tanks');
    await waitFor(async () => (await sys.deliveries(userId))[0]?.status === 'sent', { timeoutMs: 10_000 });

    await redeliver(sys.tournaments, eventId);
    await waitFor(() => isSent(sys.tournaments, eventId), { timeoutMs: 10_000, message: 'relayed again' });
    // A later event of the same producer queue is handled after the duplicate.
    await publish(sys.tournaments, 'tournament.invitation-sent', invitation(userId));
    await sys.inboxOfSize(userId, 2);
    await waitFor(async () => (await sys.mailbox(userId)).items.length === 2, { timeoutMs: 15_000 });
    expect(await sys.deliveries(userId)).toHaveLength(2);
  });

  it('when email is off for the type, then the notification reaches the inbox and no mail is made', async () => {
    const userId = randomUUID();
    // An address and email on for another type: still nothing for this one.
    await sys.setPreferences(userId, {
      types: { 'tournament.finished': { email: true } },
      email: 'bob@example.com',
    });
    await publish(sys.tournaments, 'tournament.cancelled', {
      tournamentId: randomUUID(),
      title: 'Rainy Cup',
      seriesId: null,
      reason: 'cancelled by the organiser',
      cancelledAt: new Date().toISOString(),
      userIds: [userId],
    });
    const [item] = await sys.inboxOfSize(userId, 1);
    expect(item).toMatchObject({ type: 'tournament.cancelled', title: 'Rainy Cup was cancelled' });
    // Deliveries are written in the inbox row's transaction: none now means none ever.
    expect(await sys.deliveries(userId)).toEqual([]);
    expect((await sys.mailbox(userId)).items).toEqual([]);
  });

  it('when the webhook first answers 500, then it is retried and the second POST carries a valid signature and the same delivery id', async () => {
    const hook = await webhookReceiver([500]);
    try {
      const userId = randomUUID();
      const prefs = await sys.setPreferences(userId, {
        types: { 'rating.changed': { webhook: true } },
        webhookUrl: hook.url,
      });
      expect(prefs.webhookUrl).toBe(hook.url);
      expect(prefs.webhookSecret).toMatch(/^whsec_/);
      await publish(sys.ratings, 'rating.changed', ratingChange(userId));
      const [item] = await sys.inboxOfSize(userId, 1);
      await waitFor(() => hook.received.length >= 2, { timeoutMs: 15_000, message: 'webhook retried' });
      const [first, second] = hook.received as [Hook, Hook];
      expect(second.headers['x-garrison-delivery']).toBe(first.headers['x-garrison-delivery']);
      expect(
        verifyWebhook(
          prefs.webhookSecret!,
          String(second.headers['x-garrison-timestamp']),
          second.body,
          String(second.headers['x-garrison-signature']),
        ),
      ).toBe(true);
      expect(
        verifyWebhook(
          'whsec_wrong',
          String(second.headers['x-garrison-timestamp']),
          second.body,
          String(second.headers['x-garrison-signature']),
        ),
      ).toBe(false);
      const payload = JSON.parse(second.body) as { deliveryId: string; userId: string; notification: Item };
      expect(payload).toMatchObject({ userId, notification: { id: item!.id, type: 'rating.changed' } });
      expect(payload.deliveryId).toBe(second.headers['x-garrison-delivery']);
      const [delivery] = await waitFor(
        async () => {
          const d = await sys.deliveries(userId);
          return d[0]?.status === 'sent' ? d : undefined;
        },
        { timeoutMs: 10_000, message: 'delivery marked sent' },
      );
      expect(delivery).toMatchObject({ channel: 'webhook', status: 'sent', attempts: 2 });
      expect(hook.received).toHaveLength(2);
    } finally {
      await hook.close();
    }
  });

  it('when Tanks events arrive, then each participant is told with the texts of their outcome', async () => {
    const [winner, third] = [randomUUID(), randomUUID()];
    const tournamentId = randomUUID();
    await publish(sys.tournaments, 'tournament.finished', {
      tournamentId,
      seriesId: null,
      title: 'Autumn Open',
      weight: 1,
      rating: 1500,
      finishedAt: new Date().toISOString(),
      participants: [
        { userId: winner, place: 1, points: 100 },
        { userId: third, place: 3, points: 35 },
        { userId: randomUUID(), place: 3, points: 35 },
      ],
    });
    await publish(sys.tournaments, 'tournament.application-decided', {
      tournamentId,
      applicationId: randomUUID(),
      userId: winner,
      status: 'rejected',
      reason: 'bring a stronger bot',
      title: 'Autumn Open',
      decidedAt: new Date().toISOString(),
    });
    await publish(sys.tournaments, 'tournament.battle-starting-soon', {
      tournamentId,
      battleId: randomUUID(),
      userId: winner,
      startsAt: '2026-11-27T19:05:00.000Z',
      minutesBefore: 5,
      title: 'Autumn Open',
    });
    await publish(sys.tournaments, 'tournament.started', {
      tournamentId,
      title: 'Autumn Open',
      seriesId: null,
      format: 'swiss',
      rating: 1200,
      weight: 0.8,
      startedAt: new Date().toISOString(),
      participants: [
        { userId: winner, seed: 1 },
        { userId: third, seed: 2 },
      ],
    });
    const items = await sys.inboxOfSize(winner, 4);
    expect(items.map((i) => i.title).sort()).toEqual(
      [
        'Autumn Open finished: you won',
        'Autumn Open has started',
        'Your application to Autumn Open was rejected',
        'Your battle in Autumn Open starts in 5 minutes',
      ].sort(),
    );
    const [thirdPlace] = (await sys.inboxOfSize(third, 2)).filter((i) => i.type === 'tournament.finished');
    expect(thirdPlace).toMatchObject({
      title: 'Autumn Open finished: you placed shared 3rd',
      data: { place: 3, points: 35, shared: true },
    });
  });

  it('when preferences are invalid, then 400 problem+json and nothing changes', async () => {
    const userId = randomUUID();
    for (const body of [
      { webhookUrl: 'ftp://example.com/hook' },
      { email: 'not-an-address' },
      { types: { 'no.such.type': { email: true } } },
      { types: { welcome: { inApp: false } } },
    ]) {
      const res = await sys.call('PUT', '/api/notifications/preferences', userId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await sys.preferences(userId)).toMatchObject({
      email: null,
      webhookUrl: null,
      webhookSecret: null,
    });
    expect((await sys.call('POST', '/api/notifications/preferences/webhook-secret', userId)).status).toBe(
      409,
    );
  });
});

describe.skipIf(!pg)('notification channels (SMTP)', () => {
  const mails: { to: string[]; raw: string }[] = [];
  let smtp: SMTPServer;
  let sys: Awaited<ReturnType<typeof system>>;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    sys = await system({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Garrison <tanks@garrison.test>' });
  });
  afterAll(async () => {
    await sys?.stop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('when SMTP is configured and email is on, then a real mail goes to the address and the mailbox stays empty', async () => {
    const userId = randomUUID();
    const prefs = await sys.setPreferences(userId, {
      types: { 'tournament.invited': { email: true } },
      email: 'carol@example.com',
    });
    expect(prefs.emailDelivery).toBe('smtp');
    await publish(sys.tournaments, 'tournament.invitation-sent', invitation(userId));
    const mail = await waitFor(() => mails.find((m) => m.to.includes('carol@example.com')), {
      timeoutMs: 15_000,
      message: 'mail over SMTP',
    });
    expect(mail.raw).toMatch(/^Subject: You are invited to Friday Night Tanks$/m);
    expect(mail.raw).toMatch(/^From: Garrison <tanks@garrison.test>$/m);
    await waitFor(async () => (await sys.deliveries(userId))[0]?.status === 'sent', { timeoutMs: 10_000 });
    expect((await sys.mailbox(userId)).items).toEqual([]);
  });
});
