/**
 * Issue 10, items 1 and 3, as an attacker and ordinary users would try them through the gateway
 * (`tanks` profile, hosted bots played by battle workers):
 * - someone else's bot version named in a challenge, its acceptance, the matchmaking queue, a
 *   room and a tournament application is refused with 403 and nothing is stored; its owner plays
 *   no battle and their rating does not move;
 * - one user's flood of infinite-loop uploads is bounded (429 + Retry-After) while another user's
 *   upload is validated and answered, and the bots route stays open to everyone;
 * - practice floods are bounded per user (429 + Retry-After) and a ranked battle created after
 *   them starts before the flood's last battle (the worker reserved for ranked battles).
 */
import { startSystem, type RunningSystem } from '@garrison/deploy/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, expectProblem, registerAndLogin, type Account, type Json } from './support/api-client.js';
import { acceptChallenge, finishedBattle, sendChallenge } from './support/live-battles.js';
import {
  playerWithBot,
  ratingsOf,
  referenceBotSource,
  secondsFromNow,
  type Player,
} from './support/tanks.js';

const SYSTEM_START_MS = 300_000;
const TEST_MS = 180_000;
const INFINITE = 'export default { onTick() { for (;;) {} } };';

describe('Tanks security through the gateway: bot ownership and per-user bounds (issue 10)', () => {
  let system: RunningSystem | undefined;
  let api: ApiClient;
  let tracker: string;
  let sniper: string;

  beforeAll(async () => {
    system = await startSystem({ profile: 'tanks', buildWeb: false, env: { GARRISON_RATE_LIMIT: 'off' } });
    api = new ApiClient(system.url);
    [tracker, sniper] = await Promise.all([referenceBotSource('tracker'), referenceBotSource('sniper')]);
  }, SYSTEM_START_MS);

  afterAll(async () => {
    await system?.stop();
  }, SYSTEM_START_MS);

  const as = (account: Account) => ({ token: account.accessToken });
  const bot = (player: Player) => ({ botVersionId: player.botVersionId });

  it(
    "when B names A's bot in a challenge, an acceptance, the queue, a room or a tournament application, then 403 every time, nothing is stored and A plays nothing",
    async () => {
      const a = await playerWithBot(api, 'own', tracker);
      const b = await playerWithBot(api, 'thief', sniper);
      const c = await playerWithBot(api, 'mark', tracker);
      const ratingBefore = (await ratingsOf(api, a, [a.id])).get(a.id) ?? null;

      // A fair challenge first: matchmaking knows every player from here on.
      const fair = await sendChallenge(api, b, c, bot(b), { mode: 'duel', rounds: 1 });

      // B challenges C naming A's bot (ranked): refused, nothing sent.
      expectProblem(
        await api.post('/api/challenges', { opponentId: c.id, bot: bot(a), ranked: true }, as(b)),
        403,
      );
      const sent = await api.get('/api/challenges?role=sent', as(b));
      expect(sent.body.items.map((x: Json) => x.id)).toEqual([fair.id]);

      // C accepts B's fair challenge naming A's bot: refused, the challenge stays pending.
      expectProblem(await api.post(`/api/challenges/${fair.id}/accept`, { bot: bot(a) }, as(c)), 403);
      expect((await api.get(`/api/challenges/${fair.id}`, as(c))).body).toMatchObject({
        status: 'pending',
        battleId: null,
      });

      // The auto-search queue.
      expectProblem(await api.post('/api/matchmaking/queue', { bot: bot(a) }, as(b)), 403);
      expect((await api.get('/api/matchmaking/queue', as(b))).body).toEqual({ status: 'idle' });

      // Rooms: opening with A's bot, and joining with it.
      expectProblem(await api.post('/api/rooms', { name: 'borrowed', capacity: 2, bot: bot(a) }, as(b)), 403);
      const room = await api.post('/api/rooms', { name: 'mine', capacity: 2, bot: bot(c) }, as(c));
      expect(room.status, JSON.stringify(room.body)).toBe(201);
      expectProblem(await api.post(`/api/rooms/${room.body.id}/join`, { bot: bot(a) }, as(b)), 403);
      const seats = (await api.get(`/api/rooms/${room.body.id}`, as(c))).body.members as Json[];
      expect(seats.map((m) => m.userId)).toEqual([c.id]);

      // A tournament application.
      const organiser = await registerAndLogin(api, 'org');
      const t = await api.post(
        '/api/tournaments',
        {
          title: `ownership ${Date.now()}`,
          format: 'round-robin',
          capacity: 4,
          visibility: 'public',
          rules: { mode: 'duel', rounds: 1 },
          startsAt: secondsFromNow(3600),
        },
        as(organiser),
      );
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      expectProblem(
        await api.post(`/api/tournaments/${t.body.id}/applications`, { bot: bot(a) }, as(b)),
        403,
      );
      expect((await api.get(`/api/tournaments/${t.body.id}/applications`, as(organiser))).body).toEqual([]);

      // A never played, and A's rating did not move.
      expect((await api.get(`/api/battles?user=${a.id}`, as(a))).body.items).toEqual([]);
      expect((await ratingsOf(api, a, [a.id])).get(a.id) ?? null).toEqual(ratingBefore);
    },
    TEST_MS,
  );

  it(
    "when one user uploads an infinite-loop bot twelve times at once, then past the bound 429 with Retry-After, never a timeout, and another user's upload is validated",
    async () => {
      const flooder = await registerAndLogin(api, 'flood');
      const other = await registerAndLogin(api, 'calm');
      const botOf = async (account: Account) =>
        (await api.post('/api/bots', { name: `${account.login}-bot` }, as(account))).body.id as string;
      const [looping, good] = [await botOf(flooder), await botOf(other)];

      const flood = Array.from({ length: 12 }, () =>
        api.post(`/api/bots/${looping}/versions`, { source: INFINITE, language: 'js' }, as(flooder)),
      );
      const calm = api.post(`/api/bots/${good}/versions`, { source: tracker, language: 'js' }, as(other));
      const answers = await Promise.all(flood);

      const refused = answers.filter((res) => res.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(10);
      for (const res of refused) {
        expectProblem(res, 429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // The rest were validated (invalid), or stopped at the validation bound on a busy host (503,
      // nothing stored); none ran into the gateway's timeout (504) or its breaker (502/503 from it).
      for (const res of answers.filter((r) => r.status !== 429)) {
        if (res.status === 201) expect(res.body.status).toBe('invalid');
        else {
          expect(expectProblem(res, 503).title).toBe('Validation did not finish');
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      const calmAnswer = await calm;
      expect(calmAnswer.status, JSON.stringify(calmAnswer.body)).toBe(201);
      expect(calmAnswer.body.status).toBe('valid');
      // The bots route is still open to everyone (no breaker opened by the flood).
      expect((await api.get('/api/bots?owner=builtin', as(other))).status).toBe(200);
    },
    TEST_MS,
  );

  it(
    'when users flood practice battles, then past the per-user bound 429 with Retry-After, and a ranked battle asked for later starts before the last of them',
    async () => {
      const [p, q] = [await registerAndLogin(api, 'prac'), await registerAndLogin(api, 'prac')];
      // The ranked players are ready first (uploads take a while): the ranked battle is asked for right after the flood.
      const b = await playerWithBot(api, 'rb', sniper);
      const c = await playerWithBot(api, 'rc', tracker);
      // Matchmaking learns of a new player from user.created; the ranked challenge below names C.
      await sendChallenge(api, b, c, bot(b), { mode: 'duel', rounds: 1 });
      const long = { participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }], rounds: 20 };
      const practice: string[] = [];
      for (const account of [p, q]) {
        const answers = await Promise.all(
          Array.from({ length: 4 }, () => api.post('/api/battles', long, as(account))),
        );
        expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 429, 429]);
        for (const res of answers.filter((r) => r.status === 429)) {
          expectProblem(res, 429);
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        }
        practice.push(...answers.filter((r) => r.status === 201).map((r) => r.body.id as string));
      }

      const challenge = await sendChallenge(api, b, c, bot(b), { mode: 'duel', rounds: 1 }, true);
      const accepted = await acceptChallenge(api, c, challenge.id, bot(c));
      const ranked = await finishedBattle(api, b, accepted.battleId, TEST_MS);
      expect(ranked).toMatchObject({ kind: 'challenge', ranked: true, status: 'finished' });

      // The practice battles play one at a time on the open worker; the ranked one did not wait for them.
      const battles = await Promise.all(practice.map((id) => finishedBattle(api, p, id, TEST_MS)));
      const lastStarted = Math.max(...battles.map((x) => Date.parse(x.startedAt)));
      expect(Date.parse(ranked.startedAt)).toBeLessThan(lastStarted);
    },
    TEST_MS * 2,
  );
});
