import type { Discovery, Instance } from '@garrison/kit';
import { describe, expect, it } from 'vitest';
import { rendezvous } from '../../src/upstream/balancer.js';
import { affinityOf } from '../../src/upstream/affinity.js';
import { Upstreams } from '../../src/upstream/upstreams.js';

const battles = (n: number): Instance[] =>
  Array.from({ length: n }, (_, i) => ({
    name: 'battles',
    id: `battles-${i}`,
    http: `http://127.0.0.1:${7000 + i}`,
    healthy: true,
  }));

function discoveryOf(instances: Instance[]): Discovery {
  return {
    register: async () => {},
    setAvailable: async () => {},
    deregister: async () => {},
    resolve: async (name) => instances.filter((i) => i.name === name),
    list: async () => instances,
    watch: () => () => {},
    close: async () => {},
  };
}

describe('live-play affinity', () => {
  it('when a user opens the Agent socket and starts a practice battle, then both carry the same key', () => {
    expect(affinityOf('battles', 'GET', '/api/agent', 'u1')).toBe('user:u1');
    expect(affinityOf('battles', 'POST', '/api/battles?x=1', 'u1')).toBe('user:u1');
  });

  it('when the request is anything else, then it has no affinity (round-robin)', () => {
    expect(affinityOf('battles', 'GET', '/api/battles', 'u1')).toBeUndefined();
    expect(affinityOf('battles', 'GET', '/api/battles/1/live', 'u1')).toBeUndefined();
    expect(affinityOf('tasks', 'POST', '/api/battles', 'u1')).toBeUndefined();
    expect(affinityOf('battles', 'POST', '/api/battles', undefined)).toBeUndefined();
  });

  it('when the same key is hashed over the same instances in any order, then the same instance wins', () => {
    const list = battles(3);
    for (const key of ['user:a', 'user:b', 'user:c', 'user:d']) {
      expect(rendezvous(key, list)?.id).toBe(rendezvous(key, [...list].reverse())?.id);
    }
  });

  it('when an instance leaves, then only the keys it held move', () => {
    const list = battles(3);
    const keys = Array.from({ length: 200 }, (_, i) => `user:${i}`);
    const before = new Map(keys.map((k) => [k, rendezvous(k, list)!.id]));
    const after = new Map(keys.map((k) => [k, rendezvous(k, list.slice(0, 2))!.id]));
    for (const k of keys) if (before.get(k) !== 'battles-2') expect(after.get(k)).toBe(before.get(k));
    expect(new Set(before.values()).size).toBe(3); // the keys are spread over every instance
  });

  it('when the gateway acquires an upstream with a key, then every call of that user reaches one instance', async () => {
    const upstreams = new Upstreams(discoveryOf(battles(2)), { failureThreshold: 5, cooldownMs: 1000 });
    const picked = new Set<string>();
    for (let i = 0; i < 10; i++)
      picked.add((await upstreams.acquire('battles', undefined, 'user:42')).instance.id);
    expect(picked.size).toBe(1);
    const spread = new Set<string>();
    for (let i = 0; i < 10; i++) spread.add((await upstreams.acquire('battles')).instance.id);
    expect(spread.size).toBe(2);
  });
});
