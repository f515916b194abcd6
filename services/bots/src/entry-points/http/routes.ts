import { identityOf, problem, requireAuth, type HttpApp, type Kysely, type Bus } from '@garrison/kit';
import type { Database } from '../../database.js';
import type { BotValidator } from '../../app/ports.js';
import { ValidationBusy, ValidationUnfinished, type ValidationQueue } from '../../app/validation-queue.js';
import { createBot } from '../../app/create-bot.js';
import { uploadVersion } from '../../app/upload-version.js';
import { getBot, listBots } from '../../app/list-bots.js';
import { getVersion, listVersions } from '../../app/versions.js';
import { activateVersion } from '../../app/activate-version.js';
import {
  BotIdParams,
  BotPageSchema,
  BotSchema,
  CreateBotBody,
  ListBotsQuery,
  UploadVersionBody,
  VersionDetailSchema,
  VersionPageSchema,
  VersionParams,
  VersionSchema,
} from './schemas.js';

const tags = ['bots'];

export interface RouteDeps {
  db: Kysely<Database>;
  bus: Bus;
  validator: BotValidator;
  validations: ValidationQueue;
}

export function registerBotRoutes(app: HttpApp, deps: RouteDeps): void {
  const { db, bus } = deps;

  app.post(
    '/api/bots',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Register a bot (the caller owns it)',
        body: CreateBotBody,
        response: { 201: BotSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createBot(db, bus, identityOf(req).userId, req.body.name)),
  );

  app.get(
    '/api/bots',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Bots: of one owner, the built-ins (owner=builtin), or all with the built-ins first',
        querystring: ListBotsQuery,
        response: { 200: BotPageSchema },
      },
    },
    async (req) => listBots(db, req.query),
  );

  app.get(
    '/api/bots/:id',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'One bot', params: BotIdParams, response: { 200: BotSchema } },
    },
    async (req) => getBot(db, req.params.id),
  );

  app.post(
    '/api/bots/:id/versions',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Upload a version (owner); validated in the sandbox, stored valid or invalid with its error. ' +
          'Past the per-user bound of validations in flight 429, with every slot busy 503 (both with Retry-After)',
        params: BotIdParams,
        body: UploadVersionBody,
        response: { 201: VersionSchema },
      },
    },
    async (req, reply) => {
      // Aborted when the caller hangs up first (the gateway's timeout): the version is then not stored.
      const gone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) gone.abort();
      });
      try {
        const version = await uploadVersion(
          deps,
          req.params.id,
          identityOf(req).userId,
          { source: req.body.source, language: req.body.language },
          gone.signal,
        );
        return reply.code(201).send(version);
      } catch (err) {
        if (err instanceof ValidationUnfinished) {
          reply.header('retry-after', String(err.retryAfterSeconds));
          throw problem(
            503,
            'Validation did not finish',
            'The sandbox is busy; nothing was stored, try again shortly',
            {
              retryAfterSeconds: err.retryAfterSeconds,
            },
          );
        }
        if (!(err instanceof ValidationBusy)) throw err;
        reply.header('retry-after', String(err.retryAfterSeconds));
        throw err.scope === 'user'
          ? problem(
              429,
              'Too many validations',
              'Your earlier uploads are still being validated; try again shortly',
              {
                retryAfterSeconds: err.retryAfterSeconds,
              },
            )
          : problem(503, 'Validation busy', 'Every validation slot is busy; try again shortly', {
              retryAfterSeconds: err.retryAfterSeconds,
            });
      }
    },
  );

  app.get(
    '/api/bots/:id/versions',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "A bot's versions, newest first, with their regression gates (never the source)",
        params: BotIdParams,
        response: { 200: VersionPageSchema },
      },
    },
    async (req) => listVersions(db, req.params.id),
  );

  app.get(
    '/api/bots/:id/versions/:v',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'One version with its source (owner only)',
        params: VersionParams,
        response: { 200: VersionDetailSchema },
      },
    },
    async (req) => getVersion(db, req.params.id, req.params.v, identityOf(req).userId),
  );

  app.post(
    '/api/bots/:id/versions/:v/activate',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Make a valid version the active one (owner); later versions run the regression gate',
        params: VersionParams,
        response: { 200: VersionSchema },
      },
    },
    async (req) => activateVersion(db, bus, req.params.id, req.params.v, identityOf(req).userId),
  );
}
