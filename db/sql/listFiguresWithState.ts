import type { Db } from '../pool.ts';

export interface FigureOverviewRow {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  last_seen_at: Date | null;
  last_seen_place: string | null;
  last_mention_at: Date | null;
  /** whole days since the last mention; null when never mentioned */
  days_silent: number | null;
  /** alerts in the last 30 days */
  alerts_30d: number;
}

/** Figures with where/when last seen and silence, one row each (or one figure). */
export async function listFiguresWithState(db: Db, figureId: string | null = null): Promise<FigureOverviewRow[]> {
  const r = await db.query<FigureOverviewRow>(
    `SELECT f.id, f.name, f.spec, s.last_seen_at, s.last_seen_place, s.last_mention_at,
            floor(extract(epoch FROM now() - s.last_mention_at) / 86400)::int AS days_silent,
            (SELECT count(*)::int FROM alerts a WHERE a.figure_id = f.id AND a.created_at > now() - interval '30 days') AS alerts_30d
       FROM figures f LEFT JOIN figure_state s ON s.figure_id = f.id
      WHERE $1::text IS NULL OR f.id = $1
      ORDER BY f.name, f.id`,
    [figureId],
  );
  return r.rows;
}
