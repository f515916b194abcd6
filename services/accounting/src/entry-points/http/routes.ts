import {
  cacheReads,
  identityOf,
  pendingEventsOf,
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
  SummaryWithPendingSchema,
  UserParams,
} from './schemas.js';

const tags = ['accounting'];
const BOOKKEEPERS = ['admin', 'accountant'];
const MAX_RANGE_DAYS = 366;

export function registerAccountingRoutes(app: HttpApp, ctx: ServiceContext<Database, typeof config>): void {
  // Dashboards read from the replica when there is one; closing a day writes to the primary.
  const { db, dbRead, bus } = ctx;
  const zone = ctx.config.timeZone;
  // While the database is down these GETs answer their last figures, marked stale (ADR 182).
  cacheReads(app, ctx);
  const pending = pendingEventsOf(bus);
  /** Lag first, figures second: with 0 pending, every event published before the read is in them. */
  const withPending = async <T>(read: () => Promise<T>) => {
    const pendingEvents = await pending();
    return { ...(await read()), pendingEvents };
  };

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
    async (req) =>
      withPending(() => statementOf(dbRead, identityOf(req).userId, resolveDay(req.query.day, zone))),
  );

  app.get(
    '/api/accounting/accounts',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: { tags, summary: 'Every account and its balance', response: { 200: AccountsSchema } },
    },
    async () => withPending(() => listAccounts(dbRead)),
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
    async (req) => withPending(() => statementOf(dbRead, req.params.userId, resolveDay(req.query.day, zone))),
  );

  app.get(
    '/api/accounting/summary',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: {
        tags,
        summary: 'Management earnings and money totals of a day',
        querystring: DayQuery,
        response: { 200: SummaryWithPendingSchema },
      },
    },
    async (req) => withPending(() => daySummary(dbRead, resolveDay(req.query.day, zone))),
  );

  app.get(
    '/api/accounting/days',
    {
      preHandler: requireRole(...BOOKKEEPERS),
      schema: {
        tags,
        summary: 'Per-day statistics over a range (days without money moves are omitted)',
        querystring: DayRangeQuery,
        response: {
          200: Type.Object({
            items: Type.Array(SummarySchema),
            pendingEvents: SummaryWithPendingSchema.properties.pendingEvents,
          }),
        },
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
      return withPending(async () => ({ items: await daySummaries(dbRead, from, to) }));
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
