import { Type } from 'typebox';

const Day = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'ISO date in the accounting time zone',
});

/** Events accounting has yet to apply (SPEC 5.5): above 0 the figures are still moving; null = unknown. */
const PendingEvents = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description:
    'events not yet applied: above 0 the figures are still moving ("updating…"); null when unknown',
});

export const DayQuery = Type.Object({ day: Type.Optional(Day) });
export const DayRangeQuery = Type.Object({ from: Day, to: Day });
export const DayParams = Type.Object({ day: Day });
export const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });

export const StatementSchema = Type.Object({
  userId: Type.String(),
  day: Type.String(),
  balance: Type.Integer(),
  pendingEvents: PendingEvents,
  transactions: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Type.Union([Type.Literal('fee'), Type.Literal('reward'), Type.Literal('payout')]),
      amount: Type.Integer(),
      taskId: Type.Union([Type.String(), Type.Null()]),
      taskTitle: Type.Union([Type.String(), Type.Null()]),
      jiraId: Type.Union([Type.String(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const AccountsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      userId: Type.String(),
      login: Type.Union([Type.String(), Type.Null()]),
      balance: Type.Integer(),
    }),
  ),
  pendingEvents: PendingEvents,
});

export const SummarySchema = Type.Object({
  day: Type.String(),
  managementEarnings: Type.Integer(),
  feesDebited: Type.Integer(),
  rewardsCredited: Type.Integer(),
  paidOut: Type.Integer(),
});

export const SummaryWithPendingSchema = Type.Object({
  ...SummarySchema.properties,
  pendingEvents: PendingEvents,
});

export const DayClosedSchema = Type.Object({
  day: Type.String(),
  paidAccounts: Type.Integer(),
  totalPaid: Type.Integer(),
});
