import type { Db } from '../pool.ts';

/** Replaces a figure's watchlist entry (or adds the figure); bumping updated_at makes workers rebuild their matcher. */
export async function updateFigureSpec(db: Db, id: string, name: string, spec: object): Promise<void> {
  await db.query(
    `INSERT INTO figures (id, name, spec) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, spec = EXCLUDED.spec, updated_at = now()`,
    [id, name, JSON.stringify(spec)],
  );
}
