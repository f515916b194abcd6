import { WS_CLOSE } from '@garrison/kit';
import type { Logger } from 'pino';
import type { NotificationView } from '../domain/notification.js';
import type { LiveSignal } from './live-signal.js';

/** The part of a WebSocket the hub uses (lets unit tests pass a fake). */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
}

const OPEN = 1;

export type LiveMessage =
  { type: 'notification'; notification: NotificationView } | { type: 'unread'; unread: number };

export interface LiveHubDeps {
  loadNotification(userId: string, id: string): Promise<NotificationView | undefined>;
  countUnread(userId: string): Promise<number>;
  log: Logger;
}

/**
 * The WebSocket clients connected to THIS instance, by user. Signals arrive from every instance (the
 * live channel); only users with a socket here cost a database read.
 */
export class LiveHub {
  private readonly sockets = new Map<string, Set<LiveSocket>>();

  constructor(private readonly deps: LiveHubDeps) {}

  get connections(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }

  /** Registers a client and tells it its unread count; returns the function that unregisters it. */
  async connect(userId: string, socket: LiveSocket): Promise<() => void> {
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socket);
    const disconnect = () => {
      set.delete(socket);
      if (set.size === 0 && this.sockets.get(userId) === set) this.sockets.delete(userId);
    };
    send(socket, { type: 'unread', unread: await this.deps.countUnread(userId) });
    return disconnect;
  }

  async onSignal(signal: LiveSignal): Promise<void> {
    const set = this.sockets.get(signal.userId);
    if (!set?.size) return;
    if (signal.kind === 'deactivated') {
      for (const socket of set) socket.close(WS_CLOSE.deactivated, 'account deactivated');
      this.sockets.delete(signal.userId);
      return;
    }
    try {
      if (signal.kind === 'created') {
        const notification = await this.deps.loadNotification(signal.userId, signal.id);
        if (notification) this.broadcast(set, { type: 'notification', notification });
      }
      this.broadcast(set, { type: 'unread', unread: await this.deps.countUnread(signal.userId) });
    } catch (err) {
      this.deps.log.warn({ err, userId: signal.userId }, 'live push failed');
    }
  }

  /** After missed signals: every connected user gets a fresh unread count (clients refetch on change). */
  async resync(): Promise<void> {
    await Promise.all([...this.sockets.keys()].map((userId) => this.onSignal({ kind: 'read', userId })));
  }

  closeAll(): void {
    for (const set of this.sockets.values())
      for (const socket of set) socket.close(1001, 'server shutting down');
    this.sockets.clear();
  }

  private broadcast(set: Set<LiveSocket>, message: LiveMessage): void {
    for (const socket of set) send(socket, message);
  }
}

function send(socket: LiveSocket, message: LiveMessage): void {
  if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
}
