// Types only: the `websocket: true` route option and the socket handler signature.
import type {} from '@fastify/websocket';
import {
  closeWhenTokenExpires,
  identityOf,
  problem,
  registerWebSockets,
  requireAuth,
  withTransaction,
  WS_MAX_PAYLOAD,
  type HttpApp,
} from '@garrison/kit';
import type { Kysely, Transaction } from 'kysely';
import {
  countUnread,
  findNotification,
  listNotifications,
  markAllRead,
  markRead,
} from '../adapters/inbox-repository.js';
import type { NotificationsDatabase } from '../adapters/database.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import type { LiveHub } from '../live/live-hub.js';
import { registerChannelHttp } from './channel-http.js';
import { announce } from '../live/live-signal.js';
import {
  IdParamsSchema,
  InboxPageSchema,
  InboxQuerySchema,
  NotificationSchema,
  ReadAllSchema,
} from './schemas.js';

const tags = ['notifications'];

export async function registerHttp(
  app: HttpApp,
  db: Kysely<NotificationsDatabase>,
  hub: LiveHub,
  emailDelivery: 'smtp' | 'mailbox' = 'mailbox',
  webhookAllowPrivate = false,
): Promise<void> {
  await registerWebSockets(app, WS_MAX_PAYLOAD.stream);

  // Other tabs of the same user learn about reads at once (through every instance).
  const announceRead = (tx: Transaction<NotificationsDatabase>, userId: string) =>
    announce(tx as Transaction<unknown>, { kind: 'read', userId });

  app.get(
    '/api/notifications',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'My inbox, newest first',
        querystring: InboxQuerySchema,
        response: { 200: InboxPageSchema },
      },
    },
    async (req) => {
      const { userId } = identityOf(req);
      const beforeSeq = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor);
      if (req.query.cursor !== undefined && beforeSeq === undefined) {
        throw problem(400, 'Invalid request', 'query/cursor is not a cursor this API returned');
      }
      const page = await listNotifications(db, {
        userId,
        onlyUnread: req.query.unread === true,
        limit: req.query.limit,
        ...(beforeSeq ? { beforeSeq } : {}),
      });
      return {
        items: page.items,
        unread: await countUnread(db, userId),
        nextCursor: page.more && page.lastSeq ? encodeCursor(page.lastSeq) : null,
      };
    },
  );

  app.post(
    '/api/notifications/:id/read',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Mark one notification read',
        params: IdParamsSchema,
        response: { 200: NotificationSchema },
      },
    },
    async (req) => {
      const { userId } = identityOf(req);
      const updated = await withTransaction(db, async (tx) => {
        const before = await findNotification(tx, userId, req.params.id);
        const after = await markRead(tx, userId, req.params.id);
        if (after && !before?.readAt) await announceRead(tx, userId);
        return after;
      });
      if (!updated) throw problem(404, 'Not Found', `notification ${req.params.id} is not in your inbox`);
      return updated;
    },
  );

  app.post(
    '/api/notifications/read-all',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'Mark every notification read', response: { 200: ReadAllSchema } },
    },
    async (req) => {
      const { userId } = identityOf(req);
      const marked = await withTransaction(db, async (tx) => {
        const n = await markAllRead(tx, userId);
        if (n > 0) await announceRead(tx, userId);
        return n;
      });
      return { marked, unread: await countUnread(db, userId) };
    },
  );

  registerChannelHttp(app, db, emailDelivery, webhookAllowPrivate);

  app.get('/api/notifications/stream', { websocket: true, preHandler: requireAuth }, async (socket, req) => {
    const { userId } = identityOf(req);
    // Messages may arrive before registration completes; nothing is expected from the client anyway.
    socket.on('message', () => {});
    closeWhenTokenExpires(socket, req);
    const alive = { value: true };
    socket.on('pong', () => (alive.value = true));
    const heartbeat = setInterval(() => {
      if (!alive.value) return socket.terminate();
      alive.value = false;
      socket.ping();
    }, 30_000);
    const disconnect = await hub.connect(userId, socket);
    socket.on('close', () => {
      clearInterval(heartbeat);
      disconnect();
    });
    if (socket.readyState !== socket.OPEN) disconnect();
  });
}
