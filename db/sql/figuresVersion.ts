import type { Db } from '../pool.ts';

/** Changes whenever a figure is added, edited or removed: workers rebuild their matcher when it does. */
export async function figuresVersion(db: Db): Promise<string> {
  const r = await db.query<{ v: string }>(`SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') AS v FROM figures`);
  return r.rows[0].v;
}
