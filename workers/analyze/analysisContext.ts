import { existsSync } from 'node:fs';
import type pg from 'pg';
import { settings } from '../../config/settings.ts';
import type { Figure } from '../../config/watchlistSchema.ts';
import { loadPlaces } from '../../config/placesSchema.ts';
import { figuresVersion } from '../../db/sql/figuresVersion.ts';
import { listFigures } from '../../db/sql/listFigures.ts';
import { compileWatchlist, type Matcher } from '../../lib/text/matchFigures.ts';
import { compilePlaces, type PlaceMatcher } from '../../lib/statements/matchPlaces.ts';

export interface AnalysisContext {
  figures: Matcher;
  places: PlaceMatcher;
}

const RECHECK_MS = 5000;

/**
 * The matchers an analyze worker uses, rebuilt when ops edit figures (the figures table's version changes),
 * checked at most every few seconds so a busy worker does not query it per job.
 */
export function analysisContextLoader(pool: pg.Pool): () => Promise<AnalysisContext> {
  let version = '';
  let checkedAt = 0;
  let ctx: AnalysisContext | undefined;
  const placesFile = settings().RAQIB_PLACES;
  const places = compilePlaces(existsSync(placesFile) ? loadPlaces(placesFile) : []);
  return async () => {
    if (ctx && Date.now() - checkedAt < RECHECK_MS) return ctx;
    const v = await figuresVersion(pool);
    checkedAt = Date.now();
    if (!ctx || v !== version) {
      const rows = await listFigures(pool);
      ctx = { figures: compileWatchlist({ figures: rows.map((r) => r.spec as unknown as Figure) }), places };
      version = v;
    }
    return ctx;
  };
}
