// Hosted battles through the whole battles service: POST /api/battles → outbox → battles.run queue
// (pg-boss) → the worker (the service's battle worker pool) → result, replay and events in
// PostgreSQL. The time from the first POST until every battle is finished is the service's real
// throughput.
import { randomUUID } from 'node:crypto';
import { createBattlesService } from '@garrison/battles/service';
import { httpClient, startTestService } from '@garrison/kit/testing';
import { noBots } from './no-bots.js';
import { cpuMsSince, load1, percentile, round1 } from './stats.js';

export interface ServicePathResult {
  concurrency: number;
  pairing: string;
  rounds: number;
  battles: number;
  finished: number;
  /** First POST until the last battle is finished. */
  wallMs: number;
  cpuMs: number;
  battlesPerMinute: number;
  /**
   * Per battle: created until a worker began it (the rows' created_at → started_at), and its POST
   * until the bench saw it finished (polled every 50 ms). finished_at is not used: it is the
   * handler transaction's now(), i.e. when the worker took the command, not when it finished.
   */
  queuedMs: { p50: number; max: number };
  doneMs: { p50: number; max: number };
  loadAverage: { before: number; after: number };
}

export async function measureServicePath(options: {
  concurrency: number;
  pairing: readonly [string, string];
  rounds: number;
  battles: number;
}): Promise<ServicePathResult> {
  const svc = await startHostedOnly(options.concurrency);
  try {
    const call = httpClient(svc.url);
    const as = { id: randomUUID(), roles: [] as string[] };
    const body = (seed: number) => ({
      participants: options.pairing.map((builtin) => ({ builtin })),
      rounds: options.rounds,
      seed,
    });
    // Warm-up battle: the first worker pays esbuild's start and pg-boss's first poll.
    const warm = await call('POST', '/api/battles', { as, body: body(999) });
    await untilFinished(svc.ctx.db, [warm.body.id as string], new Map());

    const before = load1();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const ids: string[] = [];
    const postedAt = new Map<string, number>();
    for (let seed = 1; seed <= options.battles; seed++) {
      const res = await call('POST', '/api/battles', { as, body: body(seed) });
      if (res.status !== 201) throw new Error(`POST /api/battles answered ${res.status}`);
      ids.push(res.body.id as string);
      postedAt.set(res.body.id as string, performance.now());
    }
    const seenAt = new Map<string, number>();
    const rows = await untilFinished(svc.ctx.db, ids, seenAt);
    const wallMs = performance.now() - started;
    const cpuMs = cpuMsSince(cpu);
    const queued = rows.map((r) => r.started_at!.getTime() - r.created_at.getTime()).sort((a, b) => a - b);
    const done = ids.map((id) => seenAt.get(id)! - postedAt.get(id)!).sort((a, b) => a - b);
    return {
      concurrency: options.concurrency,
      pairing: options.pairing.join(' vs '),
      rounds: options.rounds,
      battles: options.battles,
      finished: rows.filter((r) => r.status === 'finished').length,
      wallMs: Math.round(wallMs),
      cpuMs: Math.round(cpuMs),
      battlesPerMinute: round1((options.battles / wallMs) * 60_000),
      queuedMs: { p50: percentile(queued, 0.5), max: queued.at(-1) ?? Number.NaN },
      doneMs: { p50: Math.round(percentile(done, 0.5)), max: Math.round(done.at(-1) ?? Number.NaN) },
      loadAverage: { before, after: load1() },
    };
  } finally {
    await svc.stop();
  }
}

const startHostedOnly = (concurrency: number) =>
  startTestService(createBattlesService({ bots: noBots, agentHub: null }), {
    env: {
      BATTLE_WORKER_CONCURRENCY: String(concurrency),
      BATTLE_WATCH_POLL_MS: '100',
      // The bench's battles are all one user's practice: no quota, and every worker open to them (ADR 142).
      BATTLE_PRACTICE_PER_USER: '1000',
      BATTLE_RESERVED_RANKED_WORKERS: '0',
    },
  });
type Db = Awaited<ReturnType<typeof startHostedOnly>>['ctx']['db'];

/** Polls the battles' rows every 50 ms until each is finished or cancelled, noting when each was. */
async function untilFinished(db: Db, ids: string[], seenAt: Map<string, number>) {
  const deadline = performance.now() + 150_000;
  for (;;) {
    const rows = await db
      .selectFrom('battles')
      .select(['id', 'status', 'created_at', 'started_at'])
      .where('id', 'in', ids)
      .execute();
    const now = performance.now();
    for (const r of rows) {
      if ((r.status === 'finished' || r.status === 'cancelled') && !seenAt.has(r.id)) seenAt.set(r.id, now);
    }
    if (rows.every((r) => r.status === 'finished' || r.status === 'cancelled')) return rows;
    if (performance.now() > deadline) throw new Error('battles still unfinished after 150 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
