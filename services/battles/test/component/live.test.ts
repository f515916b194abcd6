/**
 * A live battle: a local Agent (a scripted WebSocket client speaking tanks/1) plays a practice
 * battle against a built-in bot in real time (sped up), a spectator sees engine frames, and the
 * result is recorded like a hosted one.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { parseReplay, resimulate } from '@garrison/game';
import {
  httpClient,
  identityHeaders,
  needsPostgres,
  startTestService,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';
import { connect, playingAgent } from './live-agent.js';

const pg = await needsPostgres();

describe.skipIf(!pg)('battles: live battles with a local Agent', () => {
  let svc: TestService<Database, typeof config>;
  const player = randomUUID();

  beforeAll(async () => {
    svc = await startTestService(createBattlesService({ bots: new FakeBots() }), {
      env: { BATTLE_LIVE_TICK_RATE: '500', BATTLE_WATCH_POLL_MS: '100' },
    });
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it("when the player's agent is not connected, then a practice battle with it is refused with 409", async () => {
    const res = await httpClient(svc.url)('POST', '/api/battles', {
      as: { id: randomUUID(), roles: [] },
      body: { participants: [{ local: true }, { builtin: 'sitting-duck' }], rounds: 1 },
    });
    expect(res.status).toBe(409);
    expect(res.body.title).toBe('Agent not connected');
  });

  it('when a connected agent plays against a built-in bot, then a spectator sees frames and the result is recorded and re-simulates', async () => {
    const base = svc.url.replace('http', 'ws');
    const agent = await playingAgent(svc.url, player);

    const created = await httpClient(svc.url)('POST', '/api/battles', {
      as: { id: player, roles: [] },
      body: { participants: [{ local: true }, { builtin: 'sitting-duck' }], rounds: 1, seed: 5 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const spectator = await connect(`${base}/api/battles/${id}/live`, randomUUID());
    const closed = new Promise<number>((resolve) => spectator.ws.on('close', (code) => resolve(code)));

    expect(await closed).toBe(1000);
    expect(spectator.messages.some((m) => m.type === 'frame')).toBe(true);
    const result = spectator.messages.at(-1)! as {
      type: string;
      battle: {
        status: string;
        participants: Array<{ place: number; score: number; userId: string | null }>;
      };
    };
    expect(result.type).toBe('result');
    expect(result.battle.status).toBe('finished');
    expect(result.battle.participants[0]!.userId).toBe(player);

    const replayRes = await fetch(`${svc.url}/api/battles/${id}/replay`, {
      headers: identityHeaders(player, []),
    });
    const replay = parseReplay(gunzipSync(Buffer.from(await replayRes.arrayBuffer())).toString('utf8'));
    const { results } = resimulate(replay);
    for (const place of results.places) {
      expect(result.battle.participants[place.index]).toMatchObject({
        place: place.place,
        score: place.score,
      });
    }
    agent.ws.close();
  }, 60_000);
});
