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
