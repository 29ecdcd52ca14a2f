import type { Db } from '../pool.ts';

/** Cached translations by content hash for one model: hash -> translation. */
export async function selectCachedTranslations(db: Db, model: string, hashes: string[]): Promise<Map<string, string>> {
  const r = await db.query<{ content_hash: string; translation: string }>(
    'SELECT content_hash, translation FROM translations WHERE model = $1 AND content_hash = ANY($2::text[])',
    [model, hashes],
  );
  return new Map(r.rows.map((x) => [x.content_hash, x.translation]));
}
