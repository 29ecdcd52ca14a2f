import type { Db } from '../pool.ts';

/** Which of these token hashes are still live tokens (not revoked or expired) of enabled accounts. */
export async function liveTokenHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  const r = await db.query<{ token_hash: string }>(
    `SELECT t.token_hash FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ANY($1::text[]) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled`,
    [hashes],
  );
  return new Set(r.rows.map((x) => x.token_hash));
}
