import { loadWatchlist } from '../config/watchlistSchema.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';
import { upsertFigures } from './sql/upsertFigures.ts';

/** Schema, then the watchlist's figures (ops' edits in the web app are kept unless overwrite is asked). */
export async function migrateAndSeed(url: string, watchlistFile: string, overwrite = false): Promise<{ applied: string[]; figures: number }> {
  const watchlist = loadWatchlist(watchlistFile);
  const { applied } = await migrate(url);
  const pool = createPool(url, 2);
  try {
    const figures = await upsertFigures(
      pool,
      watchlist.figures.map((f) => ({ id: f.id, name: f.name, spec: f })),
      overwrite,
    );
    return { applied, figures };
  } finally {
    await pool.end();
  }
}
