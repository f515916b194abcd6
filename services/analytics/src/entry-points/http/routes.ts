import { problem, requireRole, type HttpApp, type ServiceContext } from '@garrison/kit';
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

export function registerAnalyticsRoutes(app: HttpApp, ctx: ServiceContext<Database>): void {
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
          }),
        },
      },
    },
    async (req) => summaryOf(ctx.db, validDay(req.query.day ?? today())),
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
          }),
        },
      },
    },
    async (req) => mostExpensive(ctx.db, validDay(req.query.from), validDay(req.query.to), req.query.by),
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
