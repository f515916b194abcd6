-- Game sessions (SPEC 3.3). A battle row moves scheduled → running → finished | cancelled.
CREATE TABLE battles (
  id uuid PRIMARY KEY,
  seq bigserial UNIQUE NOT NULL, -- stable order for cursors
  kind text NOT NULL CHECK (kind IN ('challenge', 'room', 'matchmaking', 'tournament', 'practice', 'gate')),
  status text NOT NULL CHECK (status IN ('scheduled', 'running', 'finished', 'cancelled')),
  rules_version integer NOT NULL,
  seed bigint NOT NULL CHECK (seed >= 0 AND seed < 4294967296),
  mode text NOT NULL CHECK (mode IN ('duel', 'ffa')),
  rounds integer NOT NULL CHECK (rounds >= 1),
  ranked boolean NOT NULL DEFAULT false,
  live boolean NOT NULL, -- a participant plays through a local Agent: runs in real time, not on the queue
  context_id text,
  request_id text UNIQUE, -- the caller's idempotency key (gRPC CreateBattle); NULL for REST practice
  created_by uuid,
  cancel_reason text,
  -- how many times a worker began playing it (> 1 after a crashed worker's battle was rerun)
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  starts_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX battles_status ON battles (status, seq);
CREATE INDEX battles_kind ON battles (kind, seq);

CREATE TABLE participants (
  battle_id uuid NOT NULL REFERENCES battles (id) ON DELETE CASCADE,
  seat integer NOT NULL, -- index in the engine's participant order
  user_id uuid, -- NULL for a built-in bot
  bot_version_id uuid,
  bot_id uuid,
  version integer,
  builtin text,
  local boolean NOT NULL DEFAULT false,
  name text NOT NULL, -- as the engine and the replay show it
  place integer,
  score double precision,
  forfeited boolean NOT NULL DEFAULT false,
  PRIMARY KEY (battle_id, seat),
  CHECK (num_nonnulls(bot_version_id, builtin) + (CASE WHEN local THEN 1 ELSE 0 END) = 1)
);
CREATE INDEX participants_user ON participants (user_id, battle_id);

-- The replay as the engine wrote it, gzip-compressed JSON lines (ADR 096), and each seat's bot debug log.
CREATE TABLE replays (
  battle_id uuid PRIMARY KEY REFERENCES battles (id) ON DELETE CASCADE,
  replay_gz bytea NOT NULL,
  debug_logs jsonb NOT NULL, -- array indexed by seat: [{round, tick, level, text}, …]
  created_at timestamptz NOT NULL DEFAULT now()
);
