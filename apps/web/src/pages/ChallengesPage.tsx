import { useEffect, useState } from 'react';
import type { Challenge } from '../api/competition-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { ChallengeCard } from '../components/competition/ChallengeCard';
import { PlayerSearch } from '../components/competition/PlayerSearch';
import { usePeople } from '../components/competition/use-people';
import { useMyBots } from '../components/competition/use-my-bots';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { useNotifications } from '../notifications/NotificationsProvider';
import { Link } from '../router/router';
import { competition } from '../services';

/** My challenges: the ones to answer first, then the ones I sent, then the rest. `focus` highlights one. */
export function ChallengesPage({ user, focus }: { user: User; focus?: string }) {
  const list = useLoad(() => competition.challenges.list(), user.id);
  // A notification's link names one challenge; it may be older than the list's first page.
  const one = useLoad(async () => (focus ? competition.challenges.get(focus) : null), focus ?? '');
  const [changed, setChanged] = useState<ReadonlyMap<string, Challenge>>(new Map());
  const bots = useMyBots(user.id);
  const { items: notifications } = useNotifications();
  const items = (list.data?.items ?? []).map((c) => changed.get(c.id) ?? c);
  const people = usePeople(items.flatMap((c) => [c.challengerId, c.opponentId]));

  // A new challenge, or an answer to mine, arrives as a notification: show it without a reload.
  const latestChallengeNote = notifications.find((n) => n.type.startsWith('challenge.'))?.id;
  const { reload } = list;
  useEffect(() => {
    if (latestChallengeNote) reload();
  }, [latestChallengeNote, reload]);

  const toAnswer = items.filter((c) => c.opponentId === user.id && c.status === 'pending');
  const sent = items.filter((c) => c.challengerId === user.id && c.status === 'pending');
  const done = items.filter((c) => c.status !== 'pending');
  const update = (next: Challenge) => setChanged((m) => new Map(m).set(next.id, next));
  const card = (c: Challenge) => (
    <ChallengeCard
      key={c.id}
      challenge={c}
      me={user.id}
      name={people.name}
      bots={bots.options}
      onChanged={update}
    />
  );
  const section = (id: string, title: string, rows: Challenge[], empty: string) => (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="application-list" aria-label={title}>
          {rows.map(card)}
        </ul>
      )}
    </section>
  );
  const focused = focus ? (items.find((c) => c.id === focus) ?? one.data ?? undefined) : undefined;

  return (
    <main className="page">
      <TanksNav />
      <div className="section-header">
        <h1>Challenges</h1>
        <button type="button" className="secondary" disabled={list.loading} onClick={list.reload}>
          {list.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <section className="card" aria-labelledby="challenge-someone">
        <h2 id="challenge-someone">Challenge someone</h2>
        <p className="muted small">
          Open a player’s profile to challenge them: find them here or on the{' '}
          <Link to="/leaderboard">leaderboard</Link>.
        </p>
        <PlayerSearch
          id="challenge-query"
          exclude={[user.id]}
          action={(person) => <Link to={`/users/${person.id}`}>Profile and challenge</Link>}
        />
      </section>
      {list.error && <Alert>{list.error}</Alert>}
      {!list.data && !list.error && <p className="muted">Loading…</p>}
      {list.data && (
        <>
          {focused && section('challenge-focus', 'This challenge', [focused], '')}
          {section('challenges-received', 'Waiting for your answer', toAnswer, 'Nobody is waiting for you.')}
          {section('challenges-sent', 'Sent by you', sent, 'No open challenge of yours.')}
          {section('challenges-done', 'Earlier', done, 'Nothing yet.')}
        </>
      )}
    </main>
  );
}
