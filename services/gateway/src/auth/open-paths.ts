// Requests that pass the gateway without an access token (SPEC section 2: register, login, refresh,
// JWKS, health, docs, static files). Everything else under /api needs a valid token.

const OPEN_API: ReadonlyArray<{ method: string; path: string }> = [
  { method: 'POST', path: '/api/auth/register' },
  { method: 'POST', path: '/api/auth/login' },
  { method: 'POST', path: '/api/auth/refresh' },
  { method: 'POST', path: '/api/auth/logout' },
  { method: 'GET', path: '/api/auth/jwks' },
  { method: 'HEAD', path: '/api/auth/jwks' },
];

const OPEN_EXACT = new Set(['/healthz', '/readyz', '/openapi.json']);

/** True when `method path` may be served to an anonymous caller. */
export function isOpenRequest(method: string, url: string): boolean {
  const path = (url.split('?', 1)[0] ?? '').replace(/\/+$/, '') || '/';
  if (OPEN_API.some((o) => o.method === method && o.path === path)) return true;
  if (OPEN_EXACT.has(path)) return true;
  if (path === '/docs' || path.startsWith('/docs/')) return true;
  // Anything outside /api is the web app or the platform's own endpoints: static, no secrets.
  return path !== '/api' && !path.startsWith('/api/');
}
