/**
 * Cluster mode end to end (issue 11): two instances of every service on real PostgreSQL, RabbitMQ
 * (quorum queues), Redis and etcd, the gateways behind one public port. Under a steady client load it
 * kill -9s one instance of each service in turn, then restarts every instance one at a time, and then
 * checks that nothing was lost or done twice and that clients saw no failure they were not told to retry.
 * Through it all a player's real Agent plays a live battle, which moves to the other battles instance
 * each time the one playing it goes away (ADR 280) and finishes once.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bootCluster, type BootedCluster, type ClusterInstance } from '@garrison/deploy/cluster';
import { consoleSink, Log, RingSink } from '@garrison/deploy/log';
import { createKysely, createPool, sql, type Kysely } from '@garrison/kit';
import { needsPostgres, needsRabbit, waitFor } from '@garrison/kit/testing';
import { OwnPostgres } from '@garrison/kit/testing/own-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, registerAndLogin, type Account } from '../e2e/support/api-client.js';
import { ApiClient } from '../e2e/support/api-client.js';
import { createStaff } from '../e2e/support/ates.js';
import { agentHome, agentLogin, agentPlay, type AgentProcess } from '../e2e/support/live-agent.js';
import { needsEtcd, needsRedis } from './infrastructure.js';
import { LoadClient, loop } from './load.js';

const pg = await needsPostgres();
const rabbit = await needsRabbit();
const etcd = needsEtcd();
const redis = await needsRedis();

const START_MS = 420_000;
const CHAOS_MS = 720_000;
/** Rounds of idle-ish tanks end after ~500 ticks (50 s at 10 ticks/s): six outlast the chaos. */
const LIVE_ROUNDS = 6;
/** Circles and fires a few weak shots: both tanks live through every round. */
const CIRCLER = `let shots = 0;
export default {
  onRoundStart() { shots = 0; },
  onTick(tick) {
    const seen = tick.events.find((e) => e.type === 'scan');
    const fire = seen && shots < 3 && tick.self.gunHeat === 0 ? 0.3 : 0;
    if (fire) shots++;
    return { speed: 6, bodyTurn: 5, radarTurn: 45, turretTurn: seen ? 0 : 20, fire };
  },
};
`;
const identity = `cl${randomBytes(3).toString('hex')}`;

describe.skipIf(!pg || !rabbit || !etcd || !redis)('a cluster of two instances of every service', () => {
  let cluster: BootedCluster;
  let dataDir: string;
  // Its own PostgreSQL: 24 processes hold more connections than the shared server allows, and the
  // other suites need theirs.
  let postgres: OwnPostgres;
  let postgresUrl: string;
  const ring = new RingSink(600);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const databases: Record<string, Kysely<any>> = {};
  let client: LoadClient;
  let manager: Account;
  let workers: Account[];
  let player: Account;
  let livePlayer: Account;
  const battles: string[] = [];
  const killReport: { instance: string; removedAfterMs: number }[] = [];
  let gatewayKillWindow: [number, number] = [0, 0];
  const gatewayRestartWindows: Array<[number, number]> = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'garrison-cluster-'));
    postgres = await OwnPostgres.start();
    const admin = createPool(postgres.url(), { max: 1 });
    await admin.query('ALTER SYSTEM SET max_connections = 600');
    await admin.end();
    await postgres.stop();
    await postgres.restart();
    postgresUrl = postgres.url();
    const echo = process.env.GARRISON_TEST_LOGS === '1';
    const log = new Log({
      sink: { write: (line, level) => (ring.write(line), echo && consoleSink.write(line, level)) },
      color: false,
      minLevel: 'info',
      nameWidth: 16,
    });
    try {
      cluster = await bootCluster({
        repoRoot: path.resolve(import.meta.dirname, '..', '..'),
        dataDir,
        port: 0,
        host: '127.0.0.1',
        profile: 'all',
        instances: 2,
        env: {
          ...process.env,
          GARRISON_POSTGRES_URL: postgresUrl,
          GARRISON_BUS: rabbit!.url,
          GARRISON_REDIS_URL: redis!,
          GARRISON_ADMIN_PASSWORD: `admin-${identity}`,
          GARRISON_RATE_LIMIT: '200,400',
          LOG_LEVEL: 'warn',
        },
        log,
        databasePrefix: `${identity}_`,
        busPrefix: `${identity}.`,
        ephemeral: true,
        buildWeb: false,
      });
    } catch (err) {
      (err as Error).message += `\n--- last log lines ---\n${ring.tail(80)}`;
      throw err;
    }
    for (const name of ['tasks', 'accounting', 'battles', 'notifications']) {
      const url = new URL(postgresUrl);
      url.pathname = `/${identity}_${name}`;
      databases[name] = createKysely(createPool(url.toString(), { max: 2 }));
    }
    const api = new ApiClient(cluster.url);
    client = new LoadClient(cluster.url);
    try {
      const admin = await login(api, 'admin', `admin-${identity}`);
      workers = await Promise.all([0, 1, 2].map(() => registerAndLogin(api, 'popug')));
      manager = await createStaff(api, admin, 'manager', ['manager']);
      player = await registerAndLogin(api, 'tanker');
      livePlayer = await registerAndLogin(api, 'liver');
    } catch (err) {
      (err as Error).message += `\n--- last log lines ---\n${ring.tail(80)}`;
      throw err;
    }
  }, START_MS);

  afterAll(async () => {
    for (const db of Object.values(databases)) await db.destroy();
    await cluster?.stop();
    await postgres?.destroy();
    await fs.rm(dataDir, { recursive: true, force: true });
  }, START_MS);

  /** The registry ids of `instance`'s current process (its URL is reused by the restarted process). */
  const registrationsOf = async (instance: ClusterInstance): Promise<string[]> =>
    (await cluster.registry.resolve(instance.name))
      .filter((i) => i.http === instance.httpUrl)
      .map((i) => i.id);
  /**
   * Waits until the launcher's view of etcd no longer lists the killed process's registrations. The
   * supervisor may restart it on the same URL before its lease expires, so it is tracked by id.
   */
  const removedFromRegistry = async (instance: ClusterInstance, ids: string[]): Promise<void> => {
    await waitFor(
      async () => !(await cluster.registry.resolve(instance.name)).some((i) => ids.includes(i.id)),
      { timeoutMs: 30_000, intervalMs: 50, message: `${instance.name}#${instance.index} left the registry` },
    );
  };
  const backInRegistry = (instance: ClusterInstance): Promise<boolean> =>
    waitFor(
      async () => (await cluster.registry.resolve(instance.name)).some((i) => i.http === instance.httpUrl),
      { timeoutMs: 180_000, intervalMs: 200, message: `${instance.name}#${instance.index} is back` },
    );

  it(
    'when one instance of each service is killed in turn and every instance is restarted one at a time, then no event is lost or applied twice and clients see no unexplained failure',
    async () => {
      expect((await cluster.registry.list()).length).toBe(cluster.instances.length);

      // A live battle, played by the player's real Agent through the gateways for the whole chaos.
      const botFile = path.join(dataDir, 'circler.js');
      await fs.writeFile(botFile, CIRCLER);
      const home = await agentHome(cluster.url, dataDir, livePlayer.login);
      await agentLogin(home, livePlayer);
      const agent: AgentProcess = await agentPlay(home, botFile);
      const started = await client.call('POST', '/api/battles', {
        token: livePlayer.accessToken,
        body: { participants: [{ local: true }, { builtin: 'sitting-duck' }], rounds: LIVE_ROUNDS },
      });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const liveBattle = (started.body as { id: string }).id;
      await agent.waitForLine(new RegExp(`battle ${liveBattle}: offered \\(`), 30_000);

      let n = 0;
      const loops = [
        // aTES: tasks created, completed and shuffled (every move is a fee or a reward in accounting)
        loop(async () => {
          n++;
          const created = await client.call('POST', '/api/tasks', {
            token: manager.accessToken,
            body: { title: `Feed parrot ${n}`, jiraId: `POPUG-${n}`, description: 'seeds' },
          });
          if (n % 3 === 0 && created.status === 201) {
            const task = created.body as { id: string; assigneeId: string };
            const worker = workers.find((w) => w.id === task.assigneeId);
            if (worker)
              await client.call('POST', `/api/tasks/${task.id}/complete`, { token: worker.accessToken });
          }
          if (n % 7 === 0) await client.call('POST', '/api/tasks/shuffle', { token: manager.accessToken });
        }, 300),
        // hosted battles
        loop(async () => {
          const res = await client.call('POST', '/api/battles', {
            token: player.accessToken,
            body: { participants: [{ builtin: 'tracker' }, { builtin: 'sniper' }], rounds: 1 },
          });
          if (res.status === 201) battles.push((res.body as { id: string }).id);
        }, 1_500),
        // reads and sign-ups
        loop(async () => {
          const w = workers[n % workers.length]!;
          await client.call('GET', '/api/notifications?limit=5', { token: w.accessToken });
          await client.call('GET', '/api/tasks?limit=5', { token: manager.accessToken });
          await client.call(
            'GET',
            `/api/battles/${battles.at(-1) ?? '00000000-0000-4000-8000-000000000000'}`,
            {
              token: player.accessToken,
            },
          );
          if (n % 10 === 0)
            await client.call('POST', '/api/auth/register', {
              body: { login: `late_${randomBytes(4).toString('hex')}`, password: 'a-long-password-1' },
            });
        }, 200),
      ];

      try {
        await sleep(3_000);
        // kill -9 the second instance of each service in turn; the supervisor restarts it (like a
        // Deployment would) while the next one is killed.
        for (const victim of cluster.instances.filter((i) => i.index === 2)) {
          const ids = await registrationsOf(victim);
          expect(ids.length, `${victim.name}#2 is registered before the kill`).toBeGreaterThan(0);
          const killedAt = Date.now();
          // Calls in flight on the killed gateway (started up to a client timeout before) lose their connection.
          if (victim.name === 'gateway') gatewayKillWindow = [killedAt - 30_000, killedAt + 15_000];
          victim.process.crash();
          await removedFromRegistry(victim, ids);
          killReport.push({ instance: `${victim.name}#2`, removedAfterMs: Date.now() - killedAt });
        }
        await Promise.all(cluster.instances.filter((i) => i.index === 2).map(backInRegistry));

        // Rolling restart: every service's first instance, then every service's second, gracefully.
        for (const round of [1, 2]) {
          const startedAt = Date.now();
          await Promise.all(
            cluster.instances.filter((i) => i.index === round).map((i) => i.process.restart()),
          );
          await Promise.all(cluster.instances.filter((i) => i.index === round).map(backInRegistry));
          gatewayRestartWindows.push([startedAt, Date.now()]);
        }
        await sleep(3_000);
      } finally {
        for (const l of loops) await l.stop();
      }

      // The live battle: taken over at least once (its instance was restarted, if not killed), finished
      // once, never cancelled; the player's Agent played on through every move.
      try {
        const ended = await waitFor(
          async () => {
            const { rows } = await sql<{ status: string; live_epoch: number; cancel_reason: string | null }>`
              SELECT status, live_epoch, cancel_reason FROM battles WHERE id = ${liveBattle}::uuid`.execute(
              databases.battles!,
            );
            const row = rows[0];
            return row && (row.status === 'finished' || row.status === 'cancelled') ? row : undefined;
          },
          { timeoutMs: LIVE_ROUNDS * 60_000, intervalMs: 1_000, message: 'the live battle ended' },
        );
        console.log(
          `live battle: taken over ${ended.live_epoch} times; the Agent said:\n${agent.lines
            .filter((l) => /offered again|connection lost|: finished|cancelled/.test(l))
            .slice(-12)
            .map((l) => `  ${l}`)
            .join('\n')}`,
        );
        expect(ended).toMatchObject({ status: 'finished', cancel_reason: null });
        expect(ended.live_epoch).toBeGreaterThanOrEqual(1);
        await agent.waitForLine(new RegExp(`battle ${liveBattle}: finished`), 30_000);
        const { rows: liveFinished } = await sql<{ n: string }>`
          SELECT count(*) AS n FROM kit_outbox
          WHERE type = 'battle.finished' AND envelope->'data'->>'battleId' = ${liveBattle}`.execute(
          databases.battles!,
        );
        expect(Number(liveFinished[0]!.n)).toBe(1);
      } finally {
        await agent.kill('SIGKILL');
      }

      console.log(
        `kill -9 → out of the registry (no more traffic):\n${killReport.map((k) => `  ${k.instance}: ${(k.removedAfterMs / 1000).toFixed(1)} s`).join('\n')}`,
      );
      console.log(
        `client calls: ${client.outcomes.length}, answered after a 503 + Retry-After: ${client.outcomes.filter((o) => o.retriedAfter503 > 0).length}`,
      );

      // Clients: every answer is a success or a client error, or a 503 + Retry-After for a call not
      // safe to repeat; a connection lost with it is possible only for calls in flight on the gateway
      // killed outright (nothing was left to answer them).
      const failures = client.outcomes.filter((o) => o.status === 0 || o.status >= 500);
      // A gateway stopping gracefully still closes its idle keep-alive connections: a request a client
      // sends on one at that moment is lost before any byte is answered (HTTP/1.1's keep-alive race;
      // docs/discovery.md). Such losses are counted and printed, and allowed only inside a gateway's
      // restart window — never a 5xx, never a lost or doubled effect (checked below).
      const within = (at: number, [from, to]: [number, number]) => at >= from && at <= to;
      const unexplained = failures.filter(
        (o) =>
          !(
            o.status === 0 &&
            (within(o.at, gatewayKillWindow) || gatewayRestartWindows.some((w) => within(o.at, w)))
          ),
      );
      if (unexplained.length > 0)
        console.log(
          `errors logged around them:\n${ring
            .tail(600)
            .split('\n')
            .filter((l) => /ERROR|error/.test(l))
            .slice(-40)
            .join('\n')}`,
        );
      expect(unexplained, JSON.stringify(unexplained.slice(0, 10))).toEqual([]);
      console.log(`connections lost with a killed or restarting gateway: ${failures.length}`);
      expect(client.outcomes.filter((o) => o.status >= 200 && o.status < 300).length).toBeGreaterThan(100);

      // aTES: accounting's ledger holds exactly one fee per task.assigned and one reward per
      // task.completed the tracker published — none lost, none twice.
      const published = async (type: string) => {
        const { rows } = await sql<{ user_id: string; task_id: string }>`
          SELECT envelope->'data'->>'assigneeId' AS user_id, envelope->'data'->>'taskId' AS task_id
          FROM kit_outbox WHERE type = ${type}`.execute(databases.tasks!);
        return rows.map((r) => `${r.user_id}:${r.task_id}`).sort();
      };
      const booked = async (type: string) => {
        const { rows } = await sql<{ user_id: string; task_id: string }>`
          SELECT user_id::text, task_id::text FROM ledger WHERE type = ${type}`.execute(
          databases.accounting!,
        );
        return rows.map((r) => `${r.user_id}:${r.task_id}`).sort();
      };
      const fees = await published('task.assigned');
      expect(fees.length).toBeGreaterThan(20);
      await waitFor(async () => JSON.stringify(await booked('fee')) === JSON.stringify(fees), {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        message: 'every assignment charged exactly once',
      });
      expect(await booked('reward')).toEqual(await published('task.completed'));

      // Each notification once: every task.assigned became exactly one notification of its assignee.
      const assigned = await sql<{ id: string; user_id: string }>`
        SELECT id::text, envelope->'data'->>'assigneeId' AS user_id FROM kit_outbox WHERE type = 'task.assigned'`.execute(
        databases.tasks!,
      );
      await waitFor(
        async () => {
          const { rows } = await sql<{ source_event_id: string; user_id: string; n: string }>`
            SELECT source_event_id::text, user_id, count(*) AS n FROM notifications
            WHERE type = 'task.assigned' GROUP BY source_event_id, user_id`.execute(databases.notifications!);
          const got = rows.map((r) => `${r.source_event_id}:${r.user_id}:${r.n}`).sort();
          const want = assigned.rows.map((r) => `${r.id}:${r.user_id}:1`).sort();
          return JSON.stringify(got) === JSON.stringify(want);
        },
        { timeoutMs: 120_000, intervalMs: 1_000, message: 'one notification per assignment' },
      );

      // Each battle finished once.
      expect(battles.length).toBeGreaterThan(10);
      await waitFor(
        async () => {
          const { rows } = await sql<{ id: string; status: string }>`
            SELECT id::text, status FROM battles WHERE id = ANY(${battles}::uuid[])`.execute(
            databases.battles!,
          );
          return rows.length === battles.length && rows.every((r) => r.status === 'finished');
        },
        { timeoutMs: 180_000, intervalMs: 1_000, message: 'every battle finished' },
      );
      const { rows: finished } = await sql<{ battle: string; n: string }>`
        SELECT envelope->'data'->>'battleId' AS battle, count(*) AS n FROM kit_outbox
        WHERE type = 'battle.finished' GROUP BY 1`.execute(databases.battles!);
      expect(finished.filter((r) => battles.includes(r.battle)).map((r) => Number(r.n))).toEqual(
        battles.map(() => 1),
      );
    },
    CHAOS_MS,
  );
});
