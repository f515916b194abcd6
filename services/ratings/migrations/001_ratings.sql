-- Logins of users, projected from the users stream (never read from users' database).
CREATE TABLE users (
  id uuid PRIMARY KEY,
  login text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The current Glicko-2 rating and rating points of every player ratings has heard of.
CREATE TABLE players (
  user_id uuid PRIMARY KEY,
  rating double precision NOT NULL,
  rd double precision NOT NULL,
  volatility double precision NOT NULL,
  conservative double precision GENERATED ALWAYS AS (rating - 2 * rd) STORED,
  battles integer NOT NULL DEFAULT 0,
  -- sum of tournament points inside the window, kept current by tournament events and the daily expiry
  points integer NOT NULL DEFAULT 0,
  -- bumped with every rating.changed of this player: consumers keep the copy with the highest seq
  seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX players_by_skill ON players (conservative DESC, user_id) WHERE battles > 0;
CREATE INDEX players_by_points ON players (points DESC, user_id) WHERE points > 0;

-- Ledger of battles already rated: the primary key makes every battle count exactly once,
-- even if battles published the same result twice under different event ids.
CREATE TABLE rated_battles (
  battle_id uuid PRIMARY KEY,
  kind text NOT NULL,
  mode text NOT NULL,
  finished_at timestamptz NOT NULL,
  rated_players integer NOT NULL,
  rated_at timestamptz NOT NULL DEFAULT now()
);

-- A player's rating after each battle: the chart on the profile.
CREATE TABLE rating_history (
  user_id uuid NOT NULL,
  battle_id uuid NOT NULL REFERENCES rated_battles (battle_id),
  at timestamptz NOT NULL,
  rating double precision NOT NULL,
  rd double precision NOT NULL,
  volatility double precision NOT NULL,
  conservative double precision NOT NULL,
  PRIMARY KEY (user_id, battle_id)
);
CREATE INDEX rating_history_by_time ON rating_history (user_id, at DESC);

-- Ledger of tournament results: one row per finished tournament, one per player's points.
CREATE TABLE finished_tournaments (
  tournament_id uuid PRIMARY KEY,
  series_id uuid,
  title text NOT NULL,
  weight double precision NOT NULL,
  rating double precision NOT NULL,
  finished_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tournament_points (
  tournament_id uuid NOT NULL REFERENCES finished_tournaments (tournament_id),
  user_id uuid NOT NULL,
  place integer NOT NULL,
  points integer NOT NULL,
  finished_at timestamptz NOT NULL,
  PRIMARY KEY (tournament_id, user_id)
);
CREATE INDEX tournament_points_by_user ON tournament_points (user_id, finished_at);
