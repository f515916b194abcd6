import { describe, expect, it } from 'vitest';
import { mergeOpenApi } from '../../src/docs/merge-openapi.js';

const usersDoc = {
  openapi: '3.1.0',
  paths: {
    '/api/users/{id}': {
      get: { operationId: 'getUser', responses: { 200: { $ref: '#/components/responses/def-0' } } },
    },
    '/healthz': { get: {} },
  },
  components: {
    responses: {
      'def-0': {
        description: 'user',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/def-0' } } },
      },
    },
    schemas: { 'def-0': { type: 'object' } },
  },
};
const authDoc = {
  paths: {
    '/api/auth/login': { post: { operationId: 'login', tags: ['x'] } },
    '/api/users/stolen': { get: {} },
  },
  components: { schemas: { 'def-0': { type: 'string' } } },
};

describe('merged OpenAPI document', () => {
  const merged = mergeOpenApi(
    [
      { service: 'users', doc: usersDoc },
      { service: 'auth', doc: authDoc },
    ],
    ['tasks'],
  );

  it('when two services contribute, then each public path appears tagged with its service', () => {
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual(['/api/auth/login', '/api/users/{id}']);
    expect((merged.paths?.['/api/auth/login']?.post as { tags: string[] }).tags).toEqual(['auth']);
    expect(merged.tags?.map((t) => t.name)).toEqual(['users', 'auth']);
  });

  it('when both use the same component name, then they do not overwrite each other and refs follow', () => {
    expect(merged.components?.schemas?.['users_def-0']).toEqual({ type: 'object' });
    expect(merged.components?.schemas?.['auth_def-0']).toEqual({ type: 'string' });
    const op = merged.paths?.['/api/users/{id}']?.get as { responses: Record<string, { $ref: string }> };
    expect(op.responses['200']?.$ref).toBe('#/components/responses/users_def-0');
  });

  it('when an operation is open, then it needs no token; others inherit the bearer requirement', () => {
    expect((merged.paths?.['/api/auth/login']?.post as { security: unknown[] }).security).toEqual([]);
    expect((merged.paths?.['/api/users/{id}']?.get as { security?: unknown }).security).toBeUndefined();
    expect(merged.security).toEqual([{ bearer: [] }]);
  });

  it('when a service is not running, then the document says so', () => {
    expect(merged.info?.description).toContain('tasks');
    expect(merged.openapi).toBe('3.1.0');
  });
});
