import { useState, type FormEvent } from 'react';
import { ROLES, type User } from '../api/types';
import { sameRoles, toggleRole } from '../session/role-set';
import { api } from '../services';
import { useAction } from './use-action';

/** Checkboxes for one account's roles, saved together with PUT /api/users/{id}/roles. */
export function RoleEditor({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useAction(async () => {
    const answer = await api.users.setRoles(user.id, roles);
    // Use the server's answer when it sends the account back; otherwise what was asked for was stored.
    const updated = answer && Array.isArray(answer.roles) ? answer : { ...user, roles };
    setRoles(updated.roles);
    setSaved(true);
    onSaved(updated);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void run();
  };
  const unchanged = sameRoles(roles, user.roles);
  return (
    <form className="role-editor" onSubmit={submit}>
      <fieldset>
        <legend className="visually-hidden">Roles of {user.login}</legend>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={() => {
                setRoles((current) => toggleRole(current, role));
                setSaved(false);
              }}
            />
            {role}
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        className="secondary"
        disabled={pending || unchanged}
        aria-label={`Save roles of ${user.login}`}
      >
        {pending ? 'Saving…' : 'Save roles'}
      </button>
      <span className="role-status" role="status">
        {error ? <span className="field-error">{error.message}</span> : saved && unchanged ? 'Saved' : ''}
      </span>
    </form>
  );
}
