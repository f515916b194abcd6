/**
 * Matchmaking end to end (issue 6), black-box through the gateway on the `tanks` profile, with
 * hosted bots (uploaded reference bots) so every battle is played by a battle worker: a challenge
 * is sent, received, accepted and played, and both players are told; two players searching in the
 * auto-search queue are matched into a ranked battle; a private room fills by its code, both
 * members get ready and the room's battle starts and finishes.
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Json } from './support/api-client.js';
import { acceptChallenge, finishedBattle, notified, sendChallenge } from './support/live-battles.js';
import { playerWithBot, referenceBotSource, type Player } from './support/tanks.js';
import { openStream } from './support/ws-client.js';
import { waitFor } from '@garrison/kit/testing';

const SYSTEM_START_MS = 180_000;
const TEST_MS = 120_000;
const BATTLE_MS = 60_000;

describe('matchmaking through the gateway: challenges, auto-search, private rooms', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let tracker: string;
  let sniper: string;

  beforeAll(async () => {
    system = await startSystem({
      profile: 'tanks',
      buildWeb: false,
      env: { GARRISON_RATE_LIMIT: 'off', MATCHMAKING_PAIRING_INTERVAL_MS: '300' },
    });
    api = new ApiClient(system.url);
    [tracker, sniper] = await Promise.all([referenceBotSource('tracker'), referenceBotSource('sniper')]);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  const bot = (player: Player) => ({ botVersionId: player.botVersionId });

  /** Both players are told the battle finished, each with their own place. */
  async function bothToldFinished(battle: Json, players: Player[]): Promise<void> {
    for (const player of players) {
      const seat = (battle.participants as Json[]).find((p) => p.userId === player.id);
      const told = await notified(api, player, 'battle.finished', (d) => d.battleId === battle.id);
      expect(told.data).toMatchObject({ kind: battle.kind, place: seat.place });
    }
  }

  it(
    'when a player challenges another who accepts with a hosted bot, then the battle is played and both are notified at every step',
    async () => {
      const challenger = await playerWithBot(api, 'chal', tracker);
      const opponent = await playerWithBot(api, 'opp', sniper);

      const challenge = await sendChallenge(api, challenger, opponent, bot(challenger), {
        mode: 'duel',
        rounds: 1,
      });
      expect(challenge).toMatchObject({
        status: 'pending',
        challengerId: challenger.id,
        opponentId: opponent.id,
      });
      const received = await notified(
        api,
        opponent,
        'challenge.received',
        (d) => d.challengeId === challenge.id,
      );
      expect(received.data).toMatchObject({ challengerId: challenger.id });
      const inbox = await api.get('/api/challenges?role=received&status=pending', {
        token: opponent.accessToken,
      });
      expect(inbox.body.items.map((c: Json) => c.id)).toContain(challenge.id);

      // Only the challenged player answers.
      expectProblem(
        await api.post(
          `/api/challenges/${challenge.id}/accept`,
          { bot: bot(challenger) },
          { token: challenger.accessToken },
        ),
        403,
      );
      const accepted = await acceptChallenge(api, opponent, challenge.id, bot(opponent));
      expect(accepted).toMatchObject({ status: 'accepted', battleId: expect.any(String) });
      const told = await notified(
        api,
        challenger,
        'challenge.accepted',
        (d) => d.challengeId === challenge.id,
      );
      expect(told.data).toMatchObject({ battleId: accepted.battleId, opponentId: opponent.id });

      const battle = await finishedBattle(api, challenger, accepted.battleId, BATTLE_MS);
      expect(battle).toMatchObject({ kind: 'challenge', contextId: challenge.id, live: false, rounds: 1 });
      expect((battle.participants as Json[]).map((p) => [p.userId, p.botVersionId])).toEqual([
        [challenger.id, challenger.botVersionId],
        [opponent.id, opponent.botVersionId],
      ]);
      expect((battle.participants as Json[]).map((p) => p.place).sort()).toEqual([1, 2]);
      await bothToldFinished(battle, [challenger, opponent]);
    },
    TEST_MS,
  );

  it(
    'when two players search in the auto-search queue, then they are matched into one ranked battle that both are told about',
    async () => {
      const first = await playerWithBot(api, 'qa', tracker);
      const second = await playerWithBot(api, 'qb', sniper);

      // "A found match is pushed to both": their notification streams are open while they search.
      const streams = await Promise.all(
        [first, second].map((p) =>
          openStream(`${api.baseUrl}/api/notifications/stream?access_token=${p.accessToken}`),
        ),
      );
      try {
        for (const player of [first, second]) {
          const res = await api.post(
            '/api/matchmaking/queue',
            { bot: bot(player) },
            { token: player.accessToken },
          );
          expect(res.status).toBe(200);
          expect(res.body).toMatchObject({ status: expect.stringMatching(/^(searching|matched)$/) });
        }
        for (const stream of streams) {
          const pushed = await stream.waitFor(
            (m) => m.type === 'notification' && m.notification?.type === 'match.found',
            30_000,
          );
          expect(pushed.notification.data.battleId).toEqual(expect.any(String));
        }
      } finally {
        await Promise.all(streams.map((stream) => stream.close()));
      }
      const matched = async (player: Player, opponent: Player): Promise<Json> =>
        waitFor(
          async () => {
            const res = await api.get('/api/matchmaking/queue', { token: player.accessToken });
            expect(res.status).toBe(200);
            if (res.body.status === 'refused') throw new Error(`the match was refused: ${res.body.reason}`);
            return res.body.status === 'matched' && res.body.battleId ? res.body : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 300, message: `${player.login} matched with ${opponent.login}` },
        );
      const a = await matched(first, second);
      const b = await matched(second, first);
      expect(a).toMatchObject({ opponentId: second.id, matchId: b.matchId, battleId: b.battleId });
      expect(b.opponentId).toBe(first.id);

      for (const player of [first, second]) {
        const found = await notified(api, player, 'match.found', (d) => d.matchId === a.matchId);
        expect(found.data).toMatchObject({ battleId: a.battleId });
      }
      const battle = await finishedBattle(api, first, a.battleId, BATTLE_MS);
      expect(battle).toMatchObject({ kind: 'matchmaking', ranked: true, contextId: a.matchId, mode: 'duel' });
      expect(new Set((battle.participants as Json[]).map((p) => p.userId))).toEqual(
        new Set([first.id, second.id]),
      );
      await bothToldFinished(battle, [first, second]);
    },
    TEST_MS,
  );

  it(
    'when a player opens a private room and another joins by its code and both are ready, then the room starts its battle and it finishes',
    async () => {
      const owner = await playerWithBot(api, 'owner', tracker);
      const guest = await playerWithBot(api, 'guest', sniper);
      const outsider = await registerAndLogin(api, 'outsider');

      const created = await api.post(
        '/api/rooms',
        { name: 'e2e duel', private: true, capacity: 2, rules: { mode: 'duel', rounds: 1 }, bot: bot(owner) },
        { token: owner.accessToken },
      );
      expect(created.status).toBe(201);
      const room = created.body;
      expect(room).toMatchObject({ private: true, status: 'open', joinCode: expect.any(String) });
      expect(room.members.map((m: Json) => m.userId)).toEqual([owner.id]);

      // A private room is invisible without its code.
      expectProblem(await api.get(`/api/rooms/${room.id}`, { token: outsider.accessToken }), 404);
      expectProblem(
        await api.post(
          `/api/rooms/${room.id}/join`,
          { code: 'WRONG1', bot: bot(guest) },
          { token: guest.accessToken },
        ),
        404,
      );
      const joined = await api.post(
        `/api/rooms/${room.id}/join`,
        { code: (room.joinCode as string).toLowerCase(), bot: bot(guest) },
        { token: guest.accessToken },
      );
      expect(joined.status).toBe(200);
      expect(joined.body.members.map((m: Json) => m.userId)).toEqual([owner.id, guest.id]);

      // Members are told live when the room starts.
      const watching = await openStream(
        `${api.baseUrl}/api/rooms/${room.id}/live?access_token=${owner.accessToken}`,
      );
      const ownerReady = await api.post(`/api/rooms/${room.id}/ready`, {}, { token: owner.accessToken });
      expect(ownerReady.body).toMatchObject({ status: 'open', battleId: null });
      const guestReady = await api.post(`/api/rooms/${room.id}/ready`, {}, { token: guest.accessToken });
      expect(guestReady.status).toBe(200);
      expect(guestReady.body).toMatchObject({ status: 'started', battleId: expect.any(String) });
      try {
        const pushed = await watching.waitFor(
          (m) => m.type === 'room' && m.room.status === 'started',
          30_000,
        );
        expect(pushed.room.battleId).toBe(guestReady.body.battleId);
      } finally {
        await watching.close();
      }
      const seen = await api.get(`/api/rooms/${room.id}`, { token: owner.accessToken });
      expect(seen.body).toMatchObject({ status: 'started', battleId: guestReady.body.battleId });

      const battle = await finishedBattle(api, guest, guestReady.body.battleId, BATTLE_MS);
      expect(battle).toMatchObject({ kind: 'room', ranked: false, contextId: room.id, rounds: 1 });
      expect(new Set((battle.participants as Json[]).map((p) => p.botVersionId))).toEqual(
        new Set([owner.botVersionId, guest.botVersionId]),
      );
      await bothToldFinished(battle, [owner, guest]);
    },
    TEST_MS,
  );
});
