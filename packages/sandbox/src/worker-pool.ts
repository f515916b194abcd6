import { Worker } from 'node:worker_threads';
import type { BattleReport, BattleRequest } from './battle.js';
import {
  DEFAULT_MAX_HEAP_MB,
  defaultWallClockMs,
  pickBattleReport,
  runInDisposableWorker,
  withoutTypeScriptPreloads,
  type WorkerOptions,
} from './run-in-worker.js';
import type { ValidationResult, ValidationTask } from './validate.js';
import type { PoolReply, PoolRequest, WorkerMessage, WorkerTask } from './worker/messages.js';
import { trackTask, type TaskOutcome, type TaskSpec, type TrackedTask } from './worker-task.js';

export interface BattleWorkerPoolOptions {
  /** Workers, i.e. battles played at once; further battles wait in line. Default 1. */
  size?: number;
  /** A worker is replaced after this many battles (a bound on anything that creeps). Default 200. */
  maxBattlesPerWorker?: number;
  /** A worker whose V8 heap in use is past this after a battle is replaced. Default half of maxHeapMb. */
  recycleHeapMb?: number;
  /** V8 heap bound of each worker (`resourceLimits`). Default 512. */
  maxHeapMb?: number;
}

/** Per-battle options; the heap bound is the pool's. */
export type PooledBattleOptions = Omit<WorkerOptions, 'maxHeapMb'>;

export interface BattleWorkerPoolStats {
  /** Workers alive now, and how many of them are playing. */
  workers: number;
  busy: number;
  /** Battles waiting for a worker. */
  queued: number;
  /** Workers started since the pool was created. */
  started: number;
  /** Workers retired after maxBattlesPerWorker battles or past recycleHeapMb. */
  recycled: number;
  /** Workers lost to a timeout, a crash or a failed battle (replaced on demand). */
  replaced: number;
}

export interface BattleWorkerPool {
  /**
   * `runBattleInWorker` on a long-lived worker: the same answer, the same kill switch (the wall
   * clock starts when a worker takes the battle, not while it waits in line). A battle past it
   * terminates its worker and rejects with `BattleTimeoutError`.
   */
  runBattle(request: BattleRequest, options?: PooledBattleOptions): Promise<BattleReport>;
  /**
   * `validateBot` on a long-lived worker (an upload no longer pays a thread's start); past
   * `wallClockMs` (default 60 s) the worker is terminated and the promise rejects with
   * `BattleTimeoutError`.
   */
  validate(task: ValidationTask, options?: { wallClockMs?: number }): Promise<ValidationResult>;
  stats(): BattleWorkerPoolStats;
  /**
   * Ends idle workers now and busy ones after their battle; resolves when all are gone. Battles
   * still waiting, and any asked for later, play in a disposable worker as `runBattleInWorker`'s
   * (a service stopping while its queue consumer still takes work loses nothing).
   */
  close(): Promise<void>;
}

const ENTRY = new URL('./worker/pool-worker-entry.mjs', import.meta.url);
const MB = 1024 * 1024;

interface Job {
  task: WorkerTask;
  spec: TaskSpec<unknown>;
}

interface Slot {
  worker: Worker;
  battles: number;
  heapUsedBytes: number;
  current: { id: number; tracked: TrackedTask } | undefined;
  /** Terminated by the pool: its exit is no loss. */
  retired: boolean;
}

/**
 * Battle workers that play battles one after another, so a battle no longer pays a thread's start
 * (tsx, the module graph, QuickJS's WebAssembly compile: ~300 ms of CPU). Workers start on demand,
 * up to `size`; idle ones do not keep the process alive.
 */
export function createBattleWorkerPool(options: BattleWorkerPoolOptions = {}): BattleWorkerPool {
  return createPoolOn(ENTRY, options);
}

/** The pool over a given worker entry (tests use one that can be made to crash). */
export function createPoolOn(entry: URL, options: BattleWorkerPoolOptions): BattleWorkerPool {
  const size = options.size ?? 1;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be ≥ 1, got ${size}`);
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const maxBattles = options.maxBattlesPerWorker ?? 200;
  const recycleHeapBytes = (options.recycleHeapMb ?? maxHeapMb / 2) * MB;

  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const counters = { started: 0, recycled: 0, replaced: 0 };
  let nextId = 1;
  let closing: Promise<void> | undefined;

  function spawn(): Slot {
    const worker = new Worker(entry, {
      execArgv: withoutTypeScriptPreloads(process.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    const slot: Slot = { worker, battles: 0, heapUsedBytes: 0, current: undefined, retired: false };
    counters.started++;
    slots.add(slot);
    worker.on('message', (reply: PoolReply) => {
      if (slot.current?.id !== reply.id) return;
      if (reply.heapUsedBytes !== undefined) slot.heapUsedBytes = reply.heapUsedBytes;
      slot.current.tracked.onMessage(reply.message);
    });
    worker.on('error', (error) => lose(slot, error));
    worker.on('exit', (code) =>
      lose(slot, new Error(`the battle worker exited (code ${code}) without an answer`)),
    );
    return slot;
  }

  /** The worker died: its battle (if any) fails, and the next battle gets a new worker. */
  function lose(slot: Slot, error: Error): void {
    if (slot.current) slot.current.tracked.fail(error);
    else if (!slot.retired) {
      // Crashed while idle.
      counters.replaced++;
      void retire(slot);
      dispatch();
    }
  }

  function retire(slot: Slot): Promise<number> {
    slot.retired = true;
    slots.delete(slot);
    return slot.worker.terminate();
  }

  function finished(slot: Slot, outcome: TaskOutcome): void {
    slot.current = undefined;
    slot.battles++;
    if (outcome === 'failed') {
      // Timed out (still running), crashed, or a battle that threw: never trusted again.
      counters.replaced++;
      void retire(slot);
    } else if (closing) {
      void retire(slot);
    } else if (slot.battles >= maxBattles || slot.heapUsedBytes > recycleHeapBytes) {
      counters.recycled++;
      void retire(slot);
    } else {
      slot.worker.unref();
    }
    dispatch();
  }

  function dispatch(): void {
    while (queue.length > 0) {
      const idle = [...slots].find((candidate) => !candidate.current);
      if (!idle && slots.size >= size) return;
      const job = queue.shift()!;
      let slot: Slot;
      try {
        slot = idle ?? spawn();
      } catch (error) {
        job.spec.reject(asError(error)); // no thread could be started
        continue;
      }
      const id = nextId++;
      slot.worker.ref();
      // The kill switch is armed here, when a worker takes the battle.
      const tracked = trackTask(job.spec, (outcome) => finished(slot, outcome));
      slot.current = { id, tracked };
      try {
        slot.worker.postMessage({ id, task: job.task } satisfies PoolRequest);
      } catch (error) {
        // Not cloneable (a function in the request): the battle fails, the pool goes on.
        tracked.fail(asError(error));
      }
    }
  }

  function run<T>(
    task: WorkerTask,
    wallClockMs: number,
    onProgress: PooledBattleOptions['onProgress'],
    pick: (message: WorkerMessage) => T | undefined,
  ): Promise<T> {
    if (closing) return runInDisposableWorker(task, wallClockMs, { onProgress, maxHeapMb }, pick);
    return new Promise<T>((resolve, reject) => {
      queue.push({ task, spec: { wallClockMs, onProgress, pick, resolve, reject } as TaskSpec<unknown> });
      dispatch();
    });
  }

  async function close(): Promise<void> {
    for (const { task, spec } of queue.splice(0)) {
      const { wallClockMs, onProgress, pick, resolve, reject } = spec;
      void runInDisposableWorker(task, wallClockMs, { onProgress, maxHeapMb }, pick).then(resolve, reject);
    }
    const exited = [...slots].map(
      (slot) => new Promise<void>((resolve) => slot.worker.once('exit', () => resolve())),
    );
    for (const slot of slots) if (!slot.current) void retire(slot);
    await Promise.all(exited);
  }

  return {
    runBattle: (request, battleOptions = {}) =>
      run(
        { kind: 'battle', request },
        battleOptions.wallClockMs ?? defaultWallClockMs(request),
        battleOptions.onProgress,
        pickBattleReport,
      ),
    validate: (task, validateOptions = {}) =>
      run(
        { kind: 'validate', task: { ...task } },
        validateOptions.wallClockMs ?? 60_000,
        undefined,
        (message) => (message.type === 'validated' ? message.result : undefined),
      ),
    stats: () => ({
      workers: slots.size,
      busy: [...slots].filter((slot) => slot.current).length,
      queued: queue.length,
      ...counters,
    }),
    close: () => (closing ??= close()),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
