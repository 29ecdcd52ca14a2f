import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// one lock id for every process: concurrent `raqib migrate` runs queue up instead of racing
const MIGRATION_LOCK = 7_346_121;

export interface MigrateResult {
  applied: string[];
  current: string[];
}

/** Creates the database when it does not exist yet (connecting through the `postgres` database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  try {
    await c.connect();
    return false;
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
  } finally {
    await c.end().catch(() => {});
  }
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  admin.on('error', () => {});
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        return true;
      } catch (e) {
        const code = (e as { code?: string }).code;
        // another process created it first (42P04, or 23505 when both were inside CREATE DATABASE at once)
        if (code === '42P04' || code === '23505') return false;
        // the template database is busy with another CREATE DATABASE: wait for it
        if (code === '55006' && attempt < 20) {
          await new Promise((r) => setTimeout(r, 100 + attempt * 50));
          continue;
        }
        throw e;
      }
    }
  } finally {
    await admin.end();
  }
}

/** Applies the numbered SQL files in db/migrations that are not yet applied, each in its own transaction. */
export async function migrate(url: string): Promise<MigrateResult> {
  await ensureDatabase(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SET client_min_messages = warning');
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await c.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+_.*\.sql$/.test(f))
      .sort();
    const applied: string[] = [];
    for (const f of files) {
      const version = f.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      await c.query('BEGIN');
      try {
        await c.query(readFileSync(join(MIGRATIONS_DIR, f), 'utf8'));
        await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw new Error(`migration ${f} failed: ${(e as Error).message}`);
      }
      applied.push(version);
    }
    return { applied, current: files.map((f) => f.replace(/\.sql$/, '')) };
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await c.end();
  }
}
