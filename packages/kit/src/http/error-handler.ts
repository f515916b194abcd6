import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../postgres/unavailable.js';
import { pathOf } from './request-scope.js';
import { Problem, problemDocument, PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem.js';

interface ValidationIssue {
  path: string;
  message: string;
}

type AjvLikeError = {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
};

/** Turns Ajv errors into `{path, message}` with paths such as `body/login` or `query/limit`. */
function validationIssues(err: FastifyError): ValidationIssue[] {
  const context = err.validationContext ?? 'body';
  return ((err.validation ?? []) as AjvLikeError[]).map((e) => {
    let pointer = e.instancePath ?? '';
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') {
      pointer = `${pointer}/${e.params.missingProperty}`;
    }
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
      pointer = `${pointer}/${e.params.additionalProperty}`;
    }
    return { path: `${context}${pointer}`, message: e.message ?? 'is invalid' };
  });
}

export function sendProblem(reply: FastifyReply, doc: ProblemDocument): FastifyReply {
  return reply.code(doc.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(doc));
}

/** Every 4xx/5xx leaves as application/problem+json (RFC 9457); unexpected errors never leak their stack. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const instance = pathOf(req.url);
    const extra = { requestId: req.id };

    if (err instanceof Problem) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return sendProblem(
        reply,
        problemDocument(err.status, err.title, err.detail, instance, { ...extra, ...err.extra }),
      );
    }
    if (err.validation) {
      const errors = validationIssues(err);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      return sendProblem(
        reply,
        problemDocument(400, 'Invalid request', detail, instance, { ...extra, errors }),
      );
    }
    const status = err.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors: body too large (413), unsupported media type (415), bad JSON (400)...
      return sendProblem(reply, problemDocument(status, undefined, err.message, instance, extra));
    }
    if (isDatabaseUnavailable(err)) {
      // SPEC 5.4: a service whose database is down answers 503 quickly while others go on.
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        problemDocument(
          503,
          'Service Unavailable',
          'The database is not reachable; try again shortly',
          instance,
          extra,
        ),
      );
    }
    req.log.error({ err }, 'unexpected error');
    return sendProblem(
      reply,
      problemDocument(
        typeof status === 'number' && status >= 500 && status < 600 ? status : 500,
        undefined,
        'An unexpected error occurred; the request id identifies it in the logs',
        instance,
        extra,
      ),
    );
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(
      reply,
      problemDocument(404, 'Not Found', `No route for ${req.method} ${pathOf(req.url)}`, pathOf(req.url), {
        requestId: req.id,
      }),
    ),
  );
}
