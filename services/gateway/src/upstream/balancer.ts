import { createHash } from 'node:crypto';
import type { Instance } from '@garrison/kit';

/** Round-robin over the healthy instances of each service; the cursor survives changing instance lists. */
export class RoundRobin {
  private readonly cursors = new Map<string, number>();

  pick(
    service: string,
    instances: readonly Instance[],
    usable: (i: Instance) => boolean = (i) => !!i.http,
  ): Instance | undefined {
    const candidates = instances.filter((i) => i.healthy && usable(i));
    if (candidates.length === 0) return undefined;
    const cursor = this.cursors.get(service) ?? 0;
    this.cursors.set(service, (cursor + 1) % Number.MAX_SAFE_INTEGER);
    return candidates[cursor % candidates.length];
  }
}

/**
 * Rendezvous (highest random weight) hashing: the instance whose hash with `key` is highest. Every
 * gateway picks the same one from the same list, and removing an instance moves only its own keys.
 */
export function rendezvous(key: string, instances: readonly Instance[]): Instance | undefined {
  let best: Instance | undefined;
  let bestWeight = '';
  for (const instance of instances) {
    const weight = createHash('sha1').update(`${key}|${instance.id}`).digest('hex');
    if (weight > bestWeight) [best, bestWeight] = [instance, weight];
  }
  return best;
}
