// A dead process's pg-boss jobs go back to the queue in seconds, not at expiry (ADR 180): a real
// process holding jobs is killed with SIGKILL, and a peer on another host falls silent.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BusDatabase } from '../../src/messaging/bus-database.js';
import { uuidv7 } from '../../src/messaging/envelope.js';
import { createTestDatabase, needsPostgres, waitFor, type TestDatabase } from '../../src/testing/index.js';
import { uniquePrefix } from './harness.js';

const postgres = await needsPostgres();
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const holder = new URL('../fixtures/bus-job-holder.ts', import.meta.url).pathname;
const log = pino({ level: 'silent' });

interface Held {
  instance: string;
  jobs: string[];
  pid: number;
}

/** Starts the holder process and waits until it has taken `count` jobs of `queue`. */
function holdJobs(url: string, queue: string, count: number): Promise<Held> {
  const child = spawn(process.execPath, [tsx, holder, url, queue, String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      // The pid the holder reports itself: tsx runs the script in a child of its own.
      resolve(JSON.parse(line) as Held),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!postgres)('reclaiming the jobs of a dead bus instance', () => {
  let database: TestDatabase;
  const open: BusDatabase[] = [];
  const holders: number[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('reclaim');
  });
  afterEach(async () => {
    for (const pid of holders.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await Promise.all(open.splice(0).map((b) => b.stop()));
  });
  afterAll(async () => {
    await database?.drop();
  });

  const bus = async (options: ConstructorParameters<typeof BusDatabase>[2] = {}) => {
    const b = new BusDatabase(database.url, log, { expireInSeconds: 300, ...options });
    open.push(b);
    await b.start();
    return b;
  };
  const enqueue = async (b: BusDatabase, queue: string, n: number) => {
    await b.ensureQueue(queue);
    const boss = await b.start();
    await boss.insert(Array.from({ length: n }, (_, i) => ({ id: uuidv7(), name: queue, data: { i } })));
  };
  const stateOf = async (b: BusDatabase, ids: string[]) =>
    b.sql<{ id: string; state: string }>(`SELECT id, state FROM pgboss.job WHERE id = ANY($1)`, [ids]);

  it('when a process holding jobs is killed with SIGKILL, then a peer hands its jobs out again within seconds, long before their expiry', async () => {
    const queue = `${uniquePrefix()}work`;
    const peer = await bus();
    await enqueue(peer, queue, 5);
    const held = await holdJobs(database.url, queue, 3);
    holders.push(held.pid);
    expect(held.jobs).toHaveLength(3);
    expect((await stateOf(peer, held.jobs)).every((j) => j.state === 'active')).toBe(true);
    // Alive, its jobs stay its own.
    expect(await peer.reapDeadInstances()).toEqual([]);

    process.kill(held.pid, 'SIGKILL');
    await waitFor(() => !alive(held.pid), { timeoutMs: 5_000, message: 'the holder is gone' });
    const taken = new Set<string>();
    await waitFor(
      async () => {
        for (const job of await peer.fetch(queue, 10)) taken.add(job.id);
        return held.jobs.every((id) => taken.has(id));
      },
      { timeoutMs: 10_000, message: 'the dead holder’s jobs came back' },
    );
    expect(taken.size).toBe(5); // its three and the two nobody had taken
  });

  it('when a peer on another host stops beating, then its jobs come back once the heartbeat lapses, and a beating peer keeps its own', async () => {
    const queue = `${uniquePrefix()}work`;
    const survivor = await bus({ instances: { heartbeatMs: 200, lapseMs: 1_000 } });
    const alive = await bus({ instances: { heartbeatMs: 200, lapseMs: 1_000 } });
    await enqueue(survivor, queue, 4);
    const kept = await alive.fetch(queue, 2);
    // A silent peer elsewhere: its row and its stamp, but no heartbeat after this.
    const silent = uuidv7();
    await survivor.sql(`INSERT INTO pgboss.kit_instance (id, host, pid) VALUES ($1, 'elsewhere', 1)`, [
      silent,
    ]);
    const [lost] = await survivor.sql<{ id: string }>(
      `UPDATE pgboss.job SET state = 'active', started_on = now(), output = jsonb_build_object('kitInstance', $2::text)
       WHERE id = (SELECT id FROM pgboss.job WHERE name = $1 AND state = 'created' ORDER BY created_on LIMIT 1)
       RETURNING id`,
      [queue, silent],
    );

    await waitFor(async () => (await stateOf(survivor, [lost!.id]))[0]?.state === 'retry', {
      timeoutMs: 10_000,
      message: 'the silent peer’s job was put back for a retry',
    });
    expect(
      (
        await stateOf(
          survivor,
          kept.map((j) => j.id),
        )
      ).map((j) => j.state),
    ).toEqual(['active', 'active']);
  });
});
