import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../db/migrate.ts';
import { createPool } from '../../db/pool.ts';

const ADMIN_URL = process.env.RAQIB_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A new, migrated database of its own for one test file; drop() removes it. */
export async function freshDatabase(prefix = 'raqib_t'): Promise<TestDb> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
  const pool = createPool(url, 5);
  return {
    url,
    pool,
    async drop() {
      await pool.end().catch(() => {});
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
