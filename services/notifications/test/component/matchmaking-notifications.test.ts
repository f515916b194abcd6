import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import type { NotificationsDatabase } from '../../src/adapters/database.js';
import { notificationsService } from '../../src/service.js';
import { publish, redeliver, standInProducer } from './fixtures.js';

const pg = await needsPostgres();

interface Item {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

describe.skipIf(!pg)('notifications for matchmaking events (challenges, match found)', () => {
  let matchmaking: TestService;
  let notifications: TestService<NotificationsDatabase>;
  const inbox = async (userId: string): Promise<Item[]> => {
    const res = await fetch(`${notifications.url}/api/notifications?limit=100`, {
      headers: identityHeaders(userId),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Item[] }).items;
  };
  const inboxWith = (userId: string, type: string) =>
    waitFor(
      async () => {
        const items = (await inbox(userId)).filter((i) => i.type === type);
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 15_000, message: `${type} for ${userId}` },
    );

  beforeAll(async () => {
    matchmaking = await startTestService(standInProducer('matchmaking'), { database: true });
    const bus = {
      BUS_DATABASE_URL: matchmaking.env.BUS_DATABASE_URL!,
      BUS_PREFIX: matchmaking.env.BUS_PREFIX!,
    };
    notifications = await startTestService(notificationsService, { env: { GARRISON_BUS: 'pgboss', ...bus } });
  });

  afterAll(async () => {
    await notifications?.stop();
    await matchmaking?.stop();
  });

  it('when a challenge is sent, accepted or declined, then the opponent is told it arrived and the challenger how it was answered', async () => {
    const [challenger, opponent] = [randomUUID(), randomUUID()];
    const challengeId = randomUUID();
    const battleId = randomUUID();
    const base = { challengeId, challengerId: challenger, opponentId: opponent };
    const created = await publish(matchmaking, 'challenge.created', {
      ...base,
      challengerName: 'Ann Example',
      rules: { mode: 'duel', rounds: 5 },
      ranked: true,
      createdAt: '2026-11-23T10:00:00.000Z',
      expiresAt: '2026-11-24T10:00:00.000Z',
    });
    const [received] = await inboxWith(opponent, 'challenge.received');
    expect(received!.title).toBe('Ann Example challenged you to a ranked duel of 5 rounds');
    expect(received!.body).toContain('24 h');
    expect(received!.data).toMatchObject({ challengeId, challengerId: challenger });

    await publish(matchmaking, 'challenge.accepted', {
      ...base,
      battleId,
      rules: { mode: 'duel', rounds: 5 },
      ranked: true,
      acceptedAt: '2026-11-23T10:05:00.000Z',
    });
    const [accepted] = await inboxWith(challenger, 'challenge.accepted');
    expect(accepted!.data).toMatchObject({ challengeId, battleId, battleUrl: `/battles/${battleId}` });

    const other = randomUUID();
    await publish(matchmaking, 'challenge.declined', {
      challengeId: other,
      challengerId: challenger,
      opponentId: opponent,
      declinedAt: '2026-11-23T10:06:00.000Z',
    });
    const [declined] = await inboxWith(challenger, 'challenge.declined');
    expect(declined!.data).toMatchObject({ challengeId: other, opponentId: opponent });

    // a redelivered challenge.created does not notify twice
    await redeliver(matchmaking, created);
    const marker = randomUUID();
    await publish(matchmaking, 'challenge.declined', {
      challengeId: marker,
      challengerId: opponent,
      opponentId: challenger,
      declinedAt: '2026-11-23T10:07:00.000Z',
    });
    await inboxWith(opponent, 'challenge.declined');
    expect((await inbox(opponent)).filter((i) => i.type === 'challenge.received')).toHaveLength(1);
    expect(await inbox(challenger)).toHaveLength(2);
  });

  it('when auto-search finds a match, then both players are told with their opponent and battle', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const battleId = randomUUID();
    await publish(matchmaking, 'match.found', {
      matchId: randomUUID(),
      battleId,
      ranked: true,
      rules: { mode: 'duel', rounds: 5 },
      players: [
        { userId: a, rating: 812.4, opponentId: b, waitedSeconds: 3 },
        { userId: b, rating: 790, opponentId: a, waitedSeconds: 12 },
      ],
      foundAt: '2026-11-23T10:00:13.000Z',
    });
    const [forA] = await inboxWith(a, 'match.found');
    const [forB] = await inboxWith(b, 'match.found');
    expect(forA!.body).toContain('rated 790');
    expect(forB!.body).toContain('rated 812');
    expect(forA!.data).toMatchObject({ battleId, opponentId: b });
    expect(forB!.data).toMatchObject({ battleId, opponentId: a });
  });
});
