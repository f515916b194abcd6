import { describe, expect, it } from 'vitest';
import { isOpenRequest } from '../../src/auth/open-paths.js';

describe('open requests', () => {
  it.each([
    ['POST', '/api/auth/register'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/refresh'],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/auth/jwks'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/metrics'],
    ['GET', '/docs'],
    ['GET', '/docs/static/index.html'],
    ['GET', '/openapi.json'],
    ['GET', '/'],
    ['GET', '/assets/index-abc.js'],
    ['GET', '/profile/settings'],
  ])('when %s %s, then no token is needed', (method, path) => {
    expect(isOpenRequest(method, path)).toBe(true);
  });

  it.each([
    ['GET', '/api/users/me'],
    ['GET', '/api/auth/register'],
    ['DELETE', '/api/auth/jwks'],
    ['GET', '/api/notifications?unread=true'],
    ['GET', '/api'],
    ['POST', '/api/auth/login/extra'],
  ])('when %s %s, then a token is required', (method, path) => {
    expect(isOpenRequest(method, path)).toBe(false);
  });
});
