import {
  cacheReads,
  pendingEventsOf,
  problem,
  requireRole,
  type HttpApp,
  type ServiceContext,
} from '@garrison/kit';
import { Type } from 'typebox';
import type { Database } from '../../database.js';
import { rebuildProjections } from '../../app/rebuild.js';
import { mostExpensive, summaryOf } from '../../app/reports.js';

const tags = ['analytics'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'ISO date' });
const today = () => new Date().toISOString().slice(0, 10);
const validDay = (day: string) => {
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw problem(400, 'Invalid day', `"${day}" is not a date`);
  return day;
};

const TaskSchema = Type.Object({
  id: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  jiraId: Type.Union([Type.String(), Type.Null()]),
  reward: Type.Integer(),
});

/** Events analytics has yet to apply (SPEC 5.5): above 0 the report is still moving; null = unknown. */
const PendingEvents = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description:
    'events not yet applied: above 0 the figures are still moving ("updating…"); null when unknown',
});

export function registerAnalyticsRoutes(app: HttpApp, ctx: ServiceContext<Database>): void {
  // Reports read from the replica when there is one, and ride out a database outage (ADR 182).
  cacheReads(app, ctx);
  const pending = pendingEventsOf(ctx.bus);
  /** Lag first, figures second: with 0 pending, every event published before the read is in them. */
  const withPending = async <T>(read: () => Promise<T>) => {
    const pendingEvents = await pending();
    return { ...(await read()), pendingEvents };
  };
  app.get(
    '/api/analytics/summary',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Management earnings of a day and the number of workers below zero',
        querystring: Type.Object({ day: Type.Optional(Day) }),
        response: {
          200: Type.Object({
            day: Type.String(),
            managementEarnings: Type.Integer(),
            negativeBalanceCount: Type.Integer(),
            pendingEvents: PendingEvents,
          }),
        },
      },
    },
    async (req) => withPending(() => summaryOf(ctx.dbRead, validDay(req.query.day ?? today()))),
  );

  app.get(
    '/api/analytics/most-expensive',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'The most expensive completed task per day, week or month',
        querystring: Type.Object({
          from: Day,
          to: Day,
          by: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], {
            default: 'day',
          }),
        }),
        response: {
          200: Type.Object({
            periods: Type.Array(
              Type.Object({
                from: Type.String(),
                to: Type.String(),
                task: Type.Union([TaskSchema, Type.Null()]),
              }),
            ),
            pendingEvents: PendingEvents,
          }),
        },
      },
    },
    async (req) =>
      withPending(() =>
        mostExpensive(ctx.dbRead, validDay(req.query.from), validDay(req.query.to), req.query.by),
      ),
  );

  app.post(
    '/api/analytics/rebuild',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Rebuild the read model from the event log (same numbers afterwards)',
        description:
          'Drops the projections and folds every logged event again, in one transaction. ' +
          '409 when the projections hold data from before the event log existed.',
        response: {
          200: Type.Object({
            events: Type.Integer({ description: 'events re-applied from the log' }),
            transactions: Type.Integer(),
            tasks: Type.Integer(),
            tookMs: Type.Integer(),
          }),
        },
      },
    },
    async () => rebuildProjections(ctx.db),
  );
}
