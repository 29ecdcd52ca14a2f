import type { Db } from '../pool.ts';

/** A row of figure_state. */
export interface FigureStateRow {
  figure_id: string;
  last_seen_at: Date | null;
  last_seen_place: string | null;
  last_seen_item_id: number | null;
  last_mention_at: Date | null;
  silence_alert_id: number | null;
  silence_since: Date | null;
  surge_started_at: Date | null;
  surge_until: Date | null;
}

/**
 * Makes sure a figure has a state row and locks it until the caller's transaction ends, so two watch jobs
 * deciding about the same figure take turns (one wave, one alert).
 */
export async function lockFigureState(db: Db, figureId: string): Promise<FigureStateRow> {
  await db.query('INSERT INTO figure_state (figure_id) VALUES ($1) ON CONFLICT (figure_id) DO NOTHING', [figureId]);
  const r = await db.query<FigureStateRow>('SELECT * FROM figure_state WHERE figure_id = $1 FOR UPDATE', [figureId]);
  return r.rows[0];
}
