import { identityOf, requireAuth, type HttpApp } from '@garrison/kit';
import { createBattle, type CreateDeps } from '../../app/create-battle.js';
import { getBattle, listBattles, personalReplay } from '../../app/queries.js';
import type { SeatRequest } from '../../domain/battle-rules.js';
import { answer } from './answer.js';
import {
  BattleIdParams,
  BattlePageSchema,
  BattleSchema,
  CreateBattleBody,
  CreatedSchema,
  ListQuery,
} from './schemas.js';

const tags = ['battles'];
/** Admins (support) see a broadcast battle's result before it is revealed (ADR 240). */
const isAdmin = (req: Parameters<typeof identityOf>[0]) => identityOf(req).roles.includes('admin');

export function registerBattleRoutes(app: HttpApp, deps: CreateDeps): void {
  const { db } = deps;

  app.post(
    '/api/battles',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Start a practice battle: your own bot versions, built-in bots, or your local Agent',
        body: CreateBattleBody,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const { userId } = identityOf(req);
      const participants: SeatRequest[] = req.body.participants.map((seat) =>
        'builtin' in seat
          ? { userId: null, builtin: seat.builtin }
          : 'local' in seat
            ? { userId, local: true }
            : { userId, botVersionId: seat.botVersionId },
      );
      const record = await answer(
        () =>
          createBattle(deps, {
            kind: 'practice',
            participants,
            mode: req.body.mode,
            rounds: req.body.rounds,
            rulesVersion: req.body.rulesVersion,
            seed: req.body.seed,
            createdBy: userId,
            askedBy: userId,
          }),
        reply,
      );
      return reply.code(201).send({ id: record.battle.id, status: record.battle.status });
    },
  );

  app.get(
    '/api/battles',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Battles, newest first, by participant user, kind and status',
        querystring: ListQuery,
        response: { 200: BattlePageSchema },
      },
    },
    async (req) => answer(() => listBattles(db, req.query, isAdmin(req))),
  );

  app.get(
    '/api/battles/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'One battle', params: BattleIdParams, response: { 200: BattleSchema } },
    },
    async (req) => answer(() => getBattle(db, req.params.id, isAdmin(req))),
  );

  app.get(
    '/api/battles/:id/replay',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The replay (application/gzip, JSON lines in the engine format; `garrison-agent replay` reads it). ' +
          "A participant gets their own bots' debug logs in the header line",
        params: BattleIdParams,
      },
    },
    async (req, reply) => {
      const { userId } = identityOf(req);
      const gz = await answer(() => personalReplay(db, req.params.id, userId, isAdmin(req)));
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="battle-${req.params.id}.jsonl.gz"`)
        .header('cache-control', 'private, no-store')
        .send(gz);
    },
  );
}
