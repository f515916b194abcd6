import { describe, expect, it } from 'vitest';
import { pooledRandomBytes, pooledRandomHex } from '../src/random-pool.js';

describe('pooled random bytes', () => {
  it('when more ids are taken than the pool holds, then none repeats and each keeps its bytes after refills', () => {
    const first = pooledRandomBytes(16);
    const kept = Buffer.from(first);
    const seen = new Set<string>([first.toString('hex')]);
    for (let i = 0; i < 1_000; i++) seen.add(pooledRandomHex(16)); // 16 KB: four refills
    expect(seen.size).toBe(1_001);
    expect(first).toEqual(kept);
    expect(pooledRandomHex(8)).toMatch(/^[0-9a-f]{16}$/);
  });
});
