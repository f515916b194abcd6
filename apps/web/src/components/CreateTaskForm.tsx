import { useId, useState, type FormEvent } from 'react';
import type { Task } from '../api/ates-types';
import { formSummary } from '../api/problem';
import { api } from '../services';
import { Alert } from './Alert';
import { Field } from './Field';
import { useAction } from './use-action';

const LABELS = { title: 'Title', jiraId: 'Jira id', description: 'Description' };
const NO_BRACKETS = 'Leave the brackets out: the Jira id (like UBERPOP-42) has its own field.';

/** Anyone may create a task; the tracker gives it to a random worker (409 when there is none). */
export function CreateTaskForm({ onCreated }: { onCreated: (task: Task) => void }) {
  const descriptionId = useId();
  const [title, setTitle] = useState('');
  const [jiraId, setJiraId] = useState('');
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<Task | null>(null);
  const { run, pending, error } = useAction(async () => {
    setCreated(null);
    const task = await api.tasks.create({
      title: title.trim(),
      ...(jiraId.trim() ? { jiraId: jiraId.trim() } : {}),
      description: description.trim(),
    });
    setCreated(task);
    setTitle('');
    setJiraId('');
    setDescription('');
    onCreated(task);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const descriptionError = error?.messageFor('description');
  // The tracker refuses "[UBERPOP-42] Title"; say so in words before it is sent.
  const bracketed = /[[\]]/.test(title);
  const titleError = bracketed ? NO_BRACKETS : error?.messageFor('title');
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-task">
      <h2 id="new-task">New task</h2>
      {error && <Alert>{formSummary(error, LABELS)}</Alert>}
      {created && !error && <Alert kind="success">Task “{created.title}” created and assigned.</Alert>}
      <div className="form-row">
        <Field
          label="Title"
          name="title"
          required
          maxLength={500}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={titleError}
        />
        <Field
          label="Jira id"
          name="jiraId"
          hint="Optional, e.g. UBERPOP-42"
          autoCapitalize="characters"
          value={jiraId}
          onChange={(e) => setJiraId(e.target.value)}
          error={error?.messageFor('jiraId')}
        />
      </div>
      <div className="field">
        <label htmlFor={descriptionId}>Description</label>
        <textarea
          id={descriptionId}
          name="description"
          rows={3}
          maxLength={10_000}
          value={description}
          aria-invalid={descriptionError ? true : undefined}
          onChange={(e) => setDescription(e.target.value)}
        />
        {descriptionError && <p className="field-error">{descriptionError}</p>}
      </div>
      <button type="submit" className="primary" disabled={pending || !title.trim() || bracketed}>
        {pending ? 'Creating…' : 'Create task'}
      </button>
    </form>
  );
}
