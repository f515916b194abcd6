import {
  identityOf,
  problem,
  requireAuth,
  requireRole,
  type HttpApp,
  type ServiceContext,
} from '@garrison/kit';
import { Type } from 'typebox';
import type { config } from '../../config.js';
import type { Database } from '../../database.js';
import { closeDay } from '../../app/close-day.js';
import { daySummaries, daySummary, listAccounts, resolveDay, statementOf } from '../../app/queries.js';
import {
  AccountsSchema,
  DayClosedSchema,
  DayParams,
  DayQuery,
  DayRangeQuery,
  StatementSchema,
  SummarySchema,
  UserParams,
} from './schemas.js';

const tags = ['accounting'];
const BOOKKEEPERS = ['admin', 'accountant'];
const MAX_RANGE_DAYS = 366;

export function registerAccountingRoutes(app: HttpApp, ctx: ServiceContext<Database, typeof config>): void {
  const { db, bus } = ctx;
  const zone = ctx.config.timeZone;

  app.get(
    '/api/accounting/me',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My balance and the audit log of a day (today by default)',
        querystring: DayQuery,
        response: { 200: StatementSchema },
      },
    },
    async (req) => statementOf(db, identityOf(req).userId, resolveDay(req.query.day, zone)),
  );

  app.get(
    '/api/accounting/accounts',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: { tags, summary: 'Every account and its balance', response: { 200: AccountsSchema } },
    },
    async () => listAccounts(db),
  );

  app.get(
    '/api/accounting/accounts/:userId',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: {
        tags,
        summary: "A worker's balance and audit log of a day",
        params: UserParams,
        querystring: DayQuery,
        response: { 200: StatementSchema },
      },
    },
    async (req) => statementOf(db, req.params.userId, resolveDay(req.query.day, zone)),
  );

  app.get(
    '/api/accounting/summary',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: {
        tags,
        summary: 'Management earnings and money totals of a day',
        querystring: DayQuery,
        response: { 200: SummarySchema },
      },
    },
    async (req) => daySummary(db, resolveDay(req.query.day, zone)),
  );

  app.get(
    '/api/accounting/days',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: {
        tags,
        summary: 'Per-day statistics over a range (days without money moves are omitted)',
        querystring: DayRangeQuery,
        response: { 200: Type.Object({ items: Type.Array(SummarySchema) }) },
      },
    },
    async (req) => {
      const from = resolveDay(req.query.from, zone);
      const to = resolveDay(req.query.to, zone);
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (span < 0 || span > MAX_RANGE_DAYS) {
        throw problem(
          400,
          'Invalid range',
          `from must not be after to, and the range at most ${MAX_RANGE_DAYS} days`,
        );
      }
      return { items: await daySummaries(db, from, to) };
    },
  );

  app.post(
    '/api/accounting/days/:day/close',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Close a billing day now: pay positive balances (idempotent)',
        params: DayParams,
        response: { 200: DayClosedSchema },
      },
    },
    async (req) => closeDay(db, bus, zone, req.params.day),
  );
}
