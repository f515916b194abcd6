import type { Task } from '../api/ates-types';
import { timeAgo } from '../format/time';

interface TaskItemProps {
  task: Task;
  /** The signed-in user: their own open tasks get a "Done" button. */
  meId: string;
  /** Who the assignee is, by display name. */
  assigneeName: string;
  onDone?: (task: Task) => void;
  busy?: boolean;
}

/** One task as a row: jira id, title, description, who has it and its state. */
export function TaskItem({ task, meId, assigneeName, onDone, busy = false }: TaskItemProps) {
  const mine = task.assigneeId === meId;
  const name = task.jiraId ? `${task.jiraId} ${task.title}` : task.title;
  return (
    <li className={`card task-row task-${task.status}`} aria-label={name}>
      <div className="task-main">
        <p className="task-title">
          {task.jiraId && <span className="jira-id">{task.jiraId}</span>}
          <strong>{task.title}</strong>
        </p>
        {task.description && <p className="task-description">{task.description}</p>}
        <p className="task-meta muted">
          {mine ? 'Assigned to you' : <>Assigned to {assigneeName}</>} · created{' '}
          <time dateTime={task.createdAt}>{timeAgo(task.createdAt)}</time>
          {task.completedAt && (
            <>
              {' '}
              · done <time dateTime={task.completedAt}>{timeAgo(task.completedAt)}</time>
            </>
          )}
        </p>
      </div>
      <div className="task-side">
        <span className={`status status-${task.status}`}>{task.status === 'open' ? 'Open' : 'Done'}</span>
        {mine && task.status === 'open' && onDone && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            aria-label={`Done: ${name}`}
            onClick={() => onDone(task)}
          >
            {busy ? 'Saving…' : 'Done'}
          </button>
        )}
      </div>
    </li>
  );
}
