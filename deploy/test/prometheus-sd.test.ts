import type { Instance } from '@garrison/kit';
import { describe, expect, it } from 'vitest';
import { metricsPorts } from '../src/manifests/workloads.js';
import { sdServer } from '../src/prometheus-sd/server.js';
import { targetGroups, type Lookup } from '../src/prometheus-sd/targets.js';

const instance = (name: string, http: string, extra: Partial<Instance> = {}): Instance => ({
  name,
  id: `${name}-1`,
  http,
  healthy: true,
  ...extra,
});

/** Compose and Kubernetes DNS: a service name resolves to one address per replica. */
const dns: Lookup = async (host) =>
  ({ users: ['10.0.0.7', '10.0.0.3'], gateway: ['10.0.0.9'] })[host] ?? (/^[\d.]+$/.test(host) ? [host] : []);

describe('Prometheus http_sd targets from the registry', () => {
  it('one target per live instance, with its service and id as meta labels', async () => {
    const groups = await targetGroups(
      [
        instance('users', 'http://127.0.0.1:8101', { id: 'users-a', version: '0.1.0' }),
        instance('users', 'http://127.0.0.1:8102', { id: 'users-b' }),
        instance('auth', 'http://127.0.0.1:8103', { healthy: false }),
      ],
      dns,
    );
    expect(groups).toEqual([
      {
        targets: ['127.0.0.1:8101'],
        labels: {
          __meta_garrison_service: 'users',
          __meta_garrison_instance_id: 'users-a',
          __meta_garrison_version: '0.1.0',
        },
      },
      {
        targets: ['127.0.0.1:8102'],
        labels: { __meta_garrison_service: 'users', __meta_garrison_instance_id: 'users-b' },
      },
    ]);
  });

  it('a DNS name in the table becomes every replica behind it', async () => {
    const groups = await targetGroups([instance('users', 'http://users:8080')], dns);
    expect(groups.map((g) => g.targets)).toEqual([['10.0.0.3:8080', '10.0.0.7:8080']]);
  });

  it('the gateway is scraped on its metrics listener, not its public port; a registered metrics URL wins', async () => {
    const viaPort = await targetGroups([instance('gateway', 'http://gateway:8080')], dns, {
      metricsPorts: { gateway: 9100 },
    });
    expect(viaPort[0]!.targets).toEqual(['10.0.0.9:9100']);
    const own = await targetGroups(
      [
        {
          ...instance('gateway', 'http://gateway:8080'),
          metrics: 'http://10.0.0.9:9555/internal/metrics',
        } as Instance,
      ],
      dns,
      { metricsPorts: { gateway: 9100 } },
    );
    expect(own[0]).toMatchObject({
      targets: ['10.0.0.9:9555'],
      labels: { __metrics_path__: '/internal/metrics' },
    });
  });

  it('a name that does not resolve is left out until it does', async () => {
    expect(await targetGroups([instance('ratings', 'http://ratings:8080')], dns)).toEqual([]);
  });

  it('the endpoint filters by service and refuses a malformed filter with 400', async () => {
    const registry = {
      list: async () => [
        instance('users', 'http://127.0.0.1:8101'),
        instance('auth', 'http://127.0.0.1:8103'),
      ],
    };
    const app = sdServer(registry, { lookup: dns });
    const all = await app.inject({ url: '/targets' });
    expect(all.statusCode).toBe(200);
    expect((all.json() as { targets: string[] }[]).flatMap((g) => g.targets)).toEqual([
      '127.0.0.1:8101',
      '127.0.0.1:8103',
    ]);
    const one = await app.inject({ url: '/targets?service=auth' });
    expect((one.json() as { targets: string[] }[]).flatMap((g) => g.targets)).toEqual(['127.0.0.1:8103']);
    const bad = await app.inject({ url: '/targets?service=../../etc' });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });

  it('only a service whose metrics are off its HTTP port needs a port override (the gateway)', () => {
    expect(metricsPorts()).toEqual({ gateway: 9100 });
  });
});
