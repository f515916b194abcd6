import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './error-handler.js';
import { problemDocument } from './problem.js';
import { pathOf } from './request-scope.js';

const draining = new WeakSet<object>();

/** HTTP/2 has no `connection` header (setting one is an error); its sessions are closed by the server. */
function askToDisconnect(req: FastifyRequest, reply: FastifyReply): void {
  if (req.raw.httpVersionMajor === 1) reply.header('connection', 'close');
}

/**
 * While draining, answers still in flight tell keep-alive clients to disconnect (so the drain does
 * not wait for idle sockets), and requests that still arrive get a problem+json 503.
 */
export function installDraining(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    if (!draining.has(app.server)) return;
    askToDisconnect(req, reply);
    return sendProblem(
      reply,
      problemDocument(503, 'Service Unavailable', 'This instance is shutting down; retry', pathOf(req.url), {
        requestId: req.id,
      }),
    );
  });
  app.addHook('onSend', async (req, reply) => {
    if (draining.has(app.server)) askToDisconnect(req, reply);
  });
}

/** Graceful close: stop accepting, let in-flight requests finish. */
export async function closeHttpApp(app: FastifyInstance): Promise<void> {
  draining.add(app.server);
  await app.close();
}
