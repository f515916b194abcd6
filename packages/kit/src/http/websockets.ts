// WebSocket conventions every service's sockets follow (ADR 162): a frame limit enforced by the
// WebSocket layer itself, and sockets that end when the token that opened them does.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Largest frame (bytes) a client may send, per socket kind. */
export const WS_MAX_PAYLOAD = {
  /** The local Agent's socket: hello and intents, with room for a long bot name. */
  agent: 64 * 1024,
  /** Server-to-client streams (notifications, rooms, spectators): the client sends nothing of size. */
  stream: 4 * 1024,
} as const;

/**
 * Registers @fastify/websocket once per app with `maxPayload`: ws reads a frame's length from its
 * header and closes the socket with 1009 before buffering the payload, so an oversized frame costs
 * nothing. Compression stays off (ws' default): a small compressed frame cannot inflate in memory.
 */
export async function registerWebSockets(app: FastifyInstance, maxPayload: number): Promise<void> {
  if (app.hasDecorator('websocketServer')) return;
  await app.register(websocket, {
    options: { maxPayload, perMessageDeflate: false },
    errorHandler(error, socket, request) {
      // A client's bad frame (too large, malformed): ws is already closing the socket with the
      // matching code (1009, 1002, …). Terminating here would reset the connection and could lose
      // that close frame on its way through the gateway; it is the client's fault, not an error.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
        request.log.warn({ code, reason: error.message }, 'WebSocket frame refused');
        return;
      }
      request.log.error({ err: error }, 'WebSocket error');
      socket.terminate();
    },
  });
}

/** Set by the gateway next to x-user-id: when the access token that opened the request expires (unix seconds). */
export const TOKEN_EXPIRES_HEADER = 'x-user-token-expires';

/** Application close codes: the HTTP status they stand for, plus 4000. */
export const WS_CLOSE = {
  /** The token expired: reconnect with a fresh one. */
  tokenExpired: 4401,
  /** The account was deactivated: do not reconnect. */
  deactivated: 4403,
} as const;

/** When the caller's access token expires (epoch ms), if the gateway said so. */
export function tokenExpiryOf(req: FastifyRequest): number | undefined {
  const raw = req.headers[TOKEN_EXPIRES_HEADER];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

interface ClosableSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

// setTimeout fires at once past 2^31-1 ms; a token living longer is re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes `socket` with 4401 when the access token that opened it expires: a socket must not outlive
 * the token, or a user keeps receiving after logout/expiry. No expiry known (a direct internal call)
 * means nothing is scheduled.
 */
export function closeWhenTokenExpires(
  socket: ClosableSocket,
  req: FastifyRequest,
  now: () => number = Date.now,
): void {
  const expiresAt = tokenExpiryOf(req);
  if (expiresAt === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = expiresAt - now();
    if (left <= 0) return socket.close(WS_CLOSE.tokenExpired, 'access token expired');
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  socket.once('close', () => clearTimeout(timer));
}
