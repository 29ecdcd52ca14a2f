import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../config/settings.ts';
import { freshDatabase, type TestDb } from '../test/helpers/db.ts';
import { runRetention } from './retention.ts';

// Account rows are a retention rule like the others: expired sessions and idle throttle rows go at once,
// tokens dead for longer than RAQIB_ACCOUNT_RETENTION_DAYS (30) go, the rest stays.
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
    const [run] = await runRetention(db.pool, settings(), { only: ['accounts'], batch: 2 });
    expect(run.pruned).toBe(5);
    expect(run.batches.at(-1)).toBeLessThan(2);
    expect((await db.pool.query('SELECT id_hash FROM sessions')).rows.map((x) => x.id_hash)).toEqual(['live']);
    expect((await db.pool.query('SELECT token_hash FROM api_tokens ORDER BY id')).rows.map((x) => x.token_hash)).toEqual([
      'forever',
      'expired-lately',
      'revoked-lately',
    ]);
    expect((await db.pool.query('SELECT key FROM login_throttle ORDER BY key')).rows.map((x) => x.key)).toEqual(['name:locked', 'name:recent']);
  });

  it('keeps everything at 0 days', async () => {
    await db.pool.query(`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ('expired2', 1, 'c', now() - interval '1 minute')`);
    const [run] = await runRetention(db.pool, settings(), { only: ['accounts'], days: { accounts: 0 } });
    expect(run.pruned).toBe(0);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM sessions WHERE id_hash = 'expired2'`)).rows[0].n).toBe(1);
  });
});
