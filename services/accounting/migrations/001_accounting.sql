-- Accounts projected from the users stream; balance lives here and changes only together with a ledger row.
CREATE TABLE accounts (
  user_id uuid PRIMARY KEY,
  login text, -- null until the user event arrives (events may come out of order)
  balance bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Tasks as accounting knows them: priced once, when first seen from any task event.
CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  title text,
  jira_id text,
  fee integer NOT NULL CHECK (fee BETWEEN 10 AND 20),
  reward integer NOT NULL CHECK (reward BETWEEN 20 AND 40),
  priced_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES accounts (user_id),
  type text NOT NULL CHECK (type IN ('fee', 'reward', 'payout')),
  amount bigint NOT NULL CHECK (amount >= 0),
  task_id uuid REFERENCES tasks (id),
  billing_day date NOT NULL,
  -- what caused the row: an assignment id, a completion (task id), or a payout (user+day); unique so
  -- no cause is ever charged twice, whatever the broker redelivers
  cause text NOT NULL UNIQUE,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_user_day ON ledger (user_id, billing_day, applied_at);
CREATE INDEX ledger_day ON ledger (billing_day, type);

CREATE TABLE billing_days (
  day date PRIMARY KEY,
  closed_at timestamptz NOT NULL,
  paid_accounts integer NOT NULL,
  total_paid bigint NOT NULL
);
