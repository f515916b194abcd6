import { useState, type ReactNode } from 'react';
import type { Task } from '../api/ates-types';
import { ApiError } from '../api/problem';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { usePeople } from '../components/competition/use-people';
import { CreateTaskForm } from '../components/CreateTaskForm';
import { TaskItem } from '../components/TaskItem';
import { useAction } from '../components/use-action';
import { useTaskList } from '../components/use-task-list';
import { api } from '../services';
import { ATES_ACCESS, hasAnyRole } from '../session/roles';

const fetchMine = (cursor: string | null) => api.tasks.mine(cursor);
const fetchAll = (cursor: string | null) => api.tasks.all(cursor);

/** The aTES task board: create a task, finish one's own, and (managers, admins) see and shuffle all. */
export function TasksPage({ user }: { user: User }) {
  // Bumped after every change on the board, so every list reads its first page again.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const mine = useTaskList(fetchMine, version);
  const manages = hasAnyRole(user, ...ATES_ACCESS.allTasks);

  return (
    <main className="page">
      <h1>Task board</h1>
      <CreateTaskForm onCreated={changed} />
      <TaskSection
        id="my-tasks"
        title="My tasks"
        empty="No tasks for you yet."
        list={mine}
        meId={user.id}
        onChanged={(task) => {
          mine.replace(task);
          changed();
        }}
      />
      {manages && <AllTasks meId={user.id} version={version} onShuffled={changed} />}
    </main>
  );
}

function AllTasks({ meId, version, onShuffled }: { meId: string; version: number; onShuffled: () => void }) {
  const all = useTaskList(fetchAll, version);
  const [reassigned, setReassigned] = useState<number | null>(null);
  // Shuffling moves every open task and charges a fee for each: first say how many, then ask.
  const [openCount, setOpenCount] = useState<number | null>(null);
  const count = useAction(async () => {
    setReassigned(null);
    setOpenCount(await countOpenTasks());
  });
  const shuffle = useAction(async () => {
    setOpenCount(null);
    setReassigned((await api.tasks.shuffle()).reassigned);
    onShuffled();
  });

  return (
    <TaskSection
      id="all-tasks"
      title="All tasks"
      empty="No tasks yet."
      list={all}
      meId={meId}
      onChanged={all.replace}
      actions={
        <button
          type="button"
          className="secondary"
          disabled={shuffle.pending || count.pending || openCount !== null}
          onClick={() => void count.run()}
        >
          {shuffle.pending ? 'Shuffling…' : count.pending ? 'Counting open tasks…' : 'Shuffle'}
        </button>
      }
      notice={
        <>
          {openCount !== null && (
            <ShuffleConfirm
              openTasks={openCount}
              onConfirm={() => void shuffle.run()}
              onCancel={() => setOpenCount(null)}
            />
          )}
          {count.error && <Alert>{count.error.message}</Alert>}
          {shuffle.error && <Alert>{shuffle.error.message}</Alert>}
          {reassigned !== null && !shuffle.error && (
            <Alert kind="success">
              {reassigned} {reassigned === 1 ? 'task' : 'tasks'} reassigned
            </Alert>
          )}
        </>
      }
    />
  );
}

interface TaskSectionProps {
  id: string;
  title: string;
  empty: string;
  list: ReturnType<typeof useTaskList>;
  meId: string;
  onChanged: (task: Task) => void;
  actions?: ReactNode;
  notice?: ReactNode;
}

function TaskSection({ id, title, empty, list, meId, onChanged, actions, notice }: TaskSectionProps) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const people = usePeople(list.tasks.map((t) => t.assigneeId));

  const done = (task: Task) => {
    setBusyId(task.id);
    setError(null);
    api.tasks
      .complete(task.id)
      .then(onChanged)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setBusyId(null));
  };

  const problem = list.error ?? error;
  return (
    <section className="task-section" aria-labelledby={id}>
      <div className="section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {notice}
      {problem && <Alert>{problem}</Alert>}
      {!list.loading && !list.error && list.tasks.length === 0 && <p className="muted">{empty}</p>}
      <ul className="task-list" aria-label={title}>
        {list.tasks.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            meId={meId}
            assigneeName={people.name(task.assigneeId)}
            onDone={done}
            busy={busyId === task.id}
          />
        ))}
      </ul>
      {list.nextCursor && (
        <button type="button" className="secondary" disabled={list.loading} onClick={list.more}>
          {list.loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}

/** Every open task, counted a page at a time (the tracker has no count endpoint). */
async function countOpenTasks(): Promise<number> {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page = await api.tasks.open(cursor);
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

function ShuffleConfirm({
  openTasks,
  onConfirm,
  onCancel,
}: {
  openTasks: number;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  if (openTasks === 0) {
    return (
      <div className="confirm-box" role="alert">
        <p>There are no open tasks to shuffle.</p>
        <button type="button" className="secondary" onClick={onCancel}>
          OK
        </button>
      </div>
    );
  }
  const tasks = openTasks === 1 ? '1 open task' : `${openTasks.toLocaleString('en-US')} open tasks`;
  return (
    <div className="confirm-box" role="alertdialog" aria-label="Confirm shuffle">
      <p>
        Reassign {tasks} to random workers? Each worker is charged the task’s fee again. Done tasks stay as
        they are.
      </p>
      <button type="button" className="primary" onClick={onConfirm}>
        Reassign {tasks}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
