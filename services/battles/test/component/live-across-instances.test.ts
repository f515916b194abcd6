/**
 * Two battles instances on one database: a live battle is played by the instance that holds the
 * player's Agent, even when another service asked the other instance to create it (ADR 175), and a
 * spectator connected to the other instance still sees its engine frames — in order, each once — and
 * the result (ADR 174). A spectator on the playing instance gets no frame twice. Two players whose
 * Agents are connected to different instances both play their seats of one battle (ADR 281).
 */
import { randomUUID } from 'node:crypto';
import { BattlesService } from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import {
  anotherInstanceOf,
  grpcTestClient,
  httpClient,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import { createBattlesService } from '../../src/service.js';
import { FakeBots } from './fake-bots.js';
import { battleEnded, connect, playingAgent, playsLive, type Message } from './live-agent.js';

const pg = await needsPostgres();
const env = { BATTLE_LIVE_TICK_RATE: '200', BATTLE_WATCH_POLL_MS: '100', BATTLE_SPECTATOR_DELAY_MS: '0' };

describe.skipIf(!pg)('battles: spectators of a live battle played on another instance', () => {
  let playing: TestService<Database, typeof config>;
  let other: TestService<Database, typeof config>;
  let closeGrpc = () => {};

  beforeAll(async () => {
    playing = await startTestService(createBattlesService({ bots: new FakeBots() }), { env });
    other = await startTestService(createBattlesService({ bots: new FakeBots() }), {
      env: {
        ...env,
        ...anotherInstanceOf(playing),
      },
    });
  });

  afterAll(async () => {
    closeGrpc();
    await other?.stop();
    await playing?.stop();
  });

  it('when the Agent plays on one instance and a spectator watches through the other, then the spectator sees every frame once, in order, and the result', async () => {
    const player = randomUUID();
    const agent = await playingAgent(playing.url, player);
    const created = await httpClient(playing.url)('POST', '/api/battles', {
      as: { id: player, roles: [] },
      body: { participants: [{ local: true }, { builtin: 'sitting-duck' }], rounds: 1, seed: 7 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const watch = async (url: string) => {
      const spectator = await connect(`${url.replace('http', 'ws')}/api/battles/${id}/live`, randomUUID());
      const closed = new Promise<number>((resolve) => spectator.ws.on('close', (code) => resolve(code)));
      return { messages: spectator.messages, closed };
    };
    const elsewhere = await watch(other.url);
    const here = await watch(playing.url);
    expect(await elsewhere.closed).toBe(1000);
    expect(await here.closed).toBe(1000);
    agent.ws.close();

    const ticks = (messages: Message[]) =>
      messages.filter((m) => m.type === 'frame').map((m) => `${String(m.round)}:${String(m.tick)}`);
    const seenElsewhere = ticks(elsewhere.messages);
    expect(seenElsewhere.length).toBeGreaterThan(10);
    expect(new Set(seenElsewhere).size).toBe(seenElsewhere.length);
    const order = seenElsewhere.map((t) => Number(t.split(':')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const seenHere = ticks(here.messages);
    expect(new Set(seenHere).size).toBe(seenHere.length);
    expect(elsewhere.messages.at(-1)).toMatchObject({ type: 'result', battle: { status: 'finished' } });
  }, 60_000);

  it('when a tournament asks the instance without the Agent to create a live battle, then the instance holding the Agent plays it', async () => {
    const player = randomUUID();
    const agent = await playingAgent(playing.url, player);
    const { client: grpc, close } = grpcTestClient(BattlesService, other.grpcUrl!);
    closeGrpc = close;
    const battle = await grpc.createBattle({
      requestId: `test:${randomUUID()}`,
      kind: 'tournament',
      contextId: 'tournament-placement',
      participants: [{ userId: player, local: true }, { builtin: 'sitting-duck' }],
      rounds: 1,
      seed: 11,
    });
    const id = battle.id;
    const finished = await battleEnded(other.url, player, id, 30_000);
    agent.ws.close();
    // The Agent was offered the battle and played its ticks: it did not forfeit for being elsewhere.
    expect(agent.messages.some((m) => m.type === 'offer' && m.battleId === id)).toBe(true);
    expect(agent.messages.filter((m) => m.type === 'tick' && m.battleId === id).length).toBeGreaterThan(10);
    expect(finished).toMatchObject({ status: 'finished' });
  }, 60_000);

  it('when a battle has two local seats whose Agents are connected to different instances, then both Agents play it to the end and neither forfeits, even when one drops and comes back', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    let aliceAgent = await playingAgent(playing.url, alice);
    let bobAgent = await playingAgent(other.url, bob);
    const { client: grpc, close } = grpcTestClient(BattlesService, playing.grpcUrl!);
    try {
      const battle = await grpc.createBattle({
        requestId: `test:${randomUUID()}`,
        kind: 'challenge',
        contextId: 'two-instances',
        participants: [
          { userId: alice, local: true },
          { userId: bob, local: true },
        ],
        rounds: 2,
        seed: 12,
      });
      const id = battle.id;
      // The Agent held by the instance that does not play the battle drops mid-battle and comes back
      // to that same instance: it resumes its seat through the relay.
      const ticksOf = (agent: { messages: Message[] }) =>
        agent.messages.filter((m) => m.type === 'tick' && m.battleId === id).length;
      await waitFor(async () => ticksOf(aliceAgent) >= 10 && ticksOf(bobAgent) >= 10, {
        timeoutMs: 20_000,
        intervalMs: 20,
      });
      const playsOnPlaying = await playsLive(playing);
      expect(await playsLive(other)).toBe(!playsOnPlaying); // one instance plays it
      const [remoteUser, remoteUrl] = playsOnPlaying ? [bob, other.url] : [alice, playing.url];
      const before = playsOnPlaying ? bobAgent : aliceAgent;
      before.ws.terminate();
      const back = await playingAgent(remoteUrl, remoteUser);
      if (playsOnPlaying) bobAgent = back;
      else aliceAgent = back;
      await waitFor(async () => back.messages.some((m) => m.type === 'snapshot' && m.battleId === id), {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      const finished = await battleEnded(playing.url, alice, id, 45_000);
      expect(finished).toMatchObject({ status: 'finished' });
      const places = (finished.participants as { userId: string; forfeited: boolean }[]).map((p) => [
        p.userId,
        p.forfeited,
      ]);
      expect(places.sort()).toEqual(
        [
          [alice, false],
          [bob, false],
        ].sort(),
      );
      expect(before.messages.some((m) => m.type === 'offer' && m.battleId === id)).toBe(true);
      // Its round trip to the instance holding it was passed on: its deadline has a latency allowance.
      const deadlines = before.messages
        .filter((m) => m.type === 'tick' && m.battleId === id)
        .map((m) => m.deadlineMs);
      expect(deadlines.some((ms) => typeof ms === 'number' && ms > 80)).toBe(true);
      // The second connection played on to the end, as the other player's did.
      expect(ticksOf(back)).toBeGreaterThan(0);
      for (const agent of [aliceAgent, bobAgent]) {
        expect(agent.messages.find((m) => m.type === 'battle-end' && m.battleId === id)).toMatchObject({
          reason: 'finished',
          forfeited: [],
        });
      }
    } finally {
      close();
      aliceAgent.ws.close();
      bobAgent.ws.close();
    }
  }, 60_000);

  it("when another user's Agent, connected to the instance that does not play a battle, sends a resume and intents for it, then it is told it has no seat and nothing reaches the battle", async () => {
    const [alice, mallory] = [randomUUID(), randomUUID()];
    const aliceAgent = await playingAgent(playing.url, alice);
    const malloryAgent = await connect(`${other.url.replace('http', 'ws')}/api/agent`, mallory);
    malloryAgent.ws.send(JSON.stringify({ type: 'hello', protocol: 'tanks/1', agent: 'attacker' }));
    const { client: grpc, close } = grpcTestClient(BattlesService, playing.grpcUrl!);
    try {
      const { id } = await grpc.createBattle({
        requestId: `test:${randomUUID()}`,
        kind: 'challenge',
        contextId: 'relay-attack',
        participants: [{ userId: alice, local: true }, { builtin: 'sitting-duck' }],
        rounds: 1,
        seed: 13,
      });
      await waitFor(async () => aliceAgent.messages.some((m) => m.type === 'tick' && m.battleId === id), {
        timeoutMs: 20_000,
        intervalMs: 20,
      });
      malloryAgent.ws.send(JSON.stringify({ type: 'resume', battleId: id }));
      malloryAgent.ws.send(
        JSON.stringify({ type: 'intent', battleId: id, round: 1, tick: 1, intent: { fire: 3 } }),
      );
      await waitFor(
        async () =>
          malloryAgent.messages.filter((m) => m.type === 'error' && m.code === 'unknown-battle').length === 2,
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      const finished = await battleEnded(playing.url, alice, id, 45_000);
      expect(finished).toMatchObject({ status: 'finished' });
      expect(malloryAgent.messages.filter((m) => m.battleId === id && m.type !== 'error')).toEqual([]);
      expect(aliceAgent.messages.find((m) => m.type === 'battle-end' && m.battleId === id)).toMatchObject({
        forfeited: [],
      });
    } finally {
      close();
      aliceAgent.ws.close();
      malloryAgent.ws.close();
    }
  }, 60_000);
});
