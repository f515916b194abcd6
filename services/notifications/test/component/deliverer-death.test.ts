/**
 * A notification deliverer dies mid-send (SIGKILL from a failpoint right after the webhook POST,
 * before the delivery is marked sent): on pg-boss the next instance, starting, finds the dead
 * process gone and fails its active jobs for an immediate retry (ADR 180), so the webhook is sent
 * again — same delivery id, which is how receivers drop the duplicate (ADR 133) — and the delivery
 * is marked sent once, seconds after the kill instead of after pg-boss' 300 s expiry.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  identityHeaders,
  needsPostgres,
  onTheBusOf,
  startServiceProcess,
  startTestService,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  type TestService,
} from '@garrison/kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DELIVERY_HEADER } from '../../src/domain/channels.js';
import { notificationsService } from '../../src/service.js';
import { publish, standInProducer } from './fixtures.js';

const pg = await needsPostgres();
const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;
const RECOVERY_DEADLINE_MS = 30_000;

describe.skipIf(!pg)('notifications on pg-boss: a deliverer that dies mid-send', () => {
  const databases: TestDatabase[] = [];
  const hooks: IncomingHttpHeaders[] = [];
  const receiver = createServer((req, res) => {
    hooks.push(req.headers);
    req.resume();
    req.on('end', () => res.end());
  });
  let tournaments: TestService | undefined;
  let survivor: TestService | undefined;
  let doomed: ServiceProcess['child'] | undefined;

  afterAll(async () => {
    if (doomed?.exitCode === null && doomed.signalCode === null) doomed.kill('SIGKILL');
    await survivor?.stop();
    await tournaments?.stop();
    await new Promise((resolve) => receiver.close(resolve));
    for (const db of databases) await db.drop();
  });

  it('when the deliverer is killed after posting a webhook, then the next instance sends it again at once and the delivery is marked sent once', async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    tournaments = await startTestService(standInProducer('tournaments'), { database: true });
    const db = await createTestDatabase('notifications');
    databases.push(db);
    const armFile = join(mkdtempSync(join(tmpdir(), 'notifications-failpoint-')), 'armed');
    const shared = {
      ...onTheBusOf(tournaments),
      DATABASE_URL: db.url,
      NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE: 'true',
    };
    const started = await startServiceProcess(MAIN, {
      ...shared,
      GARRISON_FAILPOINT: 'notifications.after-webhook-post',
      GARRISON_FAILPOINT_ARM_FILE: armFile,
    });
    doomed = started.child;
    const { url, exited: died } = started;

    const userId = randomUUID();
    const prefs = await fetch(`${url}/api/notifications/preferences`, {
      method: 'PUT',
      headers: { ...identityHeaders(userId), 'content-type': 'application/json' },
      body: JSON.stringify({ types: { 'tournament.invited': { webhook: true } }, webhookUrl: hookUrl }),
    });
    expect(prefs.status).toBe(200);

    writeFileSync(armFile, '');
    await publish(tournaments, 'tournament.invitation-sent', {
      tournamentId: randomUUID(),
      userId,
      organizerId: randomUUID(),
      title: 'Friday Night Tanks',
      startsAt: '2026-11-27T19:00:00.000Z',
      invitedAt: new Date().toISOString(),
    });
    expect(await died).toBe('SIGKILL');
    const killedAt = Date.now();
    expect(existsSync(armFile)).toBe(false); // the failpoint fired: posted, not yet marked sent
    expect(hooks).toHaveLength(1);

    survivor = await startTestService(notificationsService, { env: shared });
    const deliveries = await waitFor(
      async () => {
        const res = await fetch(`${survivor!.url}/api/notifications/deliveries`, {
          headers: identityHeaders(userId),
        });
        const { items } = (await res.json()) as { items: Array<{ channel: string; status: string }> };
        return items.some((d) => d.status === 'sent') ? items : undefined;
      },
      {
        timeoutMs: RECOVERY_DEADLINE_MS,
        intervalMs: 100,
        message: 'the delivery sent within 30 s of the kill',
      },
    );
    console.log(`notification deliverer recovery (pg-boss): ${Date.now() - killedAt} ms from the kill`);
    expect(deliveries).toEqual([expect.objectContaining({ channel: 'webhook', status: 'sent' })]);
    // At least once to the receiver: the same delivery id both times, so it drops the second.
    expect(hooks).toHaveLength(2);
    expect(hooks[1]![DELIVERY_HEADER.toLowerCase()]).toBe(hooks[0]![DELIVERY_HEADER.toLowerCase()]);
  }, 300_000);
});
