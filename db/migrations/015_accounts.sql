-- Accounts under attack: login throttling, where a session came from, and what ops need to end access.

-- Failed logins per account name (known or not, so a lock reveals nothing) and per client address.
-- A login attempt is counted here BEFORE its password is hashed, inside a row lock, so parallel guesses
-- cannot slip past the delay; a successful login clears its name's row.
CREATE TABLE login_throttle (
  -- 'name:<account name>' or 'addr:<client address>'
  key              text PRIMARY KEY,
  failures         integer NOT NULL DEFAULT 0,
  last_failure_at  timestamptz,
  -- name keys only; 'infinity' means until ops unlock it (raqib users unlock <name>)
  locked_until     timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- shown to ops in `raqib users sessions` and on the users page, so a stray session can be recognised
ALTER TABLE sessions ADD COLUMN address text, ADD COLUMN user_agent text;

CREATE INDEX api_tokens_user ON api_tokens (user_id);
