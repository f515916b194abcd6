-- Access tokens revoked before they expire (ADR 153): a deactivated account, or one that lost a role.
-- Tokens of `user_id` issued before `not_before` are refused by every service. `seq` orders the
-- feed services follow (GET /internal/revocations?after=<seq>); each new revocation takes a new seq.
CREATE SEQUENCE access_revocations_seq;
CREATE TABLE access_revocations (
  user_id    uuid PRIMARY KEY,
  not_before timestamptz NOT NULL,
  seq        bigint NOT NULL DEFAULT nextval('access_revocations_seq')
);
CREATE INDEX access_revocations_seq_idx ON access_revocations (seq);
