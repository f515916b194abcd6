import { randomUUID } from 'node:crypto';
import {
  needsPostgres,
  needsRabbit,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { ratingsService } from '../../src/service.js';
import { battleFinished, handled, publish, publisherOf } from './fixtures.js';

const pg = await needsPostgres();
const rabbit = await needsRabbit();

describe.skipIf(!pg || !rabbit)('ratings over RabbitMQ', () => {
  let ratings: TestService<Database>;
  let battles: TestService;

  beforeAll(async () => {
    ratings = await startTestService(ratingsService, { bus: 'amqp' });
    battles = await startTestService(publisherOf('battles'), {
      bus: 'amqp',
      database: true,
      env: { BUS_PREFIX: ratings.env.BUS_PREFIX! },
    });
  });

  afterAll(async () => {
    await battles?.stop();
    await ratings?.stop();
  });

  it('when a ranked duel arrives through RabbitMQ, then both players are rated and rating.changed goes out', async () => {
    const [winner, loser] = [randomUUID(), randomUUID()];
    const event = await publish(
      battles,
      'battle.finished',
      battleFinished([
        { userId: winner, place: 1 },
        { userId: loser, place: 2 },
      ]),
    );
    await waitFor(() => handled(ratings.ctx.db, event.id), { timeoutMs: 15_000 });
    const changed = await ratings.events.waitFor<{ userId: string; rating: number; battles: number }>(
      'rating.changed',
      (e) => e.data.userId === winner,
    );
    expect(changed.data.battles).toBe(1);
    expect(changed.data.rating).toBeGreaterThan(1500);
  });
});
