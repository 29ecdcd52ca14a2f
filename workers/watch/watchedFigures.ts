import type pg from 'pg';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { listFigures } from '../../db/sql/listFigures.ts';
import type { WatchedFigure } from './checkSilences.ts';

/** The figures to watch: the `figures` table (ops edit it at run time), else the watchlist file. */
export async function watchedFigures(pool: pg.Pool, watchlistFile: string): Promise<WatchedFigure[]> {
  const rows = await listFigures(pool);
  if (rows.length > 0) {
    return rows.map((r) => {
      const days = r.spec.silenceDays;
      return typeof days === 'number' ? { id: r.id, silenceDays: days } : { id: r.id };
    });
  }
  return loadWatchlist(watchlistFile).figures.map((f) => (f.silenceDays !== undefined ? { id: f.id, silenceDays: f.silenceDays } : { id: f.id }));
}
