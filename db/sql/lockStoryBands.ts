import type { Db } from '../pool.ts';

/**
 * Takes the transaction-scoped advisory lock of every band key, in ascending order, in one statement (the
 * ORDER BY sits in a subquery so the locks are taken in that order). Two assigners holding near-duplicates
 * share a band, so the second waits for the first to commit and then sees its story; sorted order means two
 * assigners never wait for each other in a circle.
 */
export async function lockStoryBands(db: Db, bands: readonly bigint[]): Promise<void> {
  if (bands.length === 0) return;
  const sorted = [...new Set(bands)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  await db.query('SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS sorted', [sorted]);
}
