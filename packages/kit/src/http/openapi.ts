import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** How every route may fail, documented once: RFC 9457 problem details. */
const problemResponse = {
  description: 'An error (RFC 9457 problem details); 400 adds `errors: [{path, message}]`',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          requestId: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { path: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

/**
 * OpenAPI 3.1 built from the route schemas, served at `/openapi.json`. Must be registered before
 * the routes it describes; routes with `schema.hide` (the kit's own) stay out of it.
 */
export async function registerOpenApi(app: FastifyInstance, title: string, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title, version } },
    // Documents the error answers every route may give, unless the route describes its own.
    transform: ({ schema, url }) => {
      if (!schema || schema.hide) return { schema, url };
      const response = (schema.response ?? {}) as Record<string, unknown>;
      return { schema: { ...schema, response: { default: problemResponse, ...response } }, url };
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
