import { describe, expect, it } from 'vitest';
import { resolveRoute, routedServices, routeTable } from '../../src/routes.js';

describe('route table', () => {
  it.each([
    ['/api/auth/login', 'auth'],
    ['/api/users', 'users'],
    ['/api/users/42?x=1', 'users'],
    ['/api/notifications/stream', 'notifications'],
    ['/api/agent', 'battles'],
    ['/api/battles/7/live', 'battles'],
    ['/api/matchmaking/queue', 'matchmaking'],
    ['/api/challenges/1', 'matchmaking'],
    ['/api/rooms', 'matchmaking'],
    ['/api/series/3', 'tournaments'],
    ['/api/v1/tasks/1', 'tasks'],
    ['/api/tasks', 'tasks'],
    ['/api/analytics', 'analytics'],
  ])('when the path is %s, then it goes to %s', (path, service) => {
    expect(resolveRoute(path)?.service).toBe(service);
  });

  it('when a path only shares a prefix without a segment boundary, then no service owns it', () => {
    expect(resolveRoute('/api/usersX')).toBeUndefined();
    expect(resolveRoute('/api/unknown/1')).toBeUndefined();
    expect(resolveRoute('/docs')).toBeUndefined();
  });

  it('when prefixes nest, then the longest one wins', () => {
    const table = [
      { prefix: '/api/a', service: 'outer' },
      { prefix: '/api/a/b', service: 'inner' },
    ];
    expect(resolveRoute('/api/a/b/c', table)?.service).toBe('inner');
    expect(resolveRoute('/api/a/c', table)?.service).toBe('outer');
  });

  it('when listing routed services, then each appears once', () => {
    const services = routedServices();
    expect(new Set(services).size).toBe(services.length);
    expect(services).toHaveLength(new Set(routeTable.map((r) => r.service)).size);
    expect(services).toContain('notifications');
  });
});
