-- Built only from events; every row can be rebuilt by replaying the event history.
-- Balances are sums over transactions (order of arrival does not matter).
CREATE TABLE transactions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  type text NOT NULL,
  amount bigint NOT NULL,
  billing_day date NOT NULL,
  applied_at timestamptz NOT NULL
);
CREATE INDEX transactions_day ON transactions (billing_day, type);

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  title text,
  jira_id text,
  reward integer,
  completed_at timestamptz
);
CREATE INDEX tasks_completed ON tasks (completed_at) WHERE completed_at IS NOT NULL;
