// Between a transport and the dispatcher: the transport hands out many deliveries at once; here they
// wait in a fixed number of lanes, and each lane hands what is waiting for it to `handleBatch` (up to
// batchSize at a time), one batch after another.
// Deliveries with the same key stay in one lane while any of them is waiting or running, so they are
// never handled at once and keep their order — batches of different lanes cannot lock the same rows.
// A key with nothing pending goes to the least busy lane, which spreads keys evenly. A delivery
// without a key joins the lane still gathering its next batch, so deliveries that arrive together
// share one transaction instead of being dealt out one per lane (new keys are not gathered: aTES's
// keyed fees then converged ~15 % slower, every later fee of a key queued behind the first lane).
// A lane that runs dry takes over keys still only waiting in the busiest lane: with a few keys
// carrying most of the traffic, one lane must not hold the backlog while the others idle.
import type { Delivery, DeliveryHandler, Disposition } from './transport.js';

export interface LanesOptions {
  lanes: number;
  batchSize: number;
  /** The lane key of a delivery, or undefined when it may go to any lane. */
  keyOf(delivery: Delivery): string | undefined;
  /** One disposition per delivery, in order. */
  handleBatch(deliveries: Delivery[]): Promise<Disposition[]>;
}

interface Waiting {
  delivery: Delivery;
  key: string | undefined;
  resolve(disposition: Disposition): void;
  reject(err: unknown): void;
}

interface Lane {
  waiting: Waiting[];
  /** From start() until the lane has nothing left to do. */
  busy: boolean;
  /** While a batch of it is being handled (a busy lane that is not handling is gathering). */
  handling: boolean;
  /** Keys of the batch being handled right now: they cannot move to another lane. */
  running: Set<string | undefined>;
}

interface KeyBinding {
  lane: Lane;
  pending: number;
}

export function createLanes(options: LanesOptions): DeliveryHandler {
  const lanes: Lane[] = Array.from({ length: Math.max(1, options.lanes) }, () => ({
    waiting: [],
    busy: false,
    handling: false,
    running: new Set(),
  }));
  const batchSize = Math.max(1, options.batchSize);
  const bindings = new Map<string, KeyBinding>();

  const leastBusy = (): Lane =>
    lanes.reduce((best, lane) => (load(lane) < load(best) ? lane : best), lanes[0]!);

  /** The lane with room that is not handling a batch and has gathered the most, else the least busy. */
  const gatheringOrLeastBusy = (): Lane => {
    let gathering: Lane | undefined;
    for (const lane of lanes) {
      if (lane.handling || lane.waiting.length >= batchSize) continue;
      if (!gathering || lane.waiting.length > gathering.waiting.length) gathering = lane;
    }
    return gathering ?? leastBusy();
  };

  const bind = (key: string | undefined): Lane => {
    if (key === undefined) return gatheringOrLeastBusy();
    let binding = bindings.get(key);
    if (!binding) {
      binding = { lane: leastBusy(), pending: 0 };
      bindings.set(key, binding);
    }
    binding.pending++;
    return binding.lane;
  };

  const release = (key: string | undefined): void => {
    if (key === undefined) return;
    const binding = bindings.get(key);
    if (binding && --binding.pending === 0) bindings.delete(key);
  };

  /** Moves about half of the busiest lane's backlog — whole keys, in order — to an idle lane. */
  const steal = (thief: Lane): void => {
    const victim = lanes.reduce((a, b) => (b.waiting.length > a.waiting.length ? b : a));
    if (victim === thief || victim.waiting.length === 0) return;
    const perKey = new Map<string | undefined, number>();
    for (const w of victim.waiting) perKey.set(w.key, (perKey.get(w.key) ?? 0) + 1);
    const moving = new Set<string | undefined>();
    let moved = 0;
    // keys seen last first: the front of the queue is what the victim takes next
    for (const key of [...perKey.keys()].reverse()) {
      if (moved >= victim.waiting.length / 2) break;
      if (key === undefined || victim.running.has(key)) continue;
      moving.add(key);
      moved += perKey.get(key)!;
    }
    const unkeyed = victim.waiting.filter((w) => w.key === undefined);
    const takeUnkeyed = new Set(unkeyed.slice(unkeyed.length - Math.ceil(unkeyed.length / 2)));
    const stay: Waiting[] = [];
    for (const w of victim.waiting) {
      if (moving.has(w.key) || takeUnkeyed.has(w)) thief.waiting.push(w);
      else stay.push(w);
    }
    victim.waiting = stay;
    for (const key of moving) {
      const binding = bindings.get(key!);
      if (binding) binding.lane = thief;
    }
  };

  const drain = async (lane: Lane): Promise<void> => {
    for (;;) {
      if (lane.waiting.length === 0) steal(lane);
      if (lane.waiting.length === 0) break;
      const batch = lane.waiting.splice(0, batchSize);
      lane.running = new Set(batch.map((w) => w.key));
      lane.handling = true;
      try {
        const dispositions = await options.handleBatch(batch.map((w) => w.delivery));
        batch.forEach((w, i) => w.resolve(dispositions[i]!));
      } catch (err) {
        for (const w of batch) w.reject(err);
      } finally {
        lane.running = new Set();
        lane.handling = false;
      }
    }
    lane.busy = false;
  };

  return (delivery) =>
    new Promise<Disposition>((resolve, reject) => {
      const key = options.keyOf(delivery);
      const lane = bind(key);
      lane.waiting.push({
        delivery,
        key,
        resolve: (disposition) => {
          release(key);
          resolve(disposition);
        },
        reject: (err) => {
          release(key);
          reject(err);
        },
      });
      if (!lane.busy) start(lane);
      // A backlog behind a busy lane: an idle lane comes to take over some of its keys.
      else if (lane.waiting.length > batchSize) {
        const idle = lanes.find((l) => !l.busy);
        if (idle) start(idle);
      }
    });

  function start(lane: Lane): void {
    lane.busy = true;
    // Start on the next turn of the event loop: deliveries handed out together (a pg-boss fetch, a
    // burst of amqp frames) then land in one batch instead of the first going alone.
    setImmediate(() => void drain(lane));
  }
}

function load(lane: Lane): number {
  return lane.waiting.length + (lane.busy ? 1 : 0);
}
