import { describe, expect, it } from 'vitest';
import {
  databasesOf,
  runnableServices,
  SERVICES,
  servicesOfProfile,
  startOrder,
  startWaves,
  type ServiceSpec,
} from '../src/topology.js';

const names = (specs: readonly ServiceSpec[]): string[] => specs.map((s) => s.name);

const spec = (name: string, dependsOn: string[] = []): ServiceSpec => ({
  name,
  folder: `services/${name}`,
  group: 'platform',
  dependsOn,
  database: true,
  grpc: false,
  public: true,
  implemented: true,
  summary: name,
});

describe('topology', () => {
  it('when the table is read, then every dependency names a listed service and every name is unique', () => {
    const all = new Set(names(SERVICES));
    expect(all.size).toBe(SERVICES.length);
    for (const s of SERVICES) for (const d of s.dependsOn) expect(all, `${s.name} → ${d}`).toContain(d);
  });

  it('when the platform profile is selected, then exactly the four platform services run, the gateway last', () => {
    const order = names(startOrder(runnableServices('platform')));
    expect([...order].sort()).toEqual(['auth', 'gateway', 'notifications', 'users']);
    expect(order.at(-1)).toBe('gateway');
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('auth'));
  });

  it('when the tanks profile is selected, then platform and tanks services are in it but no aTES one', () => {
    const selected = names(servicesOfProfile('tanks'));
    expect(selected).toEqual(
      expect.arrayContaining([
        'gateway',
        'users',
        'bots',
        'battles',
        'matchmaking',
        'tournaments',
        'ratings',
      ]),
    );
    expect(selected).not.toContain('tasks');
  });

  it('when the all profile is selected, then every service is in it', () => {
    expect(names(servicesOfProfile('all')).sort()).toEqual(names(SERVICES).sort());
  });

  it('when services depend on each other, then each starts after its dependencies and independent ones share a wave', () => {
    const services = [
      spec('gateway', ['auth', 'users']),
      spec('auth', ['users']),
      spec('users'),
      spec('notifications'),
    ];
    expect(names(startOrder(services))).toEqual(['users', 'notifications', 'auth', 'gateway']);
    expect(startWaves(services).map(names)).toEqual([['users', 'notifications'], ['auth'], ['gateway']]);
  });

  it('when a dependency is outside the selection, then it is ignored', () => {
    expect(names(startOrder([spec('matchmaking', ['battles'])]))).toEqual(['matchmaking']);
  });

  it('when services depend on each other in a circle, then the order names the cycle', () => {
    expect(() => startOrder([spec('a', ['b']), spec('b', ['a']), spec('c')])).toThrow(/cycle between: a, b/);
  });

  it('when databases are listed, then each service with a database gets one plus the bus database', () => {
    expect(databasesOf(runnableServices('platform')).sort()).toEqual([
      'auth',
      'bus',
      'notifications',
      'users',
    ]);
  });
});
