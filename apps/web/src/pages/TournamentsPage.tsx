import { useState } from 'react';
import type { TournamentStatus, TournamentSummary } from '../api/competition-types';
import { Alert } from '../components/Alert';
import { TournamentList } from '../components/competition/TournamentList';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { navigate } from '../router/router';
import { competition } from '../services';

type Tab = TournamentStatus | 'mine';
const TABS: Array<{ tab: Tab; label: string; empty: string }> = [
  { tab: 'upcoming', label: 'Upcoming', empty: 'No tournament is open for applications right now.' },
  { tab: 'running', label: 'Running', empty: 'No tournament is being played right now.' },
  { tab: 'finished', label: 'Finished', empty: 'No tournament has finished yet.' },
  { tab: 'mine', label: 'Mine', empty: 'You have not organised or applied to a tournament yet.' },
];

/** Tournaments by status, and mine (organised or applied to). */
export function TournamentsPage() {
  const [tab, setTab] = useState<Tab>('upcoming');
  const filter = tab === 'mine' ? { mine: true } : { status: tab };
  const list = useLoad(() => competition.tournaments.list(filter), tab);
  const [more, setMore] = useState<{ tab: Tab; items: TournamentSummary[]; next: string | null } | null>(
    null,
  );
  const extra = more?.tab === tab ? more : null;
  const nextCursor = extra ? extra.next : (list.data?.nextCursor ?? null);
  const loadMore = useAction(async () => {
    const page = await competition.tournaments.list({ ...filter, cursor: nextCursor });
    setMore({ tab, items: [...(extra?.items ?? []), ...page.items], next: page.nextCursor });
  });
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const current = TABS.find((t) => t.tab === tab) ?? TABS[0]!;

  return (
    <main className="page">
      <TanksNav />
      <div className="section-header">
        <h1>Tournaments</h1>
        <button type="button" className="primary" onClick={() => navigate('/tournaments/new')}>
          Organise a tournament
        </button>
      </div>
      <section className="card" aria-label="Tournament list">
        <div className="section-header">
          <div className="segmented" role="group" aria-label="Show">
            {TABS.map((t) => (
              <button
                key={t.tab}
                type="button"
                className={t.tab === tab ? 'segment active' : 'segment'}
                aria-pressed={t.tab === tab}
                onClick={() => setTab(t.tab)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <button type="button" className="secondary" disabled={list.loading} onClick={list.reload}>
            {list.loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {list.error && <Alert>{list.error}</Alert>}
        {!list.data && !list.error && <p className="muted">Loading…</p>}
        {list.data &&
          (items.length === 0 ? (
            <p className="muted">{current.empty}</p>
          ) : (
            <TournamentList
              items={items}
              label={tab === 'mine' ? 'My tournaments' : `${current.label} tournaments`}
            />
          ))}
        {loadMore.error && <Alert>{loadMore.error.message}</Alert>}
        {nextCursor && (
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
