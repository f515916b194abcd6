import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { NewBotForm } from '../components/tanks/NewBotForm';
import { TanksNav } from '../components/tanks/TanksNav';
import { useLoad } from '../components/use-load';
import { Link } from '../router/router';
import { api } from '../services';

/** My bots, and a new one. */
export function BotsPage({ user }: { user: User }) {
  const bots = useLoad(() => api.bots.mine(user.id), user.id);
  return (
    <main className="page">
      <TanksNav />
      <h1>My bots</h1>
      <div className="card-grid">
        <section className="card" aria-labelledby="bots-list">
          <h2 id="bots-list">Bots</h2>
          {bots.error && <Alert>{bots.error}</Alert>}
          {!bots.data && !bots.error && <p className="muted">Loading…</p>}
          {bots.data &&
            (bots.data.items.length === 0 ? (
              <p className="muted">No bots yet: create your first one.</p>
            ) : (
              <ul className="plain-list" aria-label="My bots">
                {bots.data.items.map((bot) => (
                  <li key={bot.id}>
                    <Link to={`/bots/${bot.id}`}>{bot.name}</Link>
                  </li>
                ))}
              </ul>
            ))}
        </section>
        <NewBotForm className="card" submitLabel="Create bot" heading={<h2>New bot</h2>} />
      </div>
    </main>
  );
}
