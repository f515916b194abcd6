import { useState, type FormEvent } from 'react';
import type { User } from '../api/types';
import { formSummary } from '../api/problem';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { RoleList } from '../components/RoleList';
import { useAction } from '../components/use-action';
import { Link } from '../router/router';
import { api } from '../services';
import { useSession } from '../session/SessionProvider';

const LABELS = { displayName: 'Display name' };
export function ProfilePage({ user }: { user: User }) {
  const { replaceUser } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useAction(async () => {
    setSaved(false);
    replaceUser(await api.users.updateMe({ displayName: displayName.trim() }));
    setSaved(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const unchanged = displayName.trim() === user.displayName;
  return (
    <main className="page narrow">
      <h1>Profile</h1>
      <section className="card">
        <dl className="facts">
          <dt>Login</dt>
          <dd>{user.login}</dd>
          <dt>Member since</dt>
          <dd>
            {user.createdAt
              ? new Date(user.createdAt).toLocaleDateString(undefined, { dateStyle: 'long' })
              : '—'}
          </dd>
          <dt>Roles</dt>
          <dd>
            <RoleList roles={user.roles} />
          </dd>
          <dt>Rating</dt>
          <dd>
            <Link to={`/users/${user.id}`}>My public profile and rating history</Link>
          </dd>
        </dl>
      </section>
      <form className="card" onSubmit={submit} aria-labelledby="profile-edit">
        <h2 id="profile-edit">Edit</h2>
        {error && <Alert>{formSummary(error, LABELS)}</Alert>}
        {saved && !error && <Alert kind="success">Your display name was saved.</Alert>}
        <Field
          label="Display name"
          name="displayName"
          required
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.target.value);
            setSaved(false);
          }}
          error={error?.messageFor('displayName')}
        />
        <button type="submit" className="primary" disabled={pending || unchanged}>
          {pending ? 'Saving…' : 'Save'}
        </button>
      </form>
    </main>
  );
}
