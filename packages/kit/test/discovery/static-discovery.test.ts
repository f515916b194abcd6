import { describe, expect, it } from 'vitest';
import { StaticDiscovery } from '../../src/index.js';

describe('StaticDiscovery', () => {
  const table = { users: { http: 'http://127.0.0.1:8102', grpc: 'http://127.0.0.1:9102' } };

  it('when a listed service is resolved, then its addresses come back as one healthy instance', async () => {
    const d = new StaticDiscovery(table);
    expect(await d.resolve('users')).toEqual([
      {
        name: 'users',
        id: 'users-static',
        healthy: true,
        http: 'http://127.0.0.1:8102',
        grpc: 'http://127.0.0.1:9102',
      },
    ]);
  });

  it('when an unknown service is resolved, then the answer is empty', async () => {
    expect(await new StaticDiscovery(table).resolve('ratings')).toEqual([]);
  });

  it('when a service registered itself, then it resolves itself until it deregisters', async () => {
    const d = new StaticDiscovery(table);
    const me = { name: 'bots', id: 'bots-1', http: 'http://127.0.0.1:5555', healthy: true };
    await d.register(me);
    expect(await d.resolve('bots')).toEqual([me]);
    await d.deregister();
    expect(await d.resolve('bots')).toEqual([]);
  });
});
