import type { DemoApi } from './api.js';
import type { Entrant } from './tournaments.js';

const OPPONENTS = ['sitting-duck', 'spinner', 'tracker', 'sniper'];

/**
 * One practice battle per player against a built-in bot (one game round), as a player tries a bot
 * out. A player who has practised already (an earlier run) is left alone. Returns how many were asked for;
 * the battle workers play them in the background.
 */
export async function ensurePracticeBattles(api: DemoApi, players: readonly Entrant[]): Promise<number> {
  let asked = 0;
  for (const [i, { account, versionId }] of players.entries()) {
    const earlier = await api.get<{ items: unknown[] }>(
      `/api/battles?user=${account.id}&kind=practice&limit=1`,
      account.token,
    );
    if (earlier.items.length > 0) continue;
    await api.post(
      '/api/battles',
      {
        participants: [{ botVersionId: versionId }, { builtin: OPPONENTS[i % OPPONENTS.length] }],
        rounds: 1,
      },
      account.token,
    );
    asked++;
  }
  return asked;
}
