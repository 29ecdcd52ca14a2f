import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../../test/helpers/db.ts';
import { hashSecret } from '../../web/auth/secrets.ts';
import { sessionFor } from '../../web/testSupport.ts';

// `raqib users` as ops run it: through scripts/raqib.ts, against a database of its own.
let db: TestDb;

function raqib(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn('npx', ['tsx', 'scripts/raqib.ts', 'users', ...args], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.stdin.end(stdin);
    c.on('close', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  db = await freshDatabase('raqib_users_cli');
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe('raqib users', () => {
  it('adds, lists, disables, enables and sets passwords', async () => {
    const add = await raqib(['add', 'ana', '--role', 'analyst']);
    expect(add.code).toBe(0);
    expect(add.err).toBe('user ana (analyst) saved\n');
    expect(add.out.trim()).toMatch(/^[\w-]{24}$/);
    expect((await raqib(['add', 'opal', '--role', 'ops', '--password-stdin'], 'opal-password-123\n')).out).toBe('');
    const bad = await raqib(['add', 'x y', '--role', 'analyst']);
    expect([bad.code, bad.err.trim()]).toEqual([1, 'raqib: users add: name must be 1-64 letters, digits, . _ @ - (got "x y")']);
    expect((await raqib(['add', 'z', '--role', 'root'])).err.trim()).toBe('raqib: users add: role must be one of analyst, editor, ops (got "root")');
    const userId = (await db.pool.query(`SELECT id FROM users WHERE name = 'ana'`)).rows[0].id;
    await sessionFor(db.pool, userId);
    await sessionFor(db.pool, userId);
    const list = await raqib(['list']);
    expect(list.out.split('\n')[0]).toMatch(/^NAME\s+ROLE\s+STATUS\s+SESSIONS\s+TOKENS\s+FAILED LOGINS$/);
    expect(list.out).toMatch(/^ana\s+analyst\s+active\s+2\s+0\s+0$/m);
    const disable = await raqib(['disable', 'ana']);
    expect(disable.out.trim()).toBe('user ana: disabled, 2 sessions ended');
    expect(JSON.parse((await raqib(['list', '--json'])).out.split('\n')[0])).toMatchObject({ name: 'ana', disabled: true, sessions: 0 });
    expect((await raqib(['enable', 'ana'])).out.trim()).toBe('user ana: enabled');
    const pw = await raqib(['passwd', 'ana', '--password-stdin'], 'short\n');
    expect([pw.code, pw.err.trim()]).toEqual([1, 'raqib: users passwd: the password must be at least 10 characters']);
    const gen = await raqib(['passwd', 'ana']);
    expect(gen.out.trim()).toMatch(/^[\w-]{24}$/);
    expect((await raqib(['disable', 'nobody'])).err.trim()).toBe('raqib: users disable: no account named "nobody"');
  }, 600_000);

  it('lists and ends sessions, issues, lists and revokes tokens, unlocks a name', async () => {
    const userId = (await db.pool.query(`SELECT id FROM users WHERE name = 'opal'`)).rows[0].id;
    const s = await sessionFor(db.pool, userId);
    const sessions = await raqib(['sessions', 'opal']);
    expect(sessions.out).toContain(s.hash.slice(0, 12));
    expect((await raqib(['revoke-sessions', 'opal'])).out.trim()).toBe('user opal: 1 sessions ended');
    expect((await db.pool.query('SELECT 1 FROM sessions WHERE id_hash = $1', [s.hash])).rowCount).toBe(0);
    const token = (await raqib(['token', 'opal', '--label', 'nightly export', '--days', '30'])).out.trim();
    expect(token).toMatch(/^rqb_/);
    const row = (await db.pool.query('SELECT id::int AS id FROM api_tokens WHERE token_hash = $1', [hashSecret(token)])).rows[0];
    const tokens = JSON.parse((await raqib(['tokens', 'opal', '--json'])).out.trim());
    expect(tokens).toMatchObject({ id: row.id, label: 'nightly export', revoked_at: null });
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect((await raqib(['token', 'opal', '--label', 'x'.repeat(101)])).err.trim()).toBe(
      'raqib: users token: label must be at most 100 characters (got 101)',
    );
    expect((await raqib(['revoke-token', String(row.id)])).out.trim()).toBe(`token ${row.id}: revoked`);
    expect((await raqib(['revoke-token', String(row.id)])).err.trim()).toBe(`raqib: users revoke-token: no live API token with id ${row.id}`);
    expect((await raqib(['revoke-token', 'abc'])).err.trim()).toBe(
      'raqib: users revoke-token: the token id must be a positive whole number (got "abc")',
    );
    expect((await raqib(['tokens', 'opal'])).out).toMatch(/nightly export\s+\S+\s+\S+\s+-\s+\d{4}-/);
    await db.pool.query(`INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES ('name:opal', 10, now(), 'infinity')`);
    expect((await raqib(['list'])).out).toMatch(/^opal\s+ops\s+locked until unlocked/m);
    expect((await raqib(['unlock', 'opal'])).out.trim()).toBe('user opal: unlocked');
    expect((await raqib(['unlock', 'opal'])).out.trim()).toBe('user opal: was not locked');
  }, 600_000);
});
