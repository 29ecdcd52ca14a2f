-- People and their channels: accounts, sessions, API tokens, delivery subscriptions and the delivery log.
-- Secrets we only need to recognise (passwords, session ids, API tokens) are stored as hashes.

CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL UNIQUE,
  -- ops alone changes feeds and figures
  role           text NOT NULL CHECK (role IN ('analyst', 'editor', 'ops')),
  -- scrypt$N$r$p$<salt base64>$<key base64>
  password_hash  text NOT NULL,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  -- sha256 hex of the cookie value: a leaked table does not let anyone log in
  id_hash       text PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- per-session token every form post from a cookie session must carry
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- sha256 hex of the bearer token
  token_hash    text NOT NULL UNIQUE,
  label         text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

CREATE TABLE subscriptions (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- empty array: every figure / every kind
  figure_ids  text[] NOT NULL DEFAULT '{}',
  kinds       text[] NOT NULL DEFAULT '{}',
  channel     text NOT NULL CHECK (channel IN ('webhook', 'slack', 'email')),
  -- webhook/slack URL, or the email address
  target      text NOT NULL,
  -- HMAC key for webhook signatures
  secret      text,
  -- SMTP server for email; NULL uses RAQIB_SMTP_URL
  smtp_url    text,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

CREATE TABLE deliveries (
  id               bigserial PRIMARY KEY,
  alert_id         bigint NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  subscription_id  bigint NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
  -- the alert's kind when it was owed: a mention later upgraded to a debunk is news and is owed again
  kind             text NOT NULL,
  -- pending (waiting for next_attempt_at) | delivered | failed (gave up)
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- also the claim: a sender moves it forward by a lease before sending, so two senders never overlap
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  response_code    integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  -- an alert (of one kind) reaches a subscription at most once, however often its job runs
  UNIQUE (alert_id, subscription_id, kind)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, id DESC);

-- the alerts page filters by outlet and language on top of time order
CREATE INDEX alerts_feed_created ON alerts (feed_id, created_at DESC, id DESC);
