import { useState, type FormEvent } from 'react';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { TanksNav } from '../components/tanks/TanksNav';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { Link, navigate } from '../router/router';
import { api } from '../services';

/** My bots, and a new one. */
export function BotsPage({ user }: { user: User }) {
  const bots = useLoad(() => api.bots.mine(user.id), user.id);
  const [name, setName] = useState('');
  const create = useAction(async () => {
    const bot = await api.bots.create(name.trim());
    setName('');
    navigate(`/bots/${bot.id}`);
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };

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
        <form className="card" onSubmit={onSubmit} aria-labelledby="bots-new">
          <h2 id="bots-new">New bot</h2>
          {create.error && <Alert>{create.error.message}</Alert>}
          <Field
            label="Bot name"
            name="name"
            value={name}
            required
            maxLength={64}
            error={create.error?.messageFor('name')}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="primary" disabled={create.pending || name.trim() === ''}>
            {create.pending ? 'Creating…' : 'Create bot'}
          </button>
        </form>
      </div>
    </main>
  );
}
