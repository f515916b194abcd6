/**
 * A battle worker dies mid-battle (SIGKILL from a failpoint, after the first round): the
 * battles.run command comes back to another instance, which plays the battle again, and the
 * result is recorded exactly once. RabbitMQ hands an unacknowledged message back as soon as its
 * consumer's connection drops; on pg-boss the survivor, starting, finds the dead process gone and
 * fails its active jobs for an immediate retry (ADR 180) instead of waiting 300 s for their expiry.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseReplay, resimulate } from '@garrison/game';
import type { Kysely } from '@garrison/kit';
import {
  createTestDatabase,
  identityHeaders,
  needsPostgres,
  needsRabbit,
  startServiceProcess,
  startTestService,
  waitFor,
  type TestDatabase,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { outboxCount } from './outbox.js';

const pg = await needsPostgres();
const rabbit = await needsRabbit();
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const AMQP = process.env.GARRISON_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const transports = [
  { name: 'RabbitMQ', bus: AMQP, kind: 'amqp' as const, missing: !rabbit },
  { name: 'pg-boss', bus: 'pgboss', kind: 'pgboss' as const, missing: false },
];

describe.skipIf(!pg).each(transports)('battles on $name: a worker that dies mid-battle', (transport) => {
  const databases: TestDatabase[] = [];
  let survivor: TestService<Database, typeof config> | undefined;

  afterAll(async () => {
    await survivor?.stop();
    for (const db of databases) await db.drop();
  });

  it.skipIf(transport.missing)(
    'when the worker playing a battle is killed, then another instance reruns it and the result is recorded once',
    async () => {
      const db = await createTestDatabase('battles');
      const bus = await createTestDatabase('battles_bus');
      databases.push(db, bus);
      const armFile = join(mkdtempSync(join(tmpdir(), 'battles-failpoint-')), 'armed');
      writeFileSync(armFile, '');
      const shared = {
        DATABASE_URL: db.url,
        BUS_DATABASE_URL: bus.url,
        GARRISON_BUS: transport.bus,
        BUS_PREFIX: `t${randomBytes(4).toString('hex')}.`,
      };

      const { url, exited: died } = await startServiceProcess(MAIN, {
        ...shared,
        GARRISON_FAILPOINT: 'battles.mid-battle',
        GARRISON_FAILPOINT_ARM_FILE: armFile,
      });

      const created = await fetch(`${url}/api/battles`, {
        method: 'POST',
        headers: {
          ...identityHeaders('3d3c0a0e-0000-4000-8000-000000000001', []),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          participants: [{ builtin: 'tracker' }, { builtin: 'spinner' }],
          rounds: 2,
          seed: 7,
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(await died).toBe('SIGKILL');
      expect(existsSync(armFile)).toBe(false); // the failpoint fired (mid-battle, after round 1)

      survivor = await startTestService(createBattlesService({ agentHub: null }), {
        bus: transport.kind,
        env: shared,
      });
      const battle = await waitFor(
        async () => {
          const row = await survivor!.ctx.db
            .selectFrom('battles')
            .selectAll()
            .where('id', '=', id)
            .executeTakeFirst();
          return row?.status === 'finished' ? row : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(battle.attempts).toBe(2); // begun by the dead worker, then rerun by the survivor
      const kysely = survivor.ctx.db as unknown as Kysely<unknown>;
      expect(await outboxCount(kysely, 'battle.started', id)).toBe(1);
      expect(await outboxCount(kysely, 'battle.finished', id)).toBe(1);

      const replay = await survivor.ctx.db
        .selectFrom('replays')
        .select('replay_gz')
        .where('battle_id', '=', id)
        .execute();
      expect(replay).toHaveLength(1);
      const { results } = resimulate(parseReplay(gunzipSync(replay[0]!.replay_gz).toString('utf8')));
      expect(results.rounds).toBe(2);
      const seats = await survivor.ctx.db
        .selectFrom('participants')
        .selectAll()
        .where('battle_id', '=', id)
        .execute();
      for (const place of results.places) {
        expect(seats.find((s) => s.seat === place.index)).toMatchObject({
          place: place.place,
          score: place.score,
        });
      }
    },
    300_000,
  );
});
