import type { Db } from '../pool.ts';

export interface FigureInput {
  id: string;
  name: string;
  spec: object;
}

/**
 * Seeds figures from the watchlist file. With `overwrite` false (the default for `migrate`), figures ops
 * already edited in the web app keep their aliases; new ones are added.
 */
export async function upsertFigures(db: Db, figures: FigureInput[], overwrite = false): Promise<number> {
  const r = await db.query(
    `INSERT INTO figures (id, name, spec)
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec, updated_at = now()
      WHERE $4 AND figures.spec IS DISTINCT FROM EXCLUDED.spec`,
    [figures.map((f) => f.id), figures.map((f) => f.name), figures.map((f) => JSON.stringify(f.spec)), overwrite],
  );
  return r.rowCount ?? 0;
}
