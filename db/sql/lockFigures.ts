import type { Db } from '../pool.ts';

/** The first key of the figures' advisory locks (the two-integer lock space is apart from the bands' bigint one). */
const FIGURE_LOCK_SPACE = 7_346_122;

/**
 * Takes the transaction-scoped lock of each figure, in ascending order of its key, in one statement. The
 * alert stage holds it while it decides a figure's events and rumors, so two jobs with statements about one
 * figure take turns: one event, one rumor, however the jobs interleave.
 */
export async function lockFigures(db: Db, figureIds: readonly string[]): Promise<void> {
  if (figureIds.length === 0) return;
  await db.query(
    `SELECT pg_advisory_xact_lock(${FIGURE_LOCK_SPACE}, k) FROM (SELECT DISTINCT hashtext(f) AS k FROM unnest($1::text[]) AS f ORDER BY 1) AS sorted`,
    [[...new Set(figureIds)]],
  );
}
