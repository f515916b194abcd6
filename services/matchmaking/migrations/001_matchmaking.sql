-- Challenges: battles by agreement between two players (SPEC 3.4).
CREATE TABLE challenges (
  id uuid PRIMARY KEY,
  challenger_id uuid NOT NULL,
  opponent_id uuid NOT NULL,
  challenger_bot jsonb NOT NULL,
  opponent_bot jsonb,
  mode text NOT NULL CHECK (mode IN ('duel', 'ffa')),
  rounds int NOT NULL,
  ranked boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired')),
  battle_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  decided_at timestamptz
);
CREATE INDEX challenges_sent ON challenges (challenger_id, created_at DESC);
CREATE INDEX challenges_received ON challenges (opponent_id, created_at DESC);
CREATE INDEX challenges_pending_expiry ON challenges (expires_at) WHERE status = 'pending';

-- Rooms: wait for a full table of players, then battle (unranked).
CREATE TABLE rooms (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  owner_id uuid NOT NULL,
  private boolean NOT NULL,
  join_code text,
  capacity int NOT NULL CHECK (capacity BETWEEN 2 AND 6),
  mode text NOT NULL CHECK (mode IN ('duel', 'ffa')),
  rounds int NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'started', 'closed')),
  battle_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rooms_public_open ON rooms (created_at DESC) WHERE status = 'open' AND NOT private;

CREATE TABLE room_members (
  room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  bot jsonb NOT NULL,
  ready boolean NOT NULL DEFAULT false,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, user_id)
);

-- Auto-search: one row per player; 'searching' rows are paired, a 'matched' row remembers the result.
CREATE TABLE queue_entries (
  user_id uuid PRIMARY KEY,
  bot jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('searching', 'matched')),
  since timestamptz NOT NULL DEFAULT now(),
  match_id uuid
);
CREATE INDEX queue_searching ON queue_entries (since) WHERE status = 'searching';

CREATE TABLE matches (
  id uuid PRIMARY KEY,
  player_a uuid NOT NULL,
  bot_a jsonb NOT NULL,
  rating_a double precision NOT NULL,
  player_b uuid NOT NULL,
  bot_b jsonb NOT NULL,
  rating_b double precision NOT NULL,
  battle_id uuid,
  -- why battles refused to create the battle (e.g. a bot version not allowed in ranked play)
  refused text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX matches_without_battle ON matches (created_at) WHERE battle_id IS NULL AND refused IS NULL;

-- Each player's previous matchmaking opponent (no immediate rematch).
CREATE TABLE last_opponents (
  user_id uuid PRIMARY KEY,
  opponent_id uuid NOT NULL,
  matched_at timestamptz NOT NULL
);

-- Conservative skill (rating − 2·RD) per player, projected from ratings' rating.changed.
CREATE TABLE skill_ratings (
  user_id uuid PRIMARY KEY,
  conservative double precision NOT NULL,
  seq bigint NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Players known to matchmaking, projected from the users stream (who may be challenged).
CREATE TABLE players (
  id uuid PRIMARY KEY,
  login text NOT NULL,
  display_name text,
  active boolean NOT NULL,
  updated_at timestamptz NOT NULL
);
