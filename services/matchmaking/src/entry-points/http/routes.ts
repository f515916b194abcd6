import { identityOf, problem, requireAuth, type HttpApp } from '@garrison/kit';
import type { Deps } from '../../app/deps.js';
import { acceptChallenge, declineChallenge } from '../../app/challenges/answer-challenge.js';
import { getChallenge, listChallenges } from '../../app/challenges/list-challenges.js';
import { sendChallenge, TooManyChallenges } from '../../app/challenges/send-challenge.js';
import { createRoom } from '../../app/rooms/create-room.js';
import { getRoom, listOpenRooms } from '../../app/rooms/list-rooms.js';
import { joinRoom, leaveRoom, setReady } from '../../app/rooms/membership.js';
import { joinQueue, leaveQueue, queueStatus } from '../../app/queue/search.js';
import {
  AcceptBody,
  ChallengeBody,
  ChallengeList,
  ChallengeQuery,
  ChallengeSchema,
  IdParams,
  JoinBody,
  QueueBody,
  QueueStatusSchema,
  ReadyBody,
  RoomBody,
  RoomList,
  RoomQuery,
  RoomSchema,
} from './schemas.js';

export function registerChallengeRoutes(app: HttpApp, deps: Deps): void {
  const tags = ['challenges'];

  app.post(
    '/api/challenges',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Challenge a player (at most 10 per hour); they are notified and may accept or decline',
        body: ChallengeBody,
        response: { 201: ChallengeSchema },
      },
    },
    async (req, reply) => {
      const { opponentId, bot, rules, ranked } = req.body;
      try {
        const challenge = await sendChallenge(deps, identityOf(req).userId, {
          opponentId,
          bot,
          rules,
          ranked,
        });
        return reply.code(201).send(challenge);
      } catch (err) {
        if (!(err instanceof TooManyChallenges)) throw err;
        reply.header('retry-after', String(err.retryAfterSeconds));
        throw problem(429, 'Too many challenges', 'You sent the most challenges allowed in an hour', {
          retryAfterSeconds: err.retryAfterSeconds,
        });
      }
    },
  );

  app.get(
    '/api/challenges',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My challenges, sent and/or received, newest first',
        querystring: ChallengeQuery,
        response: { 200: ChallengeList },
      },
    },
    async (req) => ({ items: await listChallenges(deps, identityOf(req).userId, req.query) }),
  );

  app.get(
    '/api/challenges/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'One of my challenges', params: IdParams, response: { 200: ChallengeSchema } },
    },
    async (req) => getChallenge(deps, identityOf(req).userId, req.params.id),
  );

  app.post(
    '/api/challenges/:id/accept',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Accept a challenge with a bot; the battle is created and its id stored on the challenge',
        params: IdParams,
        body: AcceptBody,
        response: { 200: ChallengeSchema },
      },
    },
    async (req) => acceptChallenge(deps, req.params.id, identityOf(req).userId, req.body.bot),
  );

  app.post(
    '/api/challenges/:id/decline',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Decline a challenge', params: IdParams, response: { 200: ChallengeSchema } },
    },
    async (req) => declineChallenge(deps, req.params.id, identityOf(req).userId),
  );
}

export function registerRoomRoutes(app: HttpApp, deps: Deps): void {
  const tags = ['rooms'];

  app.post(
    '/api/rooms',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Open a room (private rooms get a join code); with a bot, the owner takes the first seat',
        body: RoomBody,
        response: { 201: RoomSchema },
      },
    },
    async (req, reply) => {
      const { name, capacity, rules, bot } = req.body;
      const room = await createRoom(deps, identityOf(req).userId, {
        name,
        private: req.body.private,
        capacity,
        rules,
        bot,
      });
      return reply.code(201).send(room);
    },
  );

  app.get(
    '/api/rooms',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Public rooms waiting for players',
        querystring: RoomQuery,
        response: { 200: RoomList },
      },
    },
    async (req) => ({ items: await listOpenRooms(deps, identityOf(req).userId, req.query.limit) }),
  );

  app.get(
    '/api/rooms/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'One room', params: IdParams, response: { 200: RoomSchema } },
    },
    async (req) => getRoom(deps, req.params.id, identityOf(req).userId),
  );

  app.post(
    '/api/rooms/:id/join',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Take a seat with a bot (private rooms need the code); joining again changes the bot',
        params: IdParams,
        body: JoinBody,
        response: { 200: RoomSchema },
      },
    },
    async (req) =>
      joinRoom(deps, req.params.id, identityOf(req).userId, { code: req.body.code, bot: req.body.bot }),
  );

  app.post(
    '/api/rooms/:id/leave',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Give up my seat', params: IdParams, response: { 200: RoomSchema } },
    },
    async (req) => leaveRoom(deps, req.params.id, identityOf(req).userId),
  );

  app.post(
    '/api/rooms/:id/ready',
    {
      preHandler: requireAuth,
      // a bare POST (no body at all) means "ready"
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags,
        summary:
          'Mark me ready ({"ready": false} to take it back); full and all ready → the battle is created',
        params: IdParams,
        body: ReadyBody,
        response: { 200: RoomSchema },
      },
    },
    async (req) => setReady(deps, req.params.id, identityOf(req).userId, req.body.ready ?? true),
  );
}

export function registerQueueRoutes(app: HttpApp, deps: Deps): void {
  const tags = ['matchmaking'];

  app.post(
    '/api/matchmaking/queue',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Search for a ranked opponent of close rating',
        body: QueueBody,
        response: { 200: QueueStatusSchema },
      },
    },
    async (req) => joinQueue(deps, identityOf(req).userId, req.body.bot),
  );

  app.get(
    '/api/matchmaking/queue',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My search: idle, searching, matched (with the battle) or refused',
        response: { 200: QueueStatusSchema },
      },
    },
    async (req) => queueStatus(deps, identityOf(req).userId),
  );

  app.delete(
    '/api/matchmaking/queue',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Stop searching', response: { 200: QueueStatusSchema } },
    },
    async (req) => leaveQueue(deps, identityOf(req).userId),
  );
}
