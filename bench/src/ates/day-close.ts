/**
 * aTES day close: N worker accounts with mixed balances, then `POST /api/accounting/days/{day}/close`.
 * The baseline is the same close over a tenth of the accounts, to show how it scales.
 */
import { randomUUID } from 'node:crypto';
import { accountingService } from '@garrison/accounting/service';
import { sql, type Kysely } from '@garrison/kit';
import { identityHeaders, startTestService } from '@garrison/kit/testing';

export interface DayCloseResult {
  accounts: number;
  positive: number;
  closeMs: number;
}

export async function measureDayClose(accounts: number): Promise<DayCloseResult> {
  const svc = await startTestService(accountingService);
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = svc.ctx.db as Kysely<any>;
    // every other account ends the day positive
    await sql`INSERT INTO accounts (user_id, login, balance, updated_at)
              SELECT gen_random_uuid(), 'w' || i, CASE WHEN i % 2 = 0 THEN 25 ELSE -12 END, now()
                FROM generate_series(1, ${accounts}) i`.execute(db);
    const day = new Date().toISOString().slice(0, 10);
    const started = performance.now();
    const res = await fetch(`${svc.url}/api/accounting/days/${day}/close`, {
      method: 'POST',
      headers: identityHeaders(randomUUID(), ['admin']),
    });
    const closeMs = performance.now() - started;
    if (!res.ok) throw new Error(`close answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { paidAccounts: number };
    return { accounts, positive: body.paidAccounts, closeMs };
  } finally {
    await svc.stop();
  }
}
