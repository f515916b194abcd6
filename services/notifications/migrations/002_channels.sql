-- Where the optional channels deliver, per user. Email addresses are the user's own choice (the users
-- service keeps none); the webhook secret signs every POST so the receiver can check it came from us.
CREATE TABLE notification_channels (
  user_id        text PRIMARY KEY,
  email          text,
  webhook_url    text,
  webhook_secret text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per (notification, channel) to deliver, written in the transaction that stores the
-- notification, together with the delivery command in the outbox: nothing lost, nothing doubled.
CREATE TABLE notification_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- The address or URL at the time the notification was made.
  target          text,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  CONSTRAINT notification_deliveries_once UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_by_user ON notification_deliveries (user_id, created_at DESC);

-- Embedded mode (no SMTP_URL): the emails that would have been sent, for the web app's mailbox screen.
CREATE TABLE mailbox (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq         bigserial NOT NULL UNIQUE,
  delivery_id uuid NOT NULL UNIQUE REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  user_id     text NOT NULL,
  to_address  text,
  from_address text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mailbox_by_user ON mailbox (user_id, seq DESC);
