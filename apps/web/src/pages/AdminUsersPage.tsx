import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { RoleEditor } from '../components/RoleEditor';
import { api } from '../services';
import { useSession } from '../session/SessionProvider';

/** Admins find accounts and change their roles. The users service checks the admin role again. */
export function AdminUsersPage() {
  const { user: me, renewIdentity } = useSession();
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<User[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (search: string, cursor: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api.users.search(search, cursor);
      setUsers((previous) => (cursor ? [...previous, ...page.items] : page.items));
      setNextCursor(page.nextCursor ?? null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load('', null);
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(query, null);
  };

  const saved = (updated: User) => {
    setUsers((list) => list.map((u) => (u.id === updated.id ? updated : u)));
    // Changing one's own roles changes what this page may do: take the new token and profile now.
    if (updated.id === me?.id) void renewIdentity().catch(() => undefined);
  };

  return (
    <main className="page">
      <h1>Users</h1>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="user-search" className="visually-hidden">
          Search users
        </label>
        <input
          id="user-search"
          type="search"
          placeholder="Search by login or name"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" className="primary" disabled={loading}>
          Search
        </button>
      </form>
      {error && <Alert>{error}</Alert>}
      {!loading && !error && users.length === 0 && <p className="muted">No users match.</p>}
      <ul className="user-list" aria-label="Users">
        {users.map((user) => (
          <li key={user.id} className="card user-row">
            <div className="user-identity">
              <strong>{user.displayName}</strong>
              <span className="muted">@{user.login}</span>
              {user.active === false && <span className="tag">deactivated</span>}
            </div>
            <RoleEditor user={user} onSaved={saved} />
          </li>
        ))}
      </ul>
      {nextCursor && (
        <button
          type="button"
          className="secondary"
          disabled={loading}
          onClick={() => void load(query, nextCursor)}
        >
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </main>
  );
}
