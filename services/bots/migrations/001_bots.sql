-- The bot registry (SPEC 3.2): bots, their uploaded versions and each version's regression gate.
CREATE TABLE bots (
  id uuid PRIMARY KEY,
  seq bigserial UNIQUE NOT NULL, -- stable order for cursors
  name text NOT NULL,
  owner_id uuid NOT NULL,
  active_version_id uuid,
  last_version integer NOT NULL DEFAULT 0, -- the number the latest upload took; bumped under the row lock
  created_at timestamptz NOT NULL DEFAULT now()
);
-- one name per owner, whatever the letter case
CREATE UNIQUE INDEX bots_owner_name ON bots (owner_id, lower(name));
CREATE INDEX bots_owner ON bots (owner_id, seq);

CREATE TABLE bot_versions (
  id uuid PRIMARY KEY,
  bot_id uuid NOT NULL REFERENCES bots (id),
  version integer NOT NULL CHECK (version > 0),
  language text NOT NULL CHECK (language IN ('js', 'ts')),
  source text NOT NULL,
  -- the ES module the sandbox loads (the source itself for js); null for an invalid version
  compiled_js text,
  status text NOT NULL CHECK (status IN ('valid', 'invalid')),
  error text,
  -- may play ranked battles: the bot's first activated version, or passed its regression gate
  ranked_eligible boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bot_id, version),
  CHECK ((status = 'valid') = (compiled_js IS NOT NULL AND error IS NULL))
);

ALTER TABLE bots ADD FOREIGN KEY (active_version_id) REFERENCES bot_versions (id);

-- The regression gate of a version activated over a previous one: 10 one-round duels on the battle workers.
CREATE TABLE gates (
  bot_version_id uuid PRIMARY KEY REFERENCES bot_versions (id),
  baseline_version_id uuid NOT NULL REFERENCES bot_versions (id),
  status text NOT NULL CHECK (status IN ('running', 'passed', 'failed')),
  total integer NOT NULL,
  wins integer NOT NULL DEFAULT 0,
  played integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX gates_running ON gates (started_at) WHERE status = 'running';

-- Which duels of a gate the battles service has accepted (CreateBattle answered with a battle id).
CREATE TABLE gate_duels (
  bot_version_id uuid NOT NULL REFERENCES gates (bot_version_id),
  n integer NOT NULL,
  battle_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bot_version_id, n)
);

-- One row per finished (or cancelled) gate battle: the tally counts each battle once.
CREATE TABLE gate_results (
  battle_id uuid PRIMARY KEY,
  bot_version_id uuid NOT NULL REFERENCES gates (bot_version_id),
  won boolean NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('finished', 'cancelled')),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gate_results_gate ON gate_results (bot_version_id);
