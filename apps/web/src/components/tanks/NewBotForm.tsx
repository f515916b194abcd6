import { useState, type FormEvent, type ReactNode } from 'react';
import { navigate } from '../../router/router';
import { api } from '../../services';
import { Alert } from '../Alert';
import { Field } from '../Field';
import { useAction } from '../use-action';

/** Names a new bot and opens it in the editor (which starts from the tracker template). */
export function NewBotForm({
  initialName = '',
  submitLabel,
  className,
  heading,
}: {
  initialName?: string;
  submitLabel: string;
  className?: string;
  heading?: ReactNode;
}) {
  const [name, setName] = useState(initialName);
  const create = useAction(async () => {
    const bot = await api.bots.create(name.trim());
    navigate(`/bots/${bot.id}`);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <form className={className} onSubmit={submit} aria-label="New bot">
      {heading}
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
        {create.pending ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
