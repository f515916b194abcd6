import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { NotificationView } from '../../src/domain/notification.js';
import { LiveHub, type LiveSocket } from '../../src/live/live-hub.js';

class FakeSocket implements LiveSocket {
  readonly sent: unknown[] = [];
  readyState = 1;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  closedWith: number | undefined;
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
}

const view = (id: string): NotificationView => ({
  id,
  type: 'welcome',
  title: 't',
  body: 'b',
  data: {},
  createdAt: 'now',
  readAt: null,
});

function hub(unread: Record<string, number> = {}) {
  const loads: string[] = [];
  const h = new LiveHub({
    loadNotification: async (userId, id) => {
      loads.push(`${userId}/${id}`);
      return view(id);
    },
    countUnread: async (userId) => unread[userId] ?? 0,
    log: pino({ level: 'silent' }),
  });
  return { h, loads };
}

describe('live hub', () => {
  it("when a user is deactivated, then every socket of theirs is closed with 4403 and nobody else's", async () => {
    const { h } = hub();
    const [a, b, other] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    await h.connect('u1', a);
    await h.connect('u1', b);
    await h.connect('u2', other);
    await h.onSignal({ kind: 'deactivated', userId: 'u1' });
    expect([a.closedWith, b.closedWith]).toEqual([4403, 4403]);
    expect(other.closedWith).toBeUndefined();
    expect(h.connections).toBe(1);
  });

  it('when a client connects, then it is told its unread count', async () => {
    const { h } = hub({ u1: 4 });
    const socket = new FakeSocket();
    await h.connect('u1', socket);
    expect(socket.sent).toEqual([{ type: 'unread', unread: 4 }]);
  });

  it("when a notification is created, then every socket of that user gets it, and other users' do not", async () => {
    const { h, loads } = hub({ u1: 1 });
    const [a, b, other] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    await h.connect('u1', a);
    await h.connect('u1', b);
    await h.connect('u2', other);
    await h.onSignal({ kind: 'created', userId: 'u1', id: 'n1' });
    for (const s of [a, b])
      expect(s.sent.slice(1)).toEqual([
        { type: 'notification', notification: view('n1') },
        { type: 'unread', unread: 1 },
      ]);
    expect(other.sent).toHaveLength(1);
    expect(loads).toEqual(['u1/n1']);
  });

  it('when nobody of that user is connected here, then nothing is read from the database', async () => {
    const { h, loads } = hub();
    await h.onSignal({ kind: 'created', userId: 'nobody', id: 'n1' });
    expect(loads).toEqual([]);
  });

  it('when a client disconnects or its socket is closed, then it receives nothing more', async () => {
    const { h } = hub();
    const gone = new FakeSocket();
    const closed = new FakeSocket();
    const disconnect = await h.connect('u1', gone);
    await h.connect('u1', closed);
    disconnect();
    closed.close();
    await h.onSignal({ kind: 'read', userId: 'u1' });
    expect(gone.sent).toHaveLength(1);
    expect(closed.sent).toHaveLength(1);
    expect(h.connections).toBe(1);
  });

  it('when the hub closes, then every socket is closed', async () => {
    const { h } = hub();
    const s = new FakeSocket();
    await h.connect('u1', s);
    h.closeAll();
    expect(s.readyState).toBe(3);
    expect(h.connections).toBe(0);
  });
});
