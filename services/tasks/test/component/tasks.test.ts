import { randomUUID } from 'node:crypto';
import {
  httpClient,
  needsPostgres,
  onTheBusOf,
  startTestService,
  waitFor,
  type Answer,
  type TestService,
} from '@garrison/kit/testing';
import { usersService } from '@garrison/users/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/database.js';
import { tasksService } from '../../src/service.js';

const pg = await needsPostgres();

function client(base: string) {
  const call = httpClient(base);
  return (
    method: string,
    path: string,
    as: { id: string; roles: string[] },
    body?: unknown,
  ): Promise<Answer> => call(method, path, { as, body });
}

describe.skipIf(!pg)('tasks service (real PostgreSQL, users events over the bus)', () => {
  let users: { url: string; stop(): Promise<void> };
  let tasks: TestService<Database>;
  let callUsers: ReturnType<typeof client>;
  let call: ReturnType<typeof client>;
  const admin = { id: randomUUID(), roles: ['admin'] };
  const workers: Array<{ id: string; roles: string[] }> = [];
  let manager: { id: string; roles: string[] };

  const account = async (login: string, roles: string[]) => {
    const res = await callUsers('POST', '/api/users', admin, { login, displayName: login, roles });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, roles };
  };

  beforeAll(async () => {
    tasks = await startTestService(tasksService);
    // users publishes on the same bus as tasks consumes from
    users = await startTestService(usersService, {
      env: onTheBusOf(tasks),
    });
    call = client(tasks.url);
    callUsers = client(users.url);
  });

  afterAll(async () => {
    await users?.stop();
    await tasks?.stop();
  });

  it('when nobody is a worker yet, then creating a task answers 409 and stores nothing', async () => {
    const res = await call('POST', '/api/tasks', admin, { title: 'Too early', description: '' });
    expect(res.status).toBe(409);
    expect(res.contentType).toContain('application/problem+json');
    expect(await tasks.ctx.db.selectFrom('tasks').select('id').execute()).toEqual([]);
  });

  it('when workers and a manager are registered, then the tracker learns them from the user stream', async () => {
    for (const login of ['popug.a', 'popug.b', 'popug.c']) workers.push(await account(login, ['worker']));
    manager = await account('boss', ['worker', 'manager']);
    await waitFor(async () => {
      const rows = await tasks.ctx.db.selectFrom('accounts').select(['id', 'eligible']).execute();
      return rows.length === 4;
    });
    const eligible = await tasks.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('eligible', '=', true)
      .execute();
    expect(eligible.map((r) => r.id).sort()).toEqual(workers.map((w) => w.id).sort());
  });

  it('when a task is created, then it goes to a worker (never the manager) and task.created v2 + task.assigned are published', async () => {
    const res = await call('POST', '/api/tasks', manager, {
      title: 'Feed the parrots',
      jiraId: 'UBERPOP-42',
      description: 'Twice',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Feed the parrots',
      jiraId: 'UBERPOP-42',
      status: 'open',
      completedAt: null,
    });
    expect(workers.map((w) => w.id)).toContain(res.body.assigneeId);
    const created = await tasks.events.waitFor<{ id: string }>(
      'task.created',
      (e) => e.data.id === res.body.id,
    );
    expect(created.version).toBe(2);
    const assigned = await tasks.events.waitFor<{
      taskId: string;
      assigneeId: string;
      previousAssigneeId: null;
    }>('task.assigned', (e) => e.data.taskId === res.body.id);
    expect(assigned.data).toMatchObject({ assigneeId: res.body.assigneeId, previousAssigneeId: null });
  });

  it('when a title carries brackets, then 422 explains to use jiraId; the old /api/v1 form is split instead', async () => {
    const refused = await call('POST', '/api/tasks', manager, {
      title: '[UBERPOP-7] Sweep',
      description: '',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('jiraId');
    const legacy = await call('POST', '/api/v1/tasks', manager, { title: '[UBERPOP-7] Sweep the cage' });
    expect(legacy.status).toBe(201);
    expect(legacy.body).toMatchObject({ title: 'Sweep the cage', jiraId: 'UBERPOP-7' });
  });

  it('when a task is read by id, then only its assignee, its creator, managers and admins see it; others get 404', async () => {
    const creator = workers[0]!;
    const created = await call('POST', '/api/tasks', creator, { title: 'Secret plan', description: 'd' });
    expect(created.status).toBe(201);
    const assignee = workers.find((w) => w.id === created.body.assigneeId)!;
    const stranger = workers.find((w) => w.id !== assignee.id && w.id !== creator.id);
    for (const reader of [assignee, creator, manager, admin]) {
      const seen = await call('GET', `/api/tasks/${created.body.id}`, reader);
      expect(seen.status).toBe(200);
      expect(seen.body.title).toBe('Secret plan');
    }
    if (stranger) {
      const refused = await call('GET', `/api/tasks/${created.body.id}`, stranger);
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain('Secret plan');
    }
    const outsider = await call('GET', `/api/tasks/${created.body.id}`, {
      id: randomUUID(),
      roles: ['worker'],
    });
    expect(outsider.status).toBe(404);
    expect(outsider.contentType).toContain('application/problem+json');
  });

  it('when someone other than the assignee completes a task, then 403; the assignee completes it once', async () => {
    const created = await call('POST', '/api/tasks', manager, { title: 'Count seeds', description: '' });
    const assignee = workers.find((w) => w.id === created.body.assigneeId)!;
    const stranger = workers.find((w) => w.id !== assignee.id)!;
    expect((await call('POST', `/api/tasks/${created.body.id}/complete`, stranger)).status).toBe(403);
    const done = await call('POST', `/api/tasks/${created.body.id}/complete`, assignee);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    const again = await call('POST', `/api/tasks/${created.body.id}/complete`, assignee);
    expect(again.status).toBe(200);
    await tasks.events.waitFor<{ taskId: string }>(
      'task.completed',
      (e) => e.data.taskId === created.body.id,
    );
    await new Promise((r) => setTimeout(r, 300));
    const completions = tasks.events.events.filter(
      (e) => e.type === 'task.completed' && (e.data as { taskId: string }).taskId === created.body.id,
    );
    expect(completions).toHaveLength(1);
  });

  it('when a worker shuffles, then 403; when a manager shuffles, then every open task gets one task.assigned and done tasks stay', async () => {
    expect((await call('POST', '/api/tasks/shuffle', workers[0]!)).status).toBe(403);
    const open = await tasks.ctx.db.selectFrom('tasks').select('id').where('status', '=', 'open').execute();
    const before = tasks.events.events.length;
    const res = await call('POST', '/api/tasks/shuffle', manager);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reassigned: open.length });
    await waitFor(
      async () =>
        tasks.events.events.slice(before).filter((e) => e.type === 'task.assigned').length === open.length,
    );
    const movedIds = tasks.events.events
      .slice(before)
      .filter((e) => e.type === 'task.assigned')
      .map((e) => (e.data as { taskId: string }).taskId)
      .sort();
    expect(movedIds).toEqual(open.map((t) => t.id).sort());
  });

  it('when a worker lists their tasks, then only theirs come back; all tasks are for managers only', async () => {
    const mine = await call('GET', '/api/tasks/mine', workers[0]!);
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((t: { assigneeId: string }) => t.assigneeId === workers[0]!.id)).toBe(true);
    expect((await call('GET', '/api/tasks', workers[0]!)).status).toBe(403);
    const all = await call('GET', '/api/tasks?limit=2', manager);
    expect(all.body.items).toHaveLength(2);
    const next = await call('GET', `/api/tasks?limit=2&cursor=${all.body.nextCursor}`, manager);
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
  });
});
