/**
 * A live battle outlives the battles instance playing it (ADR 280): when that instance stops
 * gracefully or is killed, the Agent reconnects to another instance, which takes the battle over from
 * its last checkpoint and plays it to the end — one result, one replay that re-simulates.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseReplay, resimulate } from '@garrison/game';
import type { Kysely } from '@garrison/kit';
import {
  anotherInstanceOf,
  httpClient,
  identityHeaders,
  needsPostgres,
  startServiceProcess,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { claimLiveBattle } from '../../src/live/live-ownership.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';
import { battleEnded, playingAgent, playsLive, type Message } from './live-agent.js';
import { outboxCount } from './outbox.js';

const pg = await needsPostgres();
const env = { BATTLE_LIVE_TICK_RATE: '100', BATTLE_WATCH_POLL_MS: '100', BATTLE_SPECTATOR_DELAY_MS: '0' };
const serviceMain = path.resolve(import.meta.dirname, '../../src/main.ts');

describe.skipIf(!pg)('battles: a live battle taken over by another instance', () => {
  let home: TestService<Database, typeof config>;
  const sharedDatabase = () => ({ ...env, ...anotherInstanceOf(home) });

  beforeAll(async () => {
    home = await startTestService(createBattlesService({ bots: new FakeBots() }), { env });
  });
  afterAll(async () => {
    await home?.stop();
  });

  /** Starts a practice battle of `player`'s Agent against tracker on `url`; waits until it has played some ticks. */
  async function battleUnderWay(url: string, player: string) {
    const agent = await playingAgent(url, player);
    const created = await httpClient(url)('POST', '/api/battles', {
      as: { id: player, roles: [] },
      body: { participants: [{ local: true }, { builtin: 'tracker' }], rounds: 3, seed: 21 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ticks = () => agent.messages.filter((m) => m.type === 'tick' && m.battleId === id);
    await waitFor(async () => ticks().length >= 30, { timeoutMs: 20_000, intervalMs: 20 });
    return { id, agent, ticks };
  }

  /** The battle's end as another instance played it, checked from the record, the outbox and the replay. */
  async function playedToTheEnd(id: string, player: string, ticksBefore: number) {
    const battle = await battleEnded(home.url, player, id, 60_000);
    expect(battle).toMatchObject({ status: 'finished' });
    const db = home.ctx.db as unknown as Kysely<unknown>;
    expect(await outboxCount(db, 'battle.started', id)).toBe(1);
    expect(await outboxCount(db, 'battle.finished', id)).toBe(1);
    expect(await outboxCount(db, 'battle.cancelled', id)).toBe(0);
    const res = await fetch(`${home.url}/api/battles/${id}/replay`, { headers: identityHeaders(player, []) });
    const replay = parseReplay(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
    expect(replay.ticks.length).toBeGreaterThan(ticksBefore);
    expect(resimulate(replay).results.ticks).toBe(replay.ticks.length);
    const left = await home.ctx.db
      .selectFrom('live_checkpoints')
      .select('seq')
      .where('battle_id', '=', id)
      .execute();
    expect(left).toEqual([]);
  }

  const ticksOf = (agent: { messages: Message[] }, id: string) =>
    agent.messages
      .filter((m) => m.type === 'tick' && m.battleId === id)
      .map((m) => ({ round: m.round as number, tick: m.tick as number }));
  /** Play went on from where it was: the first tick after the takeover is the last one seen, or one after. */
  const wentOnFrom = (last: { round: number; tick: number }, first: { round: number; tick: number }) =>
    first.round === last.round && first.tick >= last.tick && first.tick <= last.tick + 1;

  it('when the instance playing it stops gracefully, then the Agent reconnects to the other one, which goes on with the battle to its end', async () => {
    const visitor = await startTestService(createBattlesService({ bots: new FakeBots() }), {
      env: sharedDatabase(),
    });
    const player = randomUUID();
    const { id, agent } = await battleUnderWay(visitor.url, player);

    await visitor.stop();
    const seen = ticksOf(agent, id);
    expect(agent.messages.some((m) => m.type === 'battle-end')).toBe(false); // it was not told the battle ended
    const again = await playingAgent(home.url, player);
    await playedToTheEnd(id, player, seen.length);
    again.ws.close();
    expect(again.messages.some((m) => m.type === 'offer' && m.battleId === id)).toBe(true);
    // Handed over, the battle goes on from the very tick it had reached.
    const [first] = ticksOf(again, id);
    expect(wentOnFrom(seen.at(-1)!, first!), JSON.stringify({ last: seen.at(-1), first })).toBe(true);
  }, 90_000);

  it('when another process claims the battle while its player is still alive (a stall taken for a death), then the old one stops playing it without a word, and only the new one records the result', async () => {
    const visitor = await startTestService(createBattlesService({ bots: new FakeBots() }), {
      env: sharedDatabase(),
    });
    try {
      const player = randomUUID();
      const { id, agent } = await battleUnderWay(visitor.url, player);
      // The claim another instance would make, had it missed the stamps: the next epoch is its own.
      const claimed = await claimLiveBattle(home.ctx.db, id, -60_000);
      expect(claimed).toBe(1);
      // The old player finds out at its next save and stops: no battle-end, no cancel.
      await waitFor(async () => (await playsLive(visitor)) === false, { timeoutMs: 10_000, intervalMs: 50 });
      expect(agent.messages.some((m) => m.type === 'battle-end')).toBe(false);
      const seen = ticksOf(agent, id);

      const again = await playingAgent(home.url, player);
      await playedToTheEnd(id, player, seen.length);
      again.ws.close();
      agent.ws.close();
      expect(ticksOf(again, id).length).toBeGreaterThan(0);
      const { live_epoch } = await home.ctx.db
        .selectFrom('battles')
        .select('live_epoch')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(live_epoch).toBe(2); // the test's claim, then home's takeover once it went stale
    } finally {
      await visitor.stop();
    }
  }, 90_000);

  it('when the process playing it is killed, then the battle is taken over from its last checkpoint where the Agent reconnects', async () => {
    const crashing = await startServiceProcess(
      serviceMain,
      { ...home.env, ...env },
      { readyTimeoutMs: 60_000 },
    );
    try {
      const player = randomUUID();
      const { id, agent } = await battleUnderWay(crashing.url, player);
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // at least one checkpoint

      crashing.child.kill('SIGKILL');
      const killedAt = Date.now();
      const seen = ticksOf(agent, id);
      const again = await playingAgent(home.url, player);
      await waitFor(async () => ticksOf(again, id).length > 0, { timeoutMs: 30_000, intervalMs: 50 });
      console.log(
        `live battle takeover: kill -9 → first tick on the other instance in ${Date.now() - killedAt} ms`,
      );
      await playedToTheEnd(id, player, seen.length);
      again.ws.close();
      // It went on from its last checkpoint (at most a second back), not from the start.
      const [first] = ticksOf(again, id);
      const last = seen.at(-1)!;
      expect(first!.round * 100_000 + first!.tick).toBeGreaterThan(seen[0]!.round * 100_000 + seen[0]!.tick);
      expect(first!.round * 100_000 + first!.tick).toBeLessThanOrEqual(last.round * 100_000 + last.tick + 1);
    } finally {
      crashing.child.kill('SIGKILL');
    }
  }, 90_000);
});
