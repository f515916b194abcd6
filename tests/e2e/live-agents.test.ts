/**
 * Live battles end to end (issue 5): two players run the real Agent CLI (`garrison-agent login`,
 * then `play <bot file>`) as child processes against the gateway of the `tanks` profile; one
 * challenges the other with `bot: {local: true}` on both sides, which is how two users get one live
 * battle. One Agent is SIGKILLed mid-battle and started again: it resumes its seat and the battle
 * finishes with both placed, its replay re-simulating to the recorded places. An Agent that goes
 * silent after accepting its battle is idled and then forfeits.
 *
 * Kept short with the battles service's knobs: 50 ticks/s, forfeit after 15 s away (SPEC: 30 s).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { AgentProcess, agentHome, agentLogin, agentPlay, type AgentHome } from './support/live-agent.js';
import {
  acceptChallenge,
  finishedBattle,
  notified,
  replayedByAgent,
  replayHeader,
  sendChallenge,
} from './support/live-battles.js';
import { playerWithBot } from './support/tanks.js';
import { connectSilentAgent } from './support/live-silent-agent.js';
import { openStream } from './support/ws-client.js';

const SYSTEM_START_MS = 180_000;
const TEST_MS = 150_000;
const FORFEIT_AFTER_MS = 15_000;
const LOCAL = { local: true } as const;

/**
 * A bot that circles and fires a few weak shots: both tanks live through the round (so the round
 * lasts long enough to kill an Agent and bring it back), yet their scores differ.
 */
const CIRCLER = `let shots = 0;
export default {
  onRoundStart() { shots = 0; },
  onTick(tick) {
    const seen = tick.events.find((e) => e.type === 'scan');
    const fire = seen && shots < 6 && tick.self.gunHeat === 0 ? 0.5 : 0;
    if (fire) shots++;
    return { speed: 6, bodyTurn: 5, radarTurn: 45, turretTurn: seen ? 0 : 20, fire };
  },
};
`;

/** An uploaded bot that fights (and says so in its debug log). */
const HOSTED_BOT = `export default {
  onRoundStart() { console.log('hosted and ready'); },
  onTick(tick) {
    const seen = tick.events.find((e) => e.type === 'scan');
    return { speed: 6, bodyTurn: 4, radarTurn: 45, turretTurn: seen ? 0 : 20, fire: seen ? 2 : 0 };
  },
};
`;

describe('live battles with real Agent processes through the gateway', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let dir: string;
  let botFile: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-live-e2e-'));
    botFile = path.join(dir, 'circler.js');
    await fs.writeFile(botFile, CIRCLER);
    system = await startSystem({
      profile: 'tanks',
      buildWeb: false,
      env: {
        GARRISON_RATE_LIMIT: 'off',
        BATTLE_LIVE_TICK_RATE: '50',
        BATTLE_LIVE_FORFEIT_AFTER_MS: String(FORFEIT_AFTER_MS),
      },
    });
    api = new ApiClient(system.url);
  }, SYSTEM_START_MS);

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.kill('SIGKILL')));
  });

  afterAll(async () => {
    await system?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }, SYSTEM_START_MS);

  async function playerWithAgent(prefix: string): Promise<{ account: Account; home: AgentHome }> {
    const account = await registerAndLogin(api, prefix);
    const home = await agentHome(system!.url, dir, account.login);
    await agentLogin(home, account);
    return { account, home };
  }

  async function play(home: AgentHome): Promise<AgentProcess> {
    const agent = await agentPlay(home, botFile);
    agents.push(agent);
    return agent;
  }

  it(
    'when two players accept a live challenge with their Agents and one Agent is killed and restarted mid-battle, then it resumes its seat and the battle finishes with both placed',
    async () => {
      const alice = await playerWithAgent('alice');
      const bob = await playerWithAgent('bob');
      const aliceAgent = await play(alice.home);
      const bobAgent = await play(bob.home);

      // Two rounds: the game's inactivity drain can end a round of circling tanks after 500 ticks
      // (10 s here), and the killed Agent must be back before the battle is over.
      const challenge = await sendChallenge(api, alice.account, bob.account, LOCAL, {
        mode: 'duel',
        rounds: 2,
      });
      expect(challenge).toMatchObject({ status: 'pending', challengerBot: LOCAL });
      const accepted = await acceptChallenge(api, bob.account, challenge.id, LOCAL);
      expect(accepted).toMatchObject({ status: 'accepted', battleId: expect.any(String) });
      const battleId = accepted.battleId as string;

      const spectator = await openStream(
        `${api.baseUrl}/api/battles/${battleId}/live?access_token=${bob.account.accessToken}`,
      );
      try {
        await aliceAgent.waitForLine(
          new RegExp(`battle ${battleId}: offered \\(seat 0, duel, 2 rounds`),
          30_000,
        );
        await bobAgent.waitForLine(
          new RegExp(`battle ${battleId}: offered \\(seat 1, duel, 2 rounds`),
          30_000,
        );
        // Mid-battle: the round is being played. Bob also follows it with `garrison-agent watch`.
        await spectator.waitFor((m) => m.type === 'frame' && m.round === 1 && m.tick >= 25, 30_000);
        const watcher = new AgentProcess(bob.home, ['watch', battleId]);
        agents.push(watcher);
        await watcher.waitForLine(new RegExp(`watching battle ${battleId}`), 30_000);

        await aliceAgent.kill('SIGKILL');
        const restarted = await play(alice.home);
        await restarted.waitForLine(
          new RegExp(`battle ${battleId}: resumed at round [12](?: tick \\d+)? \\(bot loaded afresh\\)`),
          30_000,
        );
        // The server saw the killed Agent go (its seat was away) and says the seat is back.
        await restarted.waitForLine(new RegExp(`battle ${battleId}: resumed: `), 30_000);

        const ended = new RegExp(`battle ${battleId}: finished; place [12] of 2`);
        await restarted.waitForLine(ended, 90_000);
        await bobAgent.waitForLine(ended, 30_000);
        expect((await restarted.exited).code).toBe(0);
        expect((await bobAgent.exited).code).toBe(0);
        const result = await spectator.waitFor((m) => m.type === 'result', 30_000);
        expect(result.battle).toMatchObject({ id: battleId, status: 'finished' });
        expect((await watcher.exited).code, watcher.output()).toBe(0);
        expect(watcher.output()).toMatch(/^ {2}1\. local agent [12] /m);
        expect(watcher.output()).toMatch(/^ {2}2\. local agent [12] /m);
      } finally {
        await spectator.close();
      }

      const battle = await finishedBattle(api, alice.account, battleId, 30_000);
      expect(battle).toMatchObject({
        kind: 'challenge',
        live: true,
        mode: 'duel',
        rounds: 2,
        contextId: challenge.id,
      });
      const seats = battle.participants as Json[];
      expect(seats.map((p) => [p.userId, p.local, p.forfeited])).toEqual([
        [alice.account.id, true, false],
        [bob.account.id, true, false],
      ]);
      expect(seats.map((p) => p.place).sort()).toEqual([1, 2]);

      // Both players are told their place.
      for (const [player, seat] of [
        [alice.account, seats[0]],
        [bob.account, seats[1]],
      ] as const) {
        const told = await notified(api, player, 'battle.finished', (d) => d.battleId === battleId);
        expect(told.data).toMatchObject({ kind: 'challenge', place: seat.place });
      }

      // `garrison-agent battles` lists it.
      const listed = new AgentProcess(alice.home, ['battles', '--json', '--status', 'finished']);
      expect((await listed.exited).code, listed.output()).toBe(0);
      expect(JSON.parse(listed.lines[0]!).map((b: Json) => b.id)).toContain(battleId);

      // The replay, downloaded and re-simulated by the Agent, gives the places and scores recorded.
      const replayed = await replayedByAgent(api, alice.account, battleId, dir);
      expect(replayed).toMatchObject({ seed: battle.seed, rounds: 2 });
      for (const seat of seats) {
        expect(replayed.byName.get(seat.name)?.place).toBe(seat.place);
        expect(replayed.byName.get(seat.name)?.score).toBeCloseTo(seat.score, 2);
      }
    },
    TEST_MS,
  );

  it(
    "when a player's Agent plays a live challenge against the other's hosted bot, then the hosted bot plays in the server's sandbox and its owner's replay carries its debug log",
    async () => {
      const alice = await playerWithAgent('dora');
      const bob = await playerWithBot(api, 'erin', HOSTED_BOT);
      const aliceAgent = await play(alice.home);

      const challenge = await sendChallenge(api, alice.account, bob, LOCAL, { mode: 'duel', rounds: 1 });
      const accepted = await acceptChallenge(api, bob, challenge.id, { botVersionId: bob.botVersionId });
      const battleId = accepted.battleId as string;
      await aliceAgent.waitForLine(new RegExp(`battle ${battleId}: finished; place [12] of 2`), 90_000);
      expect((await aliceAgent.exited).code).toBe(0);

      const battle = await finishedBattle(api, bob, battleId, 30_000);
      expect(battle).toMatchObject({ kind: 'challenge', live: true });
      const seats = battle.participants as Json[];
      expect(seats.map((p) => [p.userId, p.local, p.botVersionId, p.forfeited])).toEqual([
        [alice.account.id, true, null, false],
        [bob.id, false, bob.botVersionId, false],
      ]);
      const header = await replayHeader(api, bob, battleId);
      expect(header.debugLogs).toEqual([expect.objectContaining({ seat: 1 })]);
      expect(header.debugLogs[0].entries.some((e: Json) => String(e.text).includes('hosted and ready'))).toBe(
        true,
      );
      const replayed = await replayedByAgent(api, bob, battleId, dir);
      for (const seat of seats) expect(replayed.byName.get(seat.name)?.place).toBe(seat.place);
    },
    TEST_MS,
  );

  it(
    'when an Agent accepts its battle and then answers no tick, then its seat is idled, it forfeits, and the battle ends with it placed last',
    async () => {
      const carol = await registerAndLogin(api, 'carol');
      // Without a connected Agent a live practice battle is refused.
      expectProblem(
        await api.post(
          '/api/battles',
          { participants: [LOCAL, { builtin: 'sitting-duck' }], rounds: 1 },
          { token: carol.accessToken },
        ),
        409,
      );

      const silent = await connectSilentAgent(system!.url, carol.accessToken);
      try {
        // Five rounds: two still tanks are drained dead by the game after 500 ticks (10 s here),
        // and the seat must be away FORFEIT_AFTER_MS before the battle would end anyway.
        const created = await api.post(
          '/api/battles',
          { participants: [LOCAL, { builtin: 'sitting-duck' }], rounds: 5 },
          { token: carol.accessToken },
        );
        expect(created.status).toBe(201);
        const battleId = created.body.id as string;
        const about = (m: Json): boolean => m.battleId === battleId;

        await silent.waitFor((m) => about(m) && m.type === 'offer' && m.seat === 0, 30_000);
        await silent.waitFor((m) => about(m) && m.type === 'tick', 30_000);
        await silent.waitFor((m) => about(m) && m.type === 'notice' && m.code === 'idle', 30_000);
        await silent.waitFor(
          (m) => about(m) && m.type === 'notice' && m.code === 'forfeited',
          FORFEIT_AFTER_MS + 30_000,
        );
        const end = await silent.waitFor((m) => about(m) && m.type === 'battle-end', 30_000);
        expect(end).toMatchObject({ reason: 'forfeit', forfeited: [0] });
        expect(end.results.places.find((p: Json) => p.index === 0).place).toBe(2);

        const battle = await finishedBattle(api, carol, battleId, 30_000);
        expect(battle).toMatchObject({ kind: 'practice', live: true });
        expect(
          (battle.participants as Json[]).map((p) => [p.local, p.builtin, p.forfeited, p.place]),
        ).toEqual([
          [true, null, true, 2],
          [false, 'sitting-duck', false, 1],
        ]);
      } finally {
        await silent.close();
      }
    },
    TEST_MS,
  );
});
