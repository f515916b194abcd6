import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import type { NotificationsDatabase } from '../../src/adapters/database.js';
import { notificationsService } from '../../src/service.js';
import { isSent, publish, redeliver, standInProducer } from './fixtures.js';

const pg = await needsPostgres();

interface Item {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

function assignment(overrides: Record<string, unknown> = {}) {
  return {
    assignmentId: randomUUID(),
    taskId: randomUUID(),
    title: 'Feed the parrots',
    jiraId: 'UBERPOP-42',
    assigneeId: randomUUID(),
    previousAssigneeId: null,
    assignedAt: new Date().toISOString(),
    ...overrides,
  };
}

function payout(overrides: Record<string, unknown> = {}) {
  return {
    transactionId: randomUUID(),
    userId: randomUUID(),
    day: '2026-11-23',
    amount: 42,
    paidAt: new Date().toISOString(),
    ...overrides,
  };
}

describe.skipIf(!pg)('notifications for aTES events', () => {
  let tasks: TestService;
  let accounting: TestService;
  let notifications: TestService<NotificationsDatabase>;

  const inbox = async (userId: string): Promise<Item[]> => {
    const res = await fetch(`${notifications.url}/api/notifications?limit=100`, {
      headers: identityHeaders(userId),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Item[] }).items;
  };
  const inboxOfSize = (userId: string, size: number) =>
    waitFor(
      async () => {
        const items = await inbox(userId);
        return items.length >= size ? items : undefined;
      },
      { timeoutMs: 15_000, message: `${size} notification(s) for ${userId}` },
    );

  beforeAll(async () => {
    tasks = await startTestService(standInProducer('tasks'), { database: true });
    // Every party shares the tasks stand-in's bus, as in one running system.
    const bus = { BUS_DATABASE_URL: tasks.env.BUS_DATABASE_URL!, BUS_PREFIX: tasks.env.BUS_PREFIX! };
    accounting = await startTestService(standInProducer('accounting'), { database: true, env: bus });
    notifications = await startTestService(notificationsService, { env: { GARRISON_BUS: 'pgboss', ...bus } });
  });

  afterAll(async () => {
    await notifications?.stop();
    await accounting?.stop();
    await tasks?.stop();
  });

  it('when a task is assigned to a user never seen before, then that user gets "New task: <jiraId> <title>"', async () => {
    const event = assignment();
    await publish(tasks, 'task.assigned', event);
    const [item] = await inboxOfSize(event.assigneeId, 1);
    expect(item).toMatchObject({
      type: 'task.assigned',
      title: 'New task: UBERPOP-42 Feed the parrots',
      data: { taskId: event.taskId, jiraId: 'UBERPOP-42', title: 'Feed the parrots', reassigned: false },
    });
  });

  it('when a task without a jira id is reassigned, then the new assignee is told by title and the previous one gets nothing new', async () => {
    const previous = randomUUID();
    const first = assignment({ jiraId: null, title: 'Clean the cage', assigneeId: previous });
    await publish(tasks, 'task.assigned', first);
    await inboxOfSize(previous, 1);
    const second = assignment({
      taskId: first.taskId,
      jiraId: null,
      title: 'Clean the cage',
      previousAssigneeId: previous,
    });
    await publish(tasks, 'task.assigned', second);
    const [item] = await inboxOfSize(second.assigneeId, 1);
    expect(item).toMatchObject({ title: 'New task: Clean the cage', data: { reassigned: true } });
    expect(await inbox(previous)).toHaveLength(1);
  });

  it('when the same task.assigned is delivered twice, then the assignee is told once; a new assignment of the same task tells again', async () => {
    const event = assignment();
    const eventId = await publish(tasks, 'task.assigned', event);
    await inboxOfSize(event.assigneeId, 1);
    await redeliver(tasks, eventId);
    await waitFor(() => isSent(tasks, eventId), { timeoutMs: 10_000, message: 'event relayed again' });
    // The same worker drawn again by a shuffle is a new assignment (a new event): it is told again.
    await publish(
      tasks,
      'task.assigned',
      assignment({
        taskId: event.taskId,
        assigneeId: event.assigneeId,
        previousAssigneeId: event.assigneeId,
      }),
    );
    const items = await inboxOfSize(event.assigneeId, 2);
    // One queue, handled in order: the duplicate was handled before the later event.
    expect(items.map((i) => i.type)).toEqual(['task.assigned', 'task.assigned']);
    expect(items.map((i) => i.data.reassigned)).toEqual([true, false]);
  });

  it('when a payout is made, then the worker gets the payout "email" with the amount and the day', async () => {
    const event = payout({ amount: 57, day: '2026-11-22' });
    await publish(accounting, 'payout.made', event);
    const [item] = await inboxOfSize(event.userId, 1);
    expect(item).toMatchObject({
      type: 'payout.made',
      title: 'Payout: 57 for 2026-11-22',
      data: { transactionId: event.transactionId, day: '2026-11-22', amount: 57 },
    });
    expect(item!.body).toContain('57');
  });

  it('when the same payout.made is delivered twice, then the worker is told once', async () => {
    const event = payout({ amount: 13 });
    const eventId = await publish(accounting, 'payout.made', event);
    await inboxOfSize(event.userId, 1);
    await redeliver(accounting, eventId);
    await waitFor(() => isSent(accounting, eventId), { timeoutMs: 10_000, message: 'payout relayed again' });
    // A later payout of the same worker (the next day) is handled after the duplicate.
    await publish(accounting, 'payout.made', payout({ userId: event.userId, amount: 8, day: '2026-11-24' }));
    const items = await inboxOfSize(event.userId, 2);
    expect(items.map((i) => i.title)).toEqual(['Payout: 8 for 2026-11-24', 'Payout: 13 for 2026-11-23']);
  });
});
