import type { Db } from '../pool.ts';

/** Transaction-scoped advisory locks on story band keys, taken in ascending order so lockers never deadlock. */
export async function lockStoryBands(db: Db, bands: ReadonlyArray<bigint | number | string>): Promise<void> {
  if (bands.length === 0) return;
  const keys = [...new Set(bands.map(String))];
  await db.query('SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS sorted', [keys]);
}
