-- Regular tournaments: a series creates its editions from a schedule.
CREATE TABLE series (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL,
  organizer_id uuid NOT NULL,
  format text NOT NULL,
  swiss_rounds integer,
  rules jsonb NOT NULL,
  capacity integer NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'invite-only')),
  schedule jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tournaments (
  id uuid PRIMARY KEY,
  seq bigserial UNIQUE NOT NULL, -- stable listing order
  title text NOT NULL,
  description text NOT NULL,
  organizer_id uuid NOT NULL,
  format text NOT NULL,
  swiss_rounds integer,
  rules jsonb NOT NULL,
  capacity integer NOT NULL CHECK (capacity >= 2),
  visibility text NOT NULL CHECK (visibility IN ('public', 'invite-only')),
  starts_at timestamptz NOT NULL,
  registration_closes_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('upcoming', 'running', 'finished', 'cancelled')),
  series_id uuid REFERENCES series (id),
  edition integer,
  rating double precision,
  weight double precision,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (series_id, starts_at) -- a series edition is created once per play time
);
CREATE INDEX tournaments_status ON tournaments (status, seq);
CREATE INDEX tournaments_due ON tournaments (starts_at) WHERE status = 'upcoming';

CREATE TABLE applications (
  id uuid PRIMARY KEY,
  tournament_id uuid NOT NULL REFERENCES tournaments (id),
  user_id uuid NOT NULL,
  bot jsonb NOT NULL, -- {"botVersionId": "…"} or {"local": true}
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'waitlisted')),
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  UNIQUE (tournament_id, user_id)
);

CREATE TABLE invitations (
  tournament_id uuid NOT NULL REFERENCES tournaments (id),
  user_id uuid NOT NULL,
  invited_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tournament_id, user_id)
);

-- Fixed at start from the accepted applications; place and points filled at the finish.
CREATE TABLE participants (
  tournament_id uuid NOT NULL REFERENCES tournaments (id),
  user_id uuid NOT NULL,
  bot jsonb NOT NULL,
  seed integer NOT NULL,
  skill double precision NOT NULL, -- conservative skill at start
  place integer,
  points integer,
  PRIMARY KEY (tournament_id, user_id)
);

CREATE TABLE rounds (
  tournament_id uuid NOT NULL REFERENCES tournaments (id),
  number integer NOT NULL,
  byes uuid[] NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tournament_id, number)
);

-- One battle each; battle_id arrives when the battles service has created it.
CREATE TABLE matches (
  tournament_id uuid NOT NULL,
  round integer NOT NULL,
  k integer NOT NULL,
  participants uuid[] NOT NULL,
  battle_id uuid UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'scheduled', 'running', 'finished', 'cancelled')),
  outcome jsonb, -- [{userId, place, score, forfeited}]
  PRIMARY KEY (tournament_id, round, k),
  FOREIGN KEY (tournament_id, round) REFERENCES rounds (tournament_id, number)
);
CREATE INDEX matches_unscheduled ON matches (tournament_id) WHERE battle_id IS NULL;

-- Conservative skill per player, projected from the ratings stream (never asked synchronously).
CREATE TABLE skill_ratings (
  user_id uuid PRIMARY KEY,
  conservative double precision NOT NULL,
  seq bigint NOT NULL, -- rating.changed's per-player counter: the highest wins whatever the delivery order
  updated_at timestamptz NOT NULL
);

-- "Starting soon" reminders already published: a retried job never reminds twice.
CREATE TABLE reminders_sent (
  battle_id uuid NOT NULL,
  user_id uuid NOT NULL,
  minutes_before integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (battle_id, user_id, minutes_before)
);
