import { useState, type FormEvent, type ReactNode } from 'react';
import type { User } from '../../api/types';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';

/** Find players by login or display name; `action` renders what can be done with each one found. */
export function PlayerSearch({
  id,
  exclude = [],
  action,
}: {
  id: string;
  exclude?: readonly string[];
  action: (user: User) => ReactNode;
}) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<User[] | null>(null);
  const search = useAction(async () => {
    const page = await competition.users.search(text);
    setFound(page.items.filter((u) => !exclude.includes(u.id)));
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void search.run();
  };
  return (
    <>
      <form className="search" onSubmit={onSubmit} role="search">
        <label htmlFor={id} className="visually-hidden">
          Login or name
        </label>
        <input
          id={id}
          type="search"
          placeholder="Login or name"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="secondary" disabled={search.pending || !text.trim()}>
          Find
        </button>
      </form>
      {search.error && <Alert>{search.error.message}</Alert>}
      {found && found.length === 0 && <p className="muted">Nobody matches “{text}”.</p>}
      {found && found.length > 0 && (
        <ul className="plain-list" aria-label="Players found">
          {found.map((u) => (
            <li key={u.id} className="user-pick">
              <span>
                {u.displayName} <span className="muted">@{u.login}</span>
              </span>
              {action(u)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
