// Hash routing keeps every screen a static file for the gateway to serve: `/#/profile` needs no
// server-side fallback, and reloads and shared links work everywhere.

/** `#/profile?x=1` → `/profile`; anything empty → `/`. */
export function pathFromHash(hash: string): string {
  const withoutMark = hash.startsWith('#') ? hash.slice(1) : hash;
  const path = withoutMark.split('?')[0] ?? '';
  if (path === '' || path === '/') return '/';
  const normalized = path.startsWith('/') ? path : `/${path}`;
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}
