import type { Logger } from 'pino';
import type { RoomView } from '../adapters/views.js';

/** The part of a WebSocket the hub uses (lets unit tests pass a fake). */
export interface RoomSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
}

const OPEN = 1;

export type RoomMessage = { type: 'room'; room: RoomView };

export interface RoomHubDeps {
  /**
   * Reads the room once; the answer shows it as a given viewer may see it (undefined: not to them).
   */
  loadRoom(roomId: string): Promise<(viewerId: string) => RoomView | undefined>;
  log: Logger;
}

interface Watcher {
  userId: string;
  socket: RoomSocket;
}

/**
 * The room WebSockets connected to THIS instance, by room. Signals arrive from every instance; only
 * rooms with a socket here cost a database read. Each watcher gets the room as they may see it (the
 * join code only for members).
 */
export class RoomHub {
  private readonly rooms = new Map<string, Set<Watcher>>();

  constructor(private readonly deps: RoomHubDeps) {}

  get connections(): number {
    let n = 0;
    for (const set of this.rooms.values()) n += set.size;
    return n;
  }

  /** Registers a watcher and sends it the room now; returns the function that unregisters it. */
  async watch(roomId: string, userId: string, socket: RoomSocket): Promise<() => void> {
    let set = this.rooms.get(roomId);
    if (!set) this.rooms.set(roomId, (set = new Set()));
    const watcher = { userId, socket };
    set.add(watcher);
    const unwatch = () => {
      set.delete(watcher);
      if (set.size === 0 && this.rooms.get(roomId) === set) this.rooms.delete(roomId);
    };
    await this.push(roomId, [watcher]);
    return unwatch;
  }

  async onSignal(roomId: string): Promise<void> {
    const set = this.rooms.get(roomId);
    if (set?.size) await this.push(roomId, [...set]);
  }

  /** After missed signals: every watched room is sent again. */
  async resync(): Promise<void> {
    await Promise.all([...this.rooms.keys()].map((id) => this.onSignal(id)));
  }

  closeAll(): void {
    for (const set of this.rooms.values()) for (const w of set) w.socket.close(1001, 'server shutting down');
    this.rooms.clear();
  }

  private async push(roomId: string, watchers: Watcher[]): Promise<void> {
    try {
      const viewFor = await this.deps.loadRoom(roomId);
      for (const w of watchers) {
        const room = viewFor(w.userId);
        if (!room) w.socket.close(4404, 'room not visible');
        else if (w.socket.readyState === OPEN)
          w.socket.send(JSON.stringify({ type: 'room', room } satisfies RoomMessage));
      }
    } catch (err) {
      this.deps.log.warn({ err, roomId }, 'room live push failed');
    }
  }
}
