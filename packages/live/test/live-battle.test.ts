import { parseReplay, resimulate } from '@garrison/game';
import { describe, expect, it } from 'vitest';
import {
  ALICE,
  BOB,
  duelSpec,
  frameCollector,
  greet,
  harness,
  playWithTracker,
  readyOnOffer,
  until,
} from './fixtures.js';

/** Alice's agent, ready and playing like tracker, in a whole duel; what it and the spectators saw. */
async function aliceDuel(spec?: Parameters<typeof duelSpec>[0]) {
  const h = await harness();
  const agent = await h.connect(ALICE);
  await greet(agent);
  readyOnOffer(agent);
  playWithTracker(agent);
  const { frames, onFrame } = frameCollector();
  const outcome = await h.hub.runBattle(duelSpec(spec), onFrame);
  return { agent, frames, outcome };
}

describe('live battles against agents over real WebSockets', { timeout: 30_000 }, () => {
  it('when an agent plays a whole battle, then it gets offer, rounds, ticks and the end, and the replay re-simulates to the results', async () => {
    const { agent, frames, outcome } = await aliceDuel();

    expect(await agent.next('battle-end')).toMatchObject({ reason: 'finished', forfeited: [] });
    expect(agent.invalid).toEqual([]);
    const offer = await agent.next('offer');
    expect(offer).toMatchObject({ seat: 0, rounds: 2, tickRate: 100, deadlineMs: 80, timeBankMs: 3000 });
    expect(agent.all('round-start').map((m) => m.info.round)).toEqual([1, 2]);
    expect(agent.all('round-end').map((m) => m.round)).toEqual([1, 2]);
    expect(agent.all('tick').length).toBeGreaterThan(0);

    expect(outcome.forfeited).toEqual([]);
    expect(outcome.results.places.map((p) => p.name).sort()).toEqual(['alice-bot', 'spinner']);
    const replay = parseReplay(outcome.replay);
    expect(resimulate(replay).results).toEqual(outcome.results);
    expect(frames.filter((f) => f.type === 'frame')).toHaveLength(outcome.results.ticks);
    expect(frames.filter((f) => f.type === 'round-end')).toHaveLength(2);
    expect(frames.at(-1)).toMatchObject({ type: 'battle-end', results: outcome.results });
    // Every tick the agent answered in time was applied as an intent, not a skip.
    const skipped = replay.ticks.filter((t) => t.answers[0] !== null && !Array.isArray(t.answers[0]));
    expect(skipped).toEqual([]);
  });

  it('when a live battle is on rules v2, then the offer, round starts, spectator frames and replay all carry the obstacles', async () => {
    const { agent, frames, outcome } = await aliceDuel({ battleId: 'battle-v2', rulesVersion: 2 });

    await agent.next('battle-end');
    expect(agent.invalid).toEqual([]);
    const offer = await agent.next('offer');
    expect(offer.rulesVersion).toBe(2);
    const obstacles = offer.arena.obstacles ?? [];
    expect(obstacles.length).toBeGreaterThan(0);
    expect(agent.all('round-start').map((m) => [m.info.rulesVersion, m.info.arena.obstacles])).toEqual([
      [2, obstacles],
      [2, obstacles],
    ]);
    const frame = frames.find((f) => f.type === 'frame')!;
    expect((frame.state as { arena: { obstacles?: unknown } }).arena.obstacles).toEqual(obstacles);
    const replay = parseReplay(outcome.replay);
    expect(replay.header.rulesVersion).toBe(2);
    expect(resimulate(replay).results).toEqual(outcome.results);
  });

  it('when the agent is killed mid-battle and reconnects, then it resumes from a full snapshot and the battle goes on without a forfeit', async () => {
    const h = await harness();
    const first = await h.connect(ALICE);
    await greet(first);
    readyOnOffer(first);
    playWithTracker(first);
    const { frames, onFrame } = frameCollector();
    const running = h.hub.runBattle(
      duelSpec({ rules: { tickLimit: 150 }, rounds: 1, tickRate: 50, forfeitAfterMs: 20_000 }),
      onFrame,
    );
    await until(() => frames.length >= 20, '20 ticks');
    first.kill();
    await until(() => !h.hub.isOnline(ALICE.userId), 'the hub to notice');
    const ticksAway = frames.length;

    const second = await h.connect(ALICE);
    const welcome = await greet(second);
    expect(welcome.battles).toEqual([{ battleId: 'battle-1', phase: 'playing' }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(second.all('offer')).toEqual([]); // it accepted before: it resumes, it is not offered again
    second.send({ type: 'resume', battleId: 'battle-1' });
    const snapshot = await second.next('snapshot');
    expect(snapshot).toMatchObject({
      phase: 'playing',
      offer: { seat: 0 },
      roundInfo: { round: 1, selfId: 0 },
    });
    expect(snapshot.standings.ticks).toBeGreaterThanOrEqual(ticksAway - 1);
    expect(snapshot).not.toHaveProperty('state'); // the opponents' state is not the agent's to see
    second.send({ type: 'round-start-seen' }); // unknown to tanks/1: an error, nothing else
    playWithTracker(second);
    if (snapshot.tick) {
      second.onTick?.(snapshot.tick);
    }
    const outcome = await running;
    expect(outcome.forfeited).toEqual([]);
    expect(second.all('tick').length).toBeGreaterThan(10);
    expect(second.all('error').map((e) => e.code)).toEqual(['unknown-type']);
    expect(await second.next('notice', (n) => n.code === 'resumed')).toBeTruthy();
    expect(outcome.debugLogs[0]).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: 'agent disconnected' }),
        expect.objectContaining({ text: 'resumed' }),
      ]),
    );
    // After the resume the agent's intents are applied again.
    const replay = parseReplay(outcome.replay);
    const last = replay.ticks.at(-1)!;
    expect(Array.isArray(last.answers[0]) || last.answers[0] === null).toBe(true);
    expect(second.invalid).toEqual([]);
  });

  it('when a connected agent goes silent, then its seat is idled, then forfeits, is placed last and the battle ends', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    await greet(agent);
    readyOnOffer(agent); // ready, then never an intent
    const outcome = await h.hub.runBattle(
      duelSpec({
        rules: { tickLimit: 100_000 },
        rounds: 1,
        timeBankMs: 100,
        idleAfterMs: 300,
        forfeitAfterMs: 1_000,
      }),
      () => {},
    );
    expect(outcome.forfeited).toEqual([0]);
    expect(outcome.results.places.map((p) => [p.index, p.place])).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(await agent.next('notice', (n) => n.code === 'idle')).toBeTruthy();
    expect(await agent.next('notice', (n) => n.code === 'forfeited')).toBeTruthy();
    expect(await agent.next('battle-end')).toMatchObject({ reason: 'forfeit', forfeited: [0] });
    // Before it was idled, its missed ticks were skips; once idle, the tank stood still (idle intents).
    const answers = parseReplay(outcome.replay).ticks.map((t) => t.answers[0]);
    expect(answers[0]).toEqual({ skip: 'late: no intent within the deadline' });
    expect(answers).toContainEqual([0, 0, 0, 0, 0]);
    // The replay's own results are the engine's, so it still re-simulates.
    expect(() => resimulate(parseReplay(outcome.replay))).not.toThrow();
  });

  it('when no agent ever connects for a local seat, then the seat forfeits after forfeitAfterMs', async () => {
    const h = await harness();
    const outcome = await h.hub.runBattle(
      duelSpec({ rules: { tickLimit: 100_000 }, forfeitAfterMs: 300, readyWithinMs: 100 }),
      () => {},
    );
    expect(outcome.forfeited).toEqual([0]);
    expect(outcome.debugLogs[0]).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: expect.stringContaining('forfeited') })]),
    );
  });

  it('when intents arrive after the deadline, then they are dropped and the previous intent is reused with fire cleared', async () => {
    const h = await harness();
    const agent = await h.connect(ALICE);
    await greet(agent);
    readyOnOffer(agent);
    agent.onTick = (tick) => {
      const reply = (t: number, intent: object) =>
        agent.send({ type: 'intent', battleId: tick.battleId, round: tick.round, tick: t, intent });
      // Tick 0 in time: full speed ahead, firing. Afterwards always the previous tick's answer, asking
      // to reverse: the server sent this tick only after playing that one, so it is late by construction.
      if (tick.tick === 0) reply(0, { speed: 16, fire: 3 });
      else reply(tick.tick - 1, { speed: -8, bodyTurn: 10 });
    };
    const outcome = await h.hub.runBattle(
      duelSpec({ rules: { tickLimit: 6 }, rounds: 1, tickRate: 20, intentDeadlineMs: 300, timeBankMs: 0 }),
      () => {},
    );
    const replay = parseReplay(outcome.replay);
    const mine = replay.ticks.map((t) => t.answers[0]);
    expect(mine[0]).toEqual([16, 0, 0, 0, 3]);
    for (const answer of mine.slice(1))
      expect(answer).toEqual({ skip: 'late: no intent within the deadline' });
    const { states } = resimulate(replay, { keepStates: true });
    const lastState = states.at(-1)!;
    expect(lastState.tanks[0]!.lastIntent).toEqual({
      speed: 16,
      bodyTurn: 0,
      turretTurn: 0,
      radarTurn: 0,
      fire: 0,
    });
    await until(() => agent.all('notice').some((n) => n.code === 'late-intent'), 'a late-intent notice');
    expect(outcome.forfeited).toEqual([]);
  });

  it('when two agents play each other, then both seats are offered and the battle waits until both are ready', async () => {
    const h = await harness();
    const alice = await h.connect(ALICE);
    const bob = await h.connect(BOB);
    await greet(alice);
    await greet(bob);
    readyOnOffer(alice);
    playWithTracker(alice);
    playWithTracker(bob);
    const running = h.hub.runBattle(
      duelSpec({
        rounds: 1,
        seats: [
          { kind: 'local', userId: ALICE.userId, name: 'alice' },
          { kind: 'local', userId: BOB.userId, name: 'bob' },
        ],
      }),
      () => {},
    );
    const offer = await bob.next('offer');
    await new Promise((r) => setTimeout(r, 150));
    expect(alice.all('tick')).toEqual([]); // still waiting for bob
    bob.send({ type: 'ready', battleId: offer.battleId });
    const outcome = await running;
    expect(outcome.forfeited).toEqual([]);
    expect(bob.all('tick').length).toBeGreaterThan(0);
    expect(offer.participants).toEqual([
      { name: 'alice', local: true },
      { name: 'bob', local: true },
    ]);
  });
});
