/**
 * Issue 10 item 3: one user's flood of uploads of an infinite-loop bot is bounded (429 with
 * Retry-After past the bound, with the real sandbox validating), and another user's upload is
 * validated and answered meanwhile.
 */
import { randomUUID } from 'node:crypto';
import {
  identityHeaders,
  needsPostgres,
  onTheBusOf,
  startTestService,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { botsService, botsServiceWith } from '../../src/service.js';
import { BattlesDouble } from './battles-double.js';

const pg = await needsPostgres();

const INFINITE = 'export default { onTick() { for (;;) {} } };';
const GOOD = 'export default { onTick() { return { speed: 8, bodyTurn: 5, radarTurn: 45 }; } };';

describe.skipIf(!pg)('bots: validations bounded per user (real sandbox)', () => {
  let battles: BattlesDouble;
  let bots: TestService<Database>;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    bots = await startTestService(botsService, {
      env: {
        ...onTheBusOf(battles),
        GARRISON_SERVICES: JSON.stringify({ battles: { grpc: battles.grpcUrl } }),
        BOTS_VALIDATION_CONCURRENCY: '2',
        BOTS_VALIDATIONS_PER_USER: '2',
        // Long enough that alice's second upload always gets its turn: the count below is exact.
        BOTS_VALIDATION_WAIT_MS: '60000',
        // A loaded test machine must not kill a validation (that answers 503, a busy host).
        BOTS_VALIDATION_TIMEOUT_MS: '60000',
      },
    });
  });

  afterAll(async () => {
    await bots?.stop();
    await battles?.stop();
  });

  const post = (userId: string, path: string, body: unknown) =>
    fetch(`${bots.url}${path}`, {
      method: 'POST',
      headers: { ...identityHeaders(userId, ['player']), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const newBot = async (userId: string) =>
    (
      (await (await post(userId, '/api/bots', { name: `b${randomUUID().slice(0, 8)}` })).json()) as {
        id: string;
      }
    ).id;

  it("when one user uploads an infinite-loop bot twelve times at once, then two are validated (invalid) and ten answer 429 with Retry-After; another user's upload is validated meanwhile", async () => {
    const [looping, good] = [await newBot(alice), await newBot(bob)];
    const flood = Array.from({ length: 12 }, () =>
      post(alice, `/api/bots/${looping}/versions`, { source: INFINITE, language: 'js' }),
    );
    const other = post(bob, `/api/bots/${good}/versions`, { source: GOOD, language: 'js' });
    const answers = await Promise.all(flood);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([...Array(2).fill(201), ...Array(10).fill(429)]);
    for (const res of answers.filter((r) => r.status === 429)) {
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 429, title: 'Too many validations' });
    }
    for (const res of answers.filter((r) => r.status === 201))
      expect(await res.json()).toMatchObject({ status: 'invalid' });

    const bobs = await other;
    expect(bobs.status).toBe(201);
    const bobsVersion = await bobs.json();
    expect(bobsVersion, JSON.stringify(bobsVersion)).toMatchObject({ status: 'valid' });

    const stored = await bots.ctx.db
      .selectFrom('bot_versions')
      .select('id')
      .where('bot_id', '=', looping)
      .execute();
    expect(stored).toHaveLength(2);
  }, 120_000);
});

describe.skipIf(!pg)('bots: a validation stopped at its wall-clock bound', () => {
  let battles: BattlesDouble;
  let bots: TestService<Database>;
  const carol = randomUUID();

  beforeAll(async () => {
    battles = await new BattlesDouble().start();
    bots = await startTestService(
      botsServiceWith({ validator: { validate: async () => ({ ok: false, unfinished: true }) } }),
      {
        env: {
          ...onTheBusOf(battles),
          GARRISON_SERVICES: JSON.stringify({ battles: { grpc: battles.grpcUrl } }),
        },
      },
    );
  });

  afterAll(async () => {
    await bots?.stop();
    await battles?.stop();
  });

  it('when the host is too busy to finish a validation, then 503 with Retry-After and no version is stored', async () => {
    const headers = { ...identityHeaders(carol, ['player']), 'content-type': 'application/json' };
    const bot = (await (
      await fetch(`${bots.url}/api/bots`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'slowpoke' }),
      })
    ).json()) as { id: string };
    const res = await fetch(`${bots.url}/api/bots/${bot.id}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ source: GOOD, language: 'js' }),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ title: 'Validation did not finish' });
    expect(
      await bots.ctx.db.selectFrom('bot_versions').select('id').where('bot_id', '=', bot.id).execute(),
    ).toEqual([]);
  });
});
