import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { pruneOnce } from './retention.ts';

// Account rows go with every retention run (scheduled watch job and `raqib prune`), even with retention 0.
let db: TestDb;

beforeAll(async () => {
  db = await freshDatabase();
  await db.pool.query(`INSERT INTO users (id, name, role, password_hash) VALUES (1, 'ana', 'analyst', 'x')`);
  await db.pool.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES
    ('live', 1, 'c', now() + interval '1 hour'), ('expired', 1, 'c', now() - interval '1 minute')`);
  await db.pool.query(`INSERT INTO api_tokens (user_id, token_hash, label, expires_at, revoked_at) VALUES
    (1, 'forever', 'a', NULL, NULL),
    (1, 'expired-long-ago', 'b', now() - interval '31 days', NULL),
    (1, 'expired-lately', 'c', now() - interval '1 day', NULL),
    (1, 'revoked-long-ago', 'd', NULL, now() - interval '40 days'),
    (1, 'revoked-lately', 'e', NULL, now() - interval '2 days')`);
  await db.pool.query(`INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES
    ('name:old', 2, now() - interval '2 days', NULL),
    ('name:recent', 2, now() - interval '1 hour', NULL),
    ('name:locked', 10, now() - interval '3 days', 'infinity'),
    ('addr:10.0.0.1', 12, now() - interval '25 hours', NULL)`);
});

afterAll(async () => {
  await db?.drop();
});

describe('account retention', () => {
  it('prunes expired sessions, long-dead tokens and stale throttle rows; keeps the rest', async () => {
    const r = await pruneOnce(db.pool, 0);
    expect(r.accounts).toEqual({ sessions: 1, tokens: 2, loginThrottle: 2 });
    expect((await db.pool.query('SELECT id_hash FROM sessions')).rows.map((x) => x.id_hash)).toEqual(['live']);
    expect((await db.pool.query('SELECT token_hash FROM api_tokens ORDER BY id')).rows.map((x) => x.token_hash)).toEqual([
      'forever',
      'expired-lately',
      'revoked-lately',
    ]);
    expect((await db.pool.query('SELECT key FROM login_throttle ORDER BY key')).rows.map((x) => x.key)).toEqual(['name:locked', 'name:recent']);
  });
});
