import type { Db } from '../pool.ts';

/** Which of these session hashes still belong to a live session of an enabled account. */
export async function liveSessionHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  const r = await db.query<{ id_hash: string }>(
    `SELECT s.id_hash FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = ANY($1::text[]) AND s.expires_at > now() AND NOT u.disabled`,
    [hashes],
  );
  return new Set(r.rows.map((x) => x.id_hash));
}
