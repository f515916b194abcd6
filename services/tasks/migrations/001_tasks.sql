-- Accounts known to the tracker, projected from the users stream (never read from users' database).
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  login text NOT NULL,
  roles text[] NOT NULL,
  active boolean NOT NULL,
  -- who may be given a task: an active worker who is neither a manager nor an admin (the one place this rule lives)
  eligible boolean GENERATED ALWAYS AS (
    active AND 'worker' = ANY (roles) AND NOT ('manager' = ANY (roles)) AND NOT ('admin' = ANY (roles))
  ) STORED,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_eligible ON accounts (id) WHERE eligible;

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  seq bigserial UNIQUE NOT NULL, -- stable order for cursors
  title text NOT NULL,
  jira_id text,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done')),
  assignee_id uuid NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, seq);
CREATE INDEX tasks_open ON tasks (seq) WHERE status = 'open';
