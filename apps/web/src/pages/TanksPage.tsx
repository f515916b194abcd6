import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { BattleList } from '../components/tanks/BattleList';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { Link } from '../router/router';
import { api } from '../services';

/** The Tanks home: where to go next, and my recent battles. */
export function TanksPage({ user }: { user: User }) {
  const battles = useLoad(() => api.battles.ofUser(user.id), user.id);
  return (
    <main className="page">
      <TanksNav />
      <h1>Tanks</h1>
      <div className="card-grid">
        <section className="card" aria-labelledby="tanks-bots">
          <h2 id="tanks-bots">Your bots</h2>
          <p>Write a tank in JavaScript or TypeScript, upload versions and pick the one that plays.</p>
          <p>
            <Link to="/bots">Open my bots</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="tanks-practice">
          <h2 id="tanks-practice">Practice</h2>
          <p>Try a version against the reference bots, or drive a tank yourself with the keyboard.</p>
          <p>
            <Link to="/practice">Start a practice battle</Link>
          </p>
        </section>
      </div>
      <section className="card" aria-labelledby="tanks-recent">
        <div className="section-header">
          <h2 id="tanks-recent">Recent battles</h2>
          <button type="button" className="secondary" disabled={battles.loading} onClick={battles.reload}>
            {battles.loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
        {battles.error && <Alert>{battles.error}</Alert>}
        {!battles.data && !battles.error && <p className="muted">Loading…</p>}
        {battles.data &&
          (battles.data.items.length === 0 ? (
            <p className="muted">No battles yet. Start one from Practice.</p>
          ) : (
            <BattleList battles={battles.data.items} user={user} />
          ))}
      </section>
    </main>
  );
}
