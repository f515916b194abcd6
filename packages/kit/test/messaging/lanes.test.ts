import { describe, expect, it } from 'vitest';
import { createLanes } from '../../src/messaging/lanes.js';
import type { Delivery, Disposition } from '../../src/messaging/transport.js';

const ack: Disposition = { action: 'ack' };

function delivery(n: number, key?: string): Delivery {
  return { body: { n, key }, headers: {}, attempt: 1, queue: 'q' };
}
const keyOf = (d: Delivery) => (d.body as { key?: string }).key;
const numberOf = (d: Delivery) => (d.body as { n: number }).n;

describe('handler lanes', () => {
  it('when deliveries are handed out together, then a lane takes them in batches of at most batchSize, in order', async () => {
    const batches: number[][] = [];
    const handle = createLanes({
      lanes: 1,
      batchSize: 3,
      keyOf,
      async handleBatch(deliveries) {
        batches.push(deliveries.map(numberOf));
        return deliveries.map(() => ack);
      },
    });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => handle(delivery(n))));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(results).toEqual(Array(7).fill(ack));
  });

  it("when deliveries arrive together, then they fill one lane's batch before the next lane gets any", async () => {
    const batches: number[][] = [];
    const handle = createLanes({
      lanes: 4,
      batchSize: 3,
      keyOf,
      async handleBatch(deliveries) {
        batches.push(deliveries.map(numberOf));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return deliveries.map(() => ack);
      },
    });
    const arrivals = [1, 2, 3, 4, 5, 6, 7].map((n) => handle(delivery(n)));
    await Promise.all(arrivals);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('when deliveries share a key, then they are never handled at once and keep their order', async () => {
    const active = new Set<string>();
    const seen = new Map<string, number[]>();
    let overlaps = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const handle = createLanes({
      lanes: 4,
      batchSize: 2,
      keyOf,
      async handleBatch(deliveries) {
        const keys = [...new Set(deliveries.map((d) => keyOf(d)!))];
        if (keys.some((k) => active.has(k))) overlaps++;
        keys.forEach((k) => active.add(k));
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        for (const d of deliveries) seen.set(keyOf(d)!, [...(seen.get(keyOf(d)!) ?? []), numberOf(d)]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        keys.forEach((k) => active.delete(k));
        concurrent--;
        return deliveries.map(() => ack);
      },
    });
    const keys = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay'];
    await Promise.all(Array.from({ length: 60 }, (_, n) => handle(delivery(n, keys[n % keys.length]))));
    expect(overlaps).toBe(0);
    expect(maxConcurrent).toBeGreaterThan(1);
    for (const [key, numbers] of seen) {
      expect(numbers, key).toEqual([...numbers].sort((a, b) => a - b));
      expect(numbers.length).toBe(10);
    }
  });

  it('when keys wait behind a slow batch, then an idle lane takes them over', async () => {
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const handle = createLanes({
      lanes: 2,
      batchSize: 1,
      keyOf,
      async handleBatch(deliveries) {
        if (deliveries.some((d) => keyOf(d) === 'slow')) await gate;
        return deliveries.map(() => ack);
      },
    });
    const slow = handle(delivery(0, 'slow'));
    const others = Array.from({ length: 10 }, (_, i) => handle(delivery(i + 1, `k${i}`)));
    const stuck = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('stuck behind the slow batch')), 2_000),
    );
    await expect(Promise.race([Promise.all(others), stuck])).resolves.toEqual(Array(10).fill(ack));
    openGate();
    await expect(slow).resolves.toEqual(ack);
  });

  it('when a batch fails outright, then each of its deliveries is rejected and the lane goes on', async () => {
    let calls = 0;
    const handle = createLanes({
      lanes: 1,
      batchSize: 2,
      keyOf,
      async handleBatch(deliveries) {
        if (calls++ === 0) throw new Error('database gone');
        return deliveries.map(() => ack);
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => handle(delivery(n))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
