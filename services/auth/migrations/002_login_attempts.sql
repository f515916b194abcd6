-- Login throttle per (login, client address), counted atomically (ADR 151). One row per pair: the
-- upsert that reserves an attempt increments the count under the row's lock, so concurrent guesses
-- cannot all read the same count. The old per-login failure log is no longer written.
CREATE TABLE login_attempts (
  login         text NOT NULL,
  client        text NOT NULL,
  failures      integer NOT NULL,
  window_start  timestamptz NOT NULL,
  blocked_until timestamptz NOT NULL,
  PRIMARY KEY (login, client)
);
CREATE INDEX login_attempts_window_start ON login_attempts (window_start);

DROP TABLE login_failures;
