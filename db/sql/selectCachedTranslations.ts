import type { Db } from '../pool.ts';

/**
 * Cached translations by content hash for one model: hash -> translation. A hit marks the row as used
 * (last_used_at, which retention prunes by), at most once a day per row, so a hot sentence costs no write.
 */
export async function selectCachedTranslations(db: Db, model: string, hashes: string[]): Promise<Map<string, string>> {
  const r = await db.query<{ content_hash: string; translation: string }>(
    `WITH hit AS (
       SELECT content_hash, translation, last_used_at FROM translations WHERE model = $1 AND content_hash = ANY($2::text[])
     ), touched AS (
       UPDATE translations t SET last_used_at = now()
         FROM hit WHERE t.model = $1 AND t.content_hash = hit.content_hash AND hit.last_used_at < now() - interval '1 day'
     )
     SELECT content_hash, translation FROM hit`,
    [model, hashes],
  );
  return new Map(r.rows.map((x) => [x.content_hash, x.translation]));
}
