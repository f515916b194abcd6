import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RoomView } from '../../src/adapters/views.js';
import { RoomHub, type RoomSocket } from '../../src/live/room-hub.js';

class FakeSocket implements RoomSocket {
  readonly sent: Array<{ type: string; room: RoomView }> = [];
  closed: number | undefined;
  readyState = 1;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closed = code;
    this.readyState = 3;
  }
}

const room = (id: string, version: number, joinCode?: string) =>
  ({ id, name: `v${version}`, ...(joinCode ? { joinCode } : {}) }) as unknown as RoomView;

describe('room hub', () => {
  it('when a room changes, then only its watchers get it, each as they may see it, and outsiders of a private room are dropped', async () => {
    let version = 1;
    const insiders = new Set(['owner']);
    const reads: string[] = [];
    const hub = new RoomHub({
      log: pino({ level: 'silent' }),
      loadRoom: async (roomId) => {
        reads.push(roomId);
        const v = version;
        return (viewer) =>
          roomId === 'gone' ? undefined : room(roomId, v, insiders.has(viewer) ? 'CODE' : undefined);
      },
    });
    const owner = new FakeSocket();
    const guest = new FakeSocket();
    const elsewhere = new FakeSocket();
    await hub.watch('r1', 'owner', owner);
    const unwatchGuest = await hub.watch('r1', 'guest', guest);
    await hub.watch('r2', 'owner', elsewhere);
    expect(owner.sent[0]!.room).toMatchObject({ id: 'r1', name: 'v1', joinCode: 'CODE' });
    expect(guest.sent[0]!.room).not.toHaveProperty('joinCode');

    version = 2;
    reads.length = 0;
    await hub.onSignal('r1');
    expect(reads).toEqual(['r1']); // one read for every watcher of the room
    expect(owner.sent.map((m) => m.room.name)).toEqual(['v1', 'v2']);
    expect(guest.sent.map((m) => m.room.name)).toEqual(['v1', 'v2']);
    expect(elsewhere.sent).toHaveLength(1);

    unwatchGuest();
    await hub.onSignal('r1');
    expect(guest.sent).toHaveLength(2);
    expect(hub.connections).toBe(2);

    await hub.onSignal('nobody-watches');
    expect(reads).not.toContain('nobody-watches');

    const late = new FakeSocket();
    await hub.watch('gone', 'guest', late);
    expect(late.closed).toBe(4404);
  });
});
