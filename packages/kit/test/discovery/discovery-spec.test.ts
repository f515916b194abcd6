import { describe, expect, it } from 'vitest';
import { baseConfig, crossCheckBaseConfig, parseDiscoverySpec } from '../../src/index.js';

describe('GARRISON_DISCOVERY', () => {
  it('when it is empty or "static", then the static table is used', () => {
    expect(parseDiscoverySpec('')).toEqual({ kind: 'static' });
    expect(parseDiscoverySpec('static')).toEqual({ kind: 'static' });
  });

  it('when it lists etcd members, then each host:port becomes an endpoint', () => {
    expect(parseDiscoverySpec('etcd://10.0.0.1:2379,etcd-2:2379')).toEqual({
      kind: 'etcd',
      endpoints: ['10.0.0.1:2379', 'etcd-2:2379'],
    });
  });

  it('when the scheme is unknown, then the start fails with a message naming the setting', () => {
    const problems = crossCheckBaseConfig(
      baseConfig.tryLoad({ GARRISON_DISCOVERY: 'consul://x:8500' }).values,
    );
    expect(problems).toEqual([
      'GARRISON_DISCOVERY: expected "static" or etcd://host:port[,host:port…], got "consul://x:8500"',
    ]);
  });

  it('when an endpoint has no port, then it is refused', () => {
    expect(parseDiscoverySpec('etcd://etcd-1')).toBe('GARRISON_DISCOVERY: "etcd-1" is not host:port');
  });
});
