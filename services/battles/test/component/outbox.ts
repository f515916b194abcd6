import { sql, type Kysely } from '@garrison/kit';

/** How many times the service wrote a `type` event about this battle into its outbox. */
export async function outboxCount(db: Kysely<unknown>, type: string, battleId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM kit_outbox
    WHERE type = ${type} AND envelope -> 'data' ->> 'battleId' = ${battleId}`.execute(db);
  return Number(rows[0]!.n);
}
