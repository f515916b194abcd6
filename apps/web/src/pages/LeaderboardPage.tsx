import { useState } from 'react';
import type { LeaderboardEntry, LeaderboardKind } from '../api/competition-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { PlayerLink } from '../components/competition/PlayerLink';
import { usePeople } from '../components/competition/use-people';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { competition } from '../services';

/** The best players by skill (conservative rating) or by tournament rating points. */
export function LeaderboardPage({ user }: { user: User }) {
  const [by, setBy] = useState<LeaderboardKind>('skill');
  const first = useLoad(() => competition.ratings.leaderboard(by), by);
  const [more, setMore] = useState<{
    by: LeaderboardKind;
    items: LeaderboardEntry[];
    next: string | null;
  } | null>(null);
  const extra = more?.by === by ? more : null;
  const next = extra ? extra.next : (first.data?.nextCursor ?? null);
  const loadMore = useAction(async () => {
    const page = await competition.ratings.leaderboard(by, next);
    setMore({ by, items: [...(extra?.items ?? []), ...page.items], next: page.nextCursor });
  });
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const people = usePeople(items.map((e) => e.userId));

  return (
    <main className="page">
      <TanksNav />
      <div className="section-header">
        <h1>Leaderboard</h1>
        <div className="segmented" role="group" aria-label="Rank by">
          {(['skill', 'points'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className={kind === by ? 'segment active' : 'segment'}
              aria-pressed={kind === by}
              onClick={() => setBy(kind)}
            >
              {kind === 'skill' ? 'Skill' : 'Rating points'}
            </button>
          ))}
        </div>
      </div>
      <section className="card">
        <p className="muted card-intro">
          {by === 'skill'
            ? 'Skill is the Glicko-2 rating minus twice its deviation: it grows by winning ranked battles and by playing enough of them to be sure.'
            : 'Rating points are earned by places in tournaments over the last 12 months; stronger tournaments give more.'}
        </p>
        {first.error && <Alert>{first.error}</Alert>}
        {!first.data && !first.error && <p className="muted">Loading…</p>}
        {first.data && items.length === 0 && (
          <p className="muted">
            {by === 'skill' ? 'Nobody has played a ranked battle yet.' : 'No tournament points yet.'}
          </p>
        )}
        {items.length > 0 && (
          <table
            className="data-table leaderboard"
            aria-label={by === 'skill' ? 'Leaderboard by skill' : 'Leaderboard by rating points'}
          >
            <thead>
              <tr>
                <th className="number">#</th>
                <th>Player</th>
                <th className="number">{by === 'skill' ? 'Skill' : 'Points'}</th>
                <th className="number">{by === 'skill' ? 'Rating ± RD' : 'Skill'}</th>
                <th className="number">Battles</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => (
                <tr key={e.userId} className={e.userId === user.id ? 'me' : undefined}>
                  <td className="number">{i + 1}</td>
                  <td>
                    <PlayerLink userId={e.userId} name={people.name(e.userId)} />
                    {e.login && <span className="muted"> @{e.login}</span>}
                    {e.userId === user.id && <span className="muted"> (you)</span>}
                  </td>
                  <td className="number">
                    <strong>{by === 'skill' ? Math.round(e.conservative) : e.points}</strong>
                  </td>
                  <td className="number">
                    {by === 'skill'
                      ? `${Math.round(e.rating)} ± ${Math.round(e.rd)}`
                      : Math.round(e.conservative)}
                  </td>
                  <td className="number">{e.battles}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {loadMore.error && <Alert>{loadMore.error.message}</Alert>}
        {next && (
          <button
            type="button"
            className="secondary load-more"
            disabled={loadMore.pending}
            onClick={() => void loadMore.run()}
          >
            {loadMore.pending ? 'Loading…' : 'Show more'}
          </button>
        )}
      </section>
    </main>
  );
}
