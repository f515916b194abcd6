import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createService, type RunningService } from '@garrison/kit';
import {
  identityHeaders,
  needsPostgres,
  startTestService,
  waitFor,
  type TestService,
} from '@garrison/kit/testing';
import type { NotificationsDatabase } from '../../src/adapters/database.js';
import { notificationsService } from '../../src/service.js';
import { isSent, newUser, publish, publishRaw, redeliver, usersProducer } from './fixtures.js';

const pg = await needsPostgres();

interface Item {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}
interface Page {
  items: Item[];
  unread: number;
  nextCursor: string | null;
}

type LiveMessage = { type: 'unread'; unread: number } | { type: 'notification'; notification: Item };

/** A WebSocket client that keeps every message, so a test can wait for the one it expects. */
async function liveClient(baseUrl: string, userId: string) {
  const messages: LiveMessage[] = [];
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/notifications/stream`, {
    headers: identityHeaders(userId),
  });
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveMessage));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    messages,
    next: (pred: (m: LiveMessage) => boolean) => waitFor(() => messages.find(pred), { timeoutMs: 10_000 }),
    close: () => ws.close(),
  };
}

describe.skipIf(!pg)('notifications', () => {
  let users: TestService;
  let notifications: TestService<NotificationsDatabase>;
  const extra: RunningService[] = [];

  const inbox = async (userId: string, query = ''): Promise<Page> => {
    const res = await fetch(`${notifications.url}/api/notifications${query}`, {
      headers: identityHeaders(userId),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };
  const post = (path: string, userId: string) =>
    fetch(`${notifications.url}${path}`, { method: 'POST', headers: identityHeaders(userId) });

  /** Publishes user.created and waits until the welcome is in the inbox. */
  async function registered(displayName = 'Ann Example') {
    const user = newUser({ displayName });
    const eventId = await publish(users, 'user.created', user);
    await waitFor(async () => (await inbox(user.id)).items.length === 1, {
      timeoutMs: 15_000,
      message: 'welcome notification',
    });
    return { user, eventId };
  }

  beforeAll(async () => {
    users = await startTestService(usersProducer, { database: true });
    notifications = await startTestService(notificationsService, {
      env: {
        GARRISON_BUS: 'pgboss',
        BUS_DATABASE_URL: users.env.BUS_DATABASE_URL,
        BUS_PREFIX: users.env.BUS_PREFIX,
      },
    });
  });

  afterAll(async () => {
    for (const svc of extra) await svc.stop();
    await notifications?.stop();
    await users?.stop();
  });

  it('when user.created arrives, then the user has one unread welcome notification', async () => {
    const { user } = await registered('Ann Example');
    const page = await inbox(user.id);
    expect(page.unread).toBe(1);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({
      type: 'welcome',
      title: 'Welcome to Garrison, Ann Example',
      readAt: null,
      data: { login: user.login },
    });
    expect(Date.parse(page.items[0]!.createdAt)).not.toBeNaN();
  });

  it('when the same user.created is delivered twice, then the welcome exists once', async () => {
    const { user, eventId } = await registered();
    await redeliver(users, eventId);
    await waitFor(() => isSent(users, eventId), { timeoutMs: 10_000, message: 'event relayed again' });
    // A later event for the same user is handled after the duplicate (one queue, FIFO, concurrency 1).
    await publish(users, 'user.roles-changed', {
      id: user.id,
      login: user.login,
      roles: ['player'],
      previousRoles: ['player', 'worker'],
    });
    await waitFor(async () => (await inbox(user.id)).items.length >= 2, { timeoutMs: 15_000 });
    const page = await inbox(user.id);
    expect(page.items.filter((i) => i.type === 'welcome')).toHaveLength(1);
    expect(page.items.map((i) => i.type)).toEqual(['roles.changed', 'welcome']);
  });

  it('when user.roles-changed arrives, then the notification lists the new roles and what changed', async () => {
    const { user } = await registered();
    await publish(users, 'user.roles-changed', {
      id: user.id,
      login: user.login,
      roles: ['worker', 'manager', 'player'],
      previousRoles: ['player', 'worker'],
    });
    const change = await waitFor(
      async () => (await inbox(user.id)).items.find((i) => i.type === 'roles.changed'),
      { timeoutMs: 15_000 },
    );
    expect(change.title).toBe('Your roles changed: manager, player, worker');
    expect(change.data).toMatchObject({ added: ['manager'], removed: [] });
  });

  it('when an event breaks its schema, then it goes to the dead letters with the reason and nothing is stored', async () => {
    const user = newUser();
    const { displayName: _dropped, ...invalid } = user;
    const eventId = await publishRaw(users, 'user.created', invalid);
    const letter = await waitFor(
      async () =>
        (await notifications.ctx.bus.deadLetters()).find(
          (d) => (d.envelope as { id?: string }).id === eventId,
        ),
      { timeoutMs: 20_000, message: 'dead letter' },
    );
    expect(letter.reason).toMatch(/schema/i);
    expect((await inbox(user.id)).items).toHaveLength(0);
  });

  it('when notifications are read one by one or all at once, then the unread count follows', async () => {
    const { user } = await registered();
    for (const roles of [['player'], ['worker']]) {
      await publish(users, 'user.roles-changed', {
        id: user.id,
        login: user.login,
        roles,
        previousRoles: ['player', 'worker'],
      });
    }
    await waitFor(async () => (await inbox(user.id)).unread === 3, { timeoutMs: 15_000 });

    const [newest] = (await inbox(user.id)).items;
    const res = await post(`/api/notifications/${newest!.id}/read`, user.id);
    expect(res.status).toBe(200);
    const read = (await res.json()) as Item;
    expect(read.readAt).not.toBeNull();
    expect((await inbox(user.id)).unread).toBe(2);
    expect((await inbox(user.id, '?unread=true')).items.map((i) => i.id)).not.toContain(newest!.id);

    // Reading again keeps the first read time.
    expect(
      ((await (await post(`/api/notifications/${newest!.id}/read`, user.id)).json()) as Item).readAt,
    ).toBe(read.readAt);

    const all = await post('/api/notifications/read-all', user.id);
    expect(await all.json()).toEqual({ marked: 2, unread: 0 });
    expect((await inbox(user.id, '?unread=true')).items).toHaveLength(0);
    expect((await inbox(user.id)).items).toHaveLength(3);
  });

  it("when someone else's notification or a bad id is marked read, then 404 / 400 problem+json", async () => {
    const { user } = await registered();
    const [mine] = (await inbox(user.id)).items;
    const stranger = await post(`/api/notifications/${mine!.id}/read`, newUser().id);
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await post('/api/notifications/not-a-uuid/read', user.id)).status).toBe(400);
    expect((await inbox(user.id)).unread).toBe(1);
  });

  it('when the inbox is longer than a page, then the cursor walks it newest first without gaps', async () => {
    const { user } = await registered();
    for (let i = 0; i < 4; i++) {
      await publish(users, 'user.roles-changed', {
        id: user.id,
        login: user.login,
        roles: ['player'],
        previousRoles: [],
      });
    }
    await waitFor(async () => (await inbox(user.id)).items.length === 5, { timeoutMs: 15_000 });
    const all = (await inbox(user.id, '?limit=100')).items.map((i) => i.id);
    const first = await inbox(user.id, '?limit=2');
    const second = await inbox(user.id, `?limit=2&cursor=${first.nextCursor}`);
    const third = await inbox(user.id, `?limit=2&cursor=${second.nextCursor}`);
    expect([...first.items, ...second.items, ...third.items].map((i) => i.id)).toEqual(all);
    expect(third.nextCursor).toBeNull();
    const bad = await fetch(`${notifications.url}/api/notifications?cursor=garbage`, {
      headers: identityHeaders(user.id),
    });
    expect(bad.status).toBe(400);
  });

  it('when called without the gateway identity, then 401 problem+json', async () => {
    const res = await fetch(`${notifications.url}/api/notifications`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const ws = new WebSocket(`${notifications.url.replace('http', 'ws')}/api/notifications/stream`);
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0)).once('error', () => {}),
    );
    expect(status).toBe(401);
  });

  it('when preferences are changed, then they are stored per type and channel and in-app stays on', async () => {
    const userId = newUser().id;
    const put = (body: unknown) =>
      fetch(`${notifications.url}/api/notifications/preferences`, {
        method: 'PUT',
        headers: { ...identityHeaders(userId), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put({
      preferences: [
        { type: 'roles.changed', email: true },
        { type: 'welcome', webhook: true },
      ],
    });
    expect(res.status).toBe(200);
    const got = (await (
      await fetch(`${notifications.url}/api/notifications/preferences`, { headers: identityHeaders(userId) })
    ).json()) as {
      preferences: { type: string; inApp: boolean; email: boolean; webhook: boolean }[];
    };
    expect(got.preferences.find((p) => p.type === 'roles.changed')).toEqual({
      type: 'roles.changed',
      inApp: true,
      email: true,
      webhook: false,
    });
    expect(got.preferences.find((p) => p.type === 'welcome')).toEqual({
      type: 'welcome',
      inApp: true,
      email: false,
      webhook: true,
    });

    const off = await put({ preferences: [{ type: 'welcome', inApp: false }] });
    expect(off.status).toBe(400);
    expect((await put({ preferences: [{ type: 'no.such.type', email: true }] })).status).toBe(400);
  });

  it('when a notification is created, then a connected WebSocket client receives it and the new unread count', async () => {
    const { user } = await registered();
    const client = await liveClient(notifications.url, user.id);
    expect(await client.next((m) => m.type === 'unread')).toEqual({ type: 'unread', unread: 1 });
    const metrics = await (await fetch(`${notifications.url}/metrics`)).text();
    expect(metrics).toMatch(/^notifications_live_connections 1$/m);
    expect(metrics).toMatch(/^notifications_created_total\{type="welcome"\} \d+$/m);
    await publish(users, 'user.roles-changed', {
      id: user.id,
      login: user.login,
      roles: ['admin'],
      previousRoles: [],
    });
    const pushed = await client.next((m) => m.type === 'notification');
    expect(pushed).toMatchObject({
      type: 'notification',
      notification: { type: 'roles.changed', title: 'Your roles changed: admin' },
    });
    await client.next((m) => m.type === 'unread' && m.unread === 2);
    client.close();
  });

  it('when the event is handled by instance A, then a client connected to instance B receives the notification', async () => {
    // Instance B shares A's database but consumes nothing, so only A can handle the event.
    const pushOnly: typeof notificationsService = {
      ...notificationsService,
      setup: async (ctx) => ({ ...(await notificationsService.setup(ctx)), consumers: [], workers: [] }),
    };
    const b = await createService(pushOnly, { ...notifications.env, HTTP_PORT: '0' });
    extra.push(b);
    const { user } = await registered();
    const client = await liveClient(b.httpUrl, user.id);
    await client.next((m) => m.type === 'unread');
    await publish(users, 'user.roles-changed', {
      id: user.id,
      login: user.login,
      roles: ['manager'],
      previousRoles: ['player'],
    });
    const pushed = await client.next((m) => m.type === 'notification');
    expect(pushed).toMatchObject({
      notification: { type: 'roles.changed', data: { added: ['manager'], removed: ['player'] } },
    });
    // Marking it read through A updates B's client too.
    await post('/api/notifications/read-all', user.id);
    await client.next((m) => m.type === 'unread' && m.unread === 0);
    client.close();
  });
});
