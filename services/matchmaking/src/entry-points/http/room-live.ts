// Types only: the `websocket: true` route option and the socket handler signature.
import type {} from '@fastify/websocket';
import {
  closeWhenTokenExpires,
  identityOf,
  problem,
  registerWebSockets,
  requireAuth,
  WS_MAX_PAYLOAD,
  type HttpApp,
} from '@garrison/kit';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.js';
import { viewRoom } from '../../app/rooms/list-rooms.js';
import type { RoomHub } from '../../live/room-hub.js';
import { IdParams } from './schemas.js';

/**
 * `GET /api/rooms/{id}/live` (WebSocket): the room now, then the whole room again after every change
 * (`{type: "room", room}`), whichever instance made it (ADR 122). Refused with 404 before the upgrade
 * when the caller may not see the room.
 */
export async function registerRoomLive(app: HttpApp, deps: Deps, hub: RoomHub): Promise<void> {
  await registerWebSockets(app, WS_MAX_PAYLOAD.stream);

  const mayWatch = async (req: FastifyRequest) => {
    const { id } = req.params as { id: string };
    if (!(await viewRoom(deps, id))(identityOf(req).userId))
      throw problem(404, 'Not Found', `room ${id} does not exist`);
  };

  app.get(
    '/api/rooms/:id/live',
    {
      websocket: true,
      preHandler: [requireAuth, mayWatch],
      schema: {
        tags: ['rooms'],
        summary: 'WebSocket: the room now and after every change, as {type: "room", room}',
        params: IdParams,
      },
    },
    async (socket, req) => {
      const { id } = req.params as { id: string };
      socket.on('message', () => {}); // nothing is expected from the client
      closeWhenTokenExpires(socket, req);
      const alive = { value: true };
      socket.on('pong', () => (alive.value = true));
      const heartbeat = setInterval(() => {
        if (!alive.value) return socket.terminate();
        alive.value = false;
        socket.ping();
      }, 30_000);
      const unwatch = await hub.watch(id, identityOf(req).userId, socket);
      socket.on('close', () => {
        clearInterval(heartbeat);
        unwatch();
      });
      if (socket.readyState !== socket.OPEN) unwatch();
    },
  );
}
