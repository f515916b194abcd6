// The set-wise money move (what accounting's handleBatch runs for a batch of task events), called
// directly with hand-made batches: duplicates, redeliveries and events out of order must still end
// in the exact ledger, balances and events that applying them one by one would give.
import { randomUUID } from 'node:crypto';
import { sql, withTransaction, type EventEnvelope } from '@garrison/kit';
import { needsPostgres, startTestService, type TestService } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chargeAssignments,
  rewardCompletions,
  type Assignment,
  type TaskMove,
} from '../../src/app/charge-for-tasks.js';
import type { Database } from '../../src/database.js';
import { accountingService } from '../../src/service.js';

const pg = await needsPostgres();

function envelope<Data>(type: string, data: Data): EventEnvelope<Data> {
  const id = randomUUID();
  return {
    id,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'tasks',
    correlationId: id,
    causationId: null,
    data,
  };
}

interface Applied {
  transactionId: string;
  userId: string;
  type: string;
  amount: number;
  taskId: string;
  balanceAfter: number;
}

describe.skipIf(!pg)('batch money moves (real PostgreSQL)', () => {
  let accounting: TestService<Database>;

  beforeAll(async () => {
    accounting = await startTestService(accountingService);
  });
  afterAll(() => accounting?.stop());

  const inTx = (fn: Parameters<typeof withTransaction<Database, void>>[1]) =>
    withTransaction(accounting.ctx.db, fn);
  const timeZone = () => accounting.ctx.config.timeZone;

  /** The events accounting wrote to its outbox, of one type, oldest first. */
  async function published<Data>(type: string): Promise<Array<EventEnvelope<Data>>> {
    const { rows } = await sql<{ envelope: EventEnvelope<Data> }>`
      SELECT envelope FROM kit_outbox WHERE type = ${type} ORDER BY id`.execute(accounting.ctx.db);
    return rows.map((r) => r.envelope);
  }

  it('when a batch holds duplicates, redeliveries and events out of order, then the ledger, balances and events are exact', async () => {
    const id = (): string => randomUUID();
    const [ann, bob] = [id(), id()];
    const [t1, t2, t3] = [id(), id(), id()];
    const assign = (taskId: string, assigneeId: string, title = 'T') =>
      envelope<Assignment>('task.assigned', {
        assignmentId: randomUUID(),
        taskId,
        title,
        jiraId: null,
        assigneeId,
      });
    const complete = (taskId: string, assigneeId: string): EventEnvelope<TaskMove> =>
      envelope('task.completed', { taskId, title: 'T', jiraId: 'UBERPOP-3', assigneeId });

    // completion before its assignment, and twice (an upstream retry: another event, same task)
    await inTx((tx) =>
      rewardCompletions(tx, accounting.ctx.bus, timeZone(), [complete(t1, ann), complete(t1, ann)]),
    );
    const a1 = assign(t1, ann);
    const a2 = assign(t2, ann);
    const a3 = assign(t3, bob);
    const a4 = assign(t2, bob); // t2 changes hands in the same batch: both pay its fee
    const again = { ...a1, id: randomUUID() }; // the same assignment published twice
    await inTx((tx) => chargeAssignments(tx, accounting.ctx.bus, timeZone(), [a1, a2, again, a3, a4]));
    // a later batch redelivers moves already applied
    await inTx((tx) => chargeAssignments(tx, accounting.ctx.bus, timeZone(), [a3, a2]));

    const prices = new Map(
      (await accounting.ctx.db.selectFrom('tasks').selectAll().where('id', 'in', [t1, t2, t3]).execute()).map(
        (t) => [t.id, t],
      ),
    );
    expect(prices.size).toBe(3);
    expect(prices.get(t1)).toMatchObject({ title: 'T', jira_id: 'UBERPOP-3' });
    const fee = (t: string) => prices.get(t)!.fee;
    const reward = (t: string) => prices.get(t)!.reward;

    const ledger = await accounting.ctx.db
      .selectFrom('ledger')
      .select(['user_id', 'type', 'amount', 'task_id', 'cause'])
      .where('user_id', 'in', [ann, bob])
      .orderBy('applied_at')
      .execute();
    expect(ledger.map((r) => [r.user_id, r.type, Number(r.amount), r.task_id])).toEqual([
      [ann, 'reward', reward(t1), t1],
      [ann, 'fee', fee(t1), t1],
      [ann, 'fee', fee(t2), t2],
      [bob, 'fee', fee(t3), t3],
      [bob, 'fee', fee(t2), t2],
    ]);
    const balances = new Map(
      (
        await accounting.ctx.db
          .selectFrom('accounts')
          .selectAll()
          .where('user_id', 'in', [ann, bob])
          .execute()
      ).map((a) => [a.user_id, Number(a.balance)]),
    );
    expect(balances.get(ann)).toBe(reward(t1) - fee(t1) - fee(t2));
    expect(balances.get(bob)).toBe(-fee(t3) - fee(t2));

    // one task.priced per task, caused by the first event that named it
    const priced = (await published<{ taskId: string; fee: number }>('task.priced')).filter((e) =>
      [t1, t2, t3].includes(e.data.taskId),
    );
    expect(priced.map((e) => e.data.taskId).sort()).toEqual([t1, t2, t3].sort());
    expect(priced.find((e) => e.data.taskId === t2)?.causationId).toBe(a2.id);

    // one account.transaction-applied per ledger row, each balance after it as if applied in order
    const applied = (await published<Applied>('account.transaction-applied')).filter((e) =>
      [ann, bob].includes(e.data.userId),
    );
    // (outbox ids of one millisecond are not ordered: compare as sets)
    const byKey = (rows: unknown[][]) => rows.map((r) => r.join(' ')).sort();
    expect(
      byKey(applied.map((e) => [e.data.userId, e.data.type, e.data.taskId, e.data.balanceAfter])),
    ).toEqual(
      byKey([
        [ann, 'reward', t1, reward(t1)],
        [ann, 'fee', t1, reward(t1) - fee(t1)],
        [ann, 'fee', t2, reward(t1) - fee(t1) - fee(t2)],
        [bob, 'fee', t3, -fee(t3)],
        [bob, 'fee', t2, -fee(t3) - fee(t2)],
      ]),
    );
    expect(applied.find((e) => e.data.userId === bob && e.data.taskId === t2)?.causationId).toBe(a4.id);
    expect(applied.find((e) => e.data.userId === bob && e.data.taskId === t2)?.correlationId).toBe(
      a4.correlationId,
    );
  });
});
