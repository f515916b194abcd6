import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './error-handler.js';
import { problemDocument } from './problem.js';
import { pathOf } from './request-scope.js';

const draining = new WeakSet<object>();
/** Out of discovery but still serving: answers tell keep-alive clients to reconnect (elsewhere). */
const leaving = new WeakSet<object>();

/** HTTP/2 has no `connection` header (setting one is an error); its sessions are closed by the server. */
function askToDisconnect(req: FastifyRequest, reply: FastifyReply): void {
  if (req.raw.httpVersionMajor === 1) reply.header('connection', 'close');
}

/**
 * While draining, answers still in flight tell keep-alive clients to disconnect (so the drain does
 * not wait for idle sockets), and requests that still arrive get a problem+json 503.
 */
export function installDraining(app: FastifyInstance): void {
  // Callback hooks (not async): they run on every request, and a promise each is not free.
  app.addHook('onRequest', (req, reply, done) => {
    if (!draining.has(app.server)) return done();
    askToDisconnect(req, reply);
    // Nothing was done: safe to repeat at once, on another instance. Answering here ends the request.
    reply.header('retry-after', '1');
    sendProblem(
      reply,
      problemDocument(503, 'Service Unavailable', 'This instance is shutting down; retry', pathOf(req.url), {
        requestId: req.id,
      }),
    );
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    if (draining.has(app.server) || leaving.has(app.server)) askToDisconnect(req, reply);
    done(null, payload);
  });
}

/**
 * First step of a graceful stop, once out of discovery: requests are still served, but each answer
 * closes its connection, so a keep-alive client moves to another instance before the server closes
 * idle connections (which would race a request being sent on one).
 */
export function beginLeaving(app: FastifyInstance): void {
  leaving.add(app.server);
}

/** Graceful close: stop accepting, let in-flight requests finish. */
export async function closeHttpApp(app: FastifyInstance): Promise<void> {
  draining.add(app.server);
  await app.close();
}
