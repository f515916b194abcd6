import type { FastifySchema } from 'fastify';

/** Route schema that keeps a gateway-internal route out of OpenAPI (`hide` is @fastify/swagger's extension). */
export const HIDDEN_ROUTE = { hide: true } as FastifySchema;
