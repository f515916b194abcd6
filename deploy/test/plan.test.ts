import { describe, expect, it } from 'vitest';
import { planServices, portsNeeded } from '../src/plan.js';
import { runnableServices, startOrder } from '../src/topology.js';

const services = startOrder(runnableServices('platform'));

function plan(baseEnv: NodeJS.ProcessEnv = {}) {
  return planServices({
    services,
    ports: [7001, 7002, 7003, 7004, 7005],
    publicPort: 8080,
    publicHost: '127.0.0.1',
    baseEnv,
    postgresUrl: 'postgres://postgres:secret@127.0.0.1:5999/postgres',
    databasePrefix: 'x_',
    bus: 'pgboss',
    busPrefix: 'p.',
    logLevel: 'info',
    adminPassword: 'admin-pw',
    dataDir: '/data',
  });
}
const byName = (name: string) => plan().find((p) => p.spec.name === name)!;

describe('plan', () => {
  it('when the platform is planned, then the gateway takes the public port and every other service its own ports', () => {
    expect(portsNeeded(services)).toBe(4); // users http+grpc, auth, notifications
    const planned = plan();
    expect(byName('gateway').env.HTTP_PORT).toBe('8080');
    expect(byName('gateway').env.PORT).toBe('8080');
    const internal = planned
      .filter((p) => p.spec.name !== 'gateway')
      .flatMap((p) => [p.env.HTTP_PORT, p.env.GRPC_PORT]);
    const ports = internal.filter(Boolean);
    expect(new Set(ports).size).toBe(ports.length);
    expect(byName('users').env.GRPC_PORT).toBeDefined();
  });

  it('when services are planned, then each gets its own database and all share the bus database', () => {
    expect(byName('users').env.DATABASE_URL).toBe('postgres://postgres:secret@127.0.0.1:5999/x_users');
    expect(byName('auth').env.DATABASE_URL).toBe('postgres://postgres:secret@127.0.0.1:5999/x_auth');
    expect(byName('gateway').env.DATABASE_URL).toBeUndefined();
    for (const p of plan())
      expect(p.env.BUS_DATABASE_URL).toBe('postgres://postgres:secret@127.0.0.1:5999/x_bus');
  });

  it('when the discovery table is built, then it lists every service with its http and grpc address', () => {
    const table = JSON.parse(byName('gateway').env.GARRISON_SERVICES!) as Record<
      string,
      { http: string; grpc?: string }
    >;
    expect(Object.keys(table).sort()).toEqual(['auth', 'gateway', 'notifications', 'users']);
    expect(table.users!.http).toBe(`http://127.0.0.1:${byName('users').env.HTTP_PORT}`);
    expect(table.users!.grpc).toBe(`http://127.0.0.1:${byName('users').env.GRPC_PORT}`);
  });

  it('when the admin password is planned, then only auth receives it, even if the launcher environment has one', () => {
    const planned = plan({
      GARRISON_ADMIN_PASSWORD: 'from-env',
      GARRISON_POSTGRES_URL: 'postgres://leak',
      DATABASE_URL: 'postgres://wrong',
    });
    for (const p of planned) {
      expect(p.env.GARRISON_ADMIN_PASSWORD).toBe(p.spec.name === 'auth' ? 'admin-pw' : undefined);
      expect(p.env.GARRISON_POSTGRES_URL).toBeUndefined();
      if (!p.spec.database) expect(p.env.DATABASE_URL).toBeUndefined();
    }
  });

  it('when settings like the rate limit are in the environment, then they are passed through', () => {
    for (const p of plan({ GARRISON_RATE_LIMIT: '5,5', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' })) {
      expect(p.env.GARRISON_RATE_LIMIT).toBe('5,5');
      expect(p.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel:4318');
      expect(p.env.BUS_PREFIX).toBe('p.');
      expect(p.env.GARRISON_BUS).toBe('pgboss');
    }
  });

  it('when too few ports are reserved, then planning fails instead of sharing one', () => {
    expect(() =>
      planServices({
        ...{
          services,
          ports: [1],
          publicPort: 8080,
          publicHost: '127.0.0.1',
          baseEnv: {},
          postgresUrl: 'postgres://h/p',
        },
        databasePrefix: '',
        bus: 'pgboss',
        busPrefix: '',
        logLevel: 'info',
        adminPassword: 'x',
        dataDir: '/d',
      }),
    ).toThrow(/not enough free ports/);
  });
});
