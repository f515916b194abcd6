-- The players' ratings as last told by ratings (rating.changed), shown on profiles. A copy, not the
-- truth: ratings owns it. `seq` is ratings' per-player change counter; only a higher one replaces a row.
CREATE TABLE rating_copies (
  user_id      uuid PRIMARY KEY,
  skill        double precision NOT NULL,
  rd           double precision NOT NULL,
  conservative double precision NOT NULL,
  points       integer NOT NULL,
  battles      integer NOT NULL,
  seq          bigint NOT NULL,
  changed_at   timestamptz NOT NULL
);
