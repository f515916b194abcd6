// The gateway's whole routing knowledge: which service owns which public path prefix (SPEC section 2).
// Adding a service means adding a line here — nothing else in the gateway knows service names.

export interface RouteEntry {
  /** Public path prefix; matches the prefix itself and everything below it ("/api/users", "/api/users/42"). */
  prefix: string;
  /** Service name as registered in discovery. */
  service: string;
  /**
   * The browser's cookies go to this service and it may set them (auth's refresh cookie, ADR 250).
   * Every other route gets no `Cookie` header, and a `Set-Cookie` it answers is dropped.
   */
  cookies?: true;
}

export const routeTable: readonly RouteEntry[] = [
  { prefix: '/api/auth', service: 'auth', cookies: true },
  { prefix: '/api/users', service: 'users' },
  { prefix: '/api/notifications', service: 'notifications' },
  { prefix: '/api/bots', service: 'bots' },
  { prefix: '/api/battles', service: 'battles' },
  { prefix: '/api/agent', service: 'battles' },
  { prefix: '/api/challenges', service: 'matchmaking' },
  { prefix: '/api/rooms', service: 'matchmaking' },
  { prefix: '/api/matchmaking', service: 'matchmaking' },
  { prefix: '/api/tournaments', service: 'tournaments' },
  { prefix: '/api/series', service: 'tournaments' },
  { prefix: '/api/ratings', service: 'ratings' },
  { prefix: '/api/tasks', service: 'tasks' },
  { prefix: '/api/v1/tasks', service: 'tasks' },
  { prefix: '/api/accounting', service: 'accounting' },
  { prefix: '/api/analytics', service: 'analytics' },
];

/** Every service the gateway may route to (used to collect OpenAPI documents). */
export function routedServices(table: readonly RouteEntry[] = routeTable): string[] {
  return [...new Set(table.map((r) => r.service))];
}

/**
 * The owning service of a request path (query string ignored), or undefined.
 * Matches whole segments only: "/api/users" owns "/api/users/1" but not "/api/usersX".
 * The longest prefix wins so nested prefixes stay unambiguous.
 */
export function resolveRoute(url: string, table: readonly RouteEntry[] = routeTable): RouteEntry | undefined {
  const path = url.split('?', 1)[0] ?? '';
  let best: RouteEntry | undefined;
  for (const entry of table) {
    const owns = path === entry.prefix || path.startsWith(`${entry.prefix}/`);
    if (owns && (!best || entry.prefix.length > best.prefix.length)) best = entry;
  }
  return best;
}
