import type { Db } from '../pool.ts';
import type { FigureStateRow } from './lockFigureState.ts';

export type FigureStatePatch = Partial<Omit<FigureStateRow, 'figure_id'>>;

const COLUMNS = new Set<keyof FigureStatePatch>([
  'last_seen_at',
  'last_seen_place',
  'last_seen_item_id',
  'last_mention_at',
  'silence_alert_id',
  'silence_since',
  'surge_started_at',
  'surge_until',
]);

/** Sets the given figure_state columns (others unchanged). Column names come from a fixed list, never from input. */
export async function updateFigureState(db: Db, figureId: string, patch: FigureStatePatch): Promise<void> {
  const keys = (Object.keys(patch) as (keyof FigureStatePatch)[]).filter((k) => COLUMNS.has(k));
  if (keys.length === 0) return;
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  await db.query(`UPDATE figure_state SET ${sets}, updated_at = now() WHERE figure_id = $1`, [figureId, ...keys.map((k) => patch[k] ?? null)]);
}
