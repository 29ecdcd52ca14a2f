import type { Db } from '../pool.ts';

export interface SurgeOrSilenceAlert {
  /** surge:<figure>:<wave start ISO> or silence:<figure>:<since ISO> */
  dedupeKey: string;
  figureId: string;
  kind: 'surge' | 'silence';
  priority: 'normal' | 'high';
  storyId?: number;
  placeId?: string;
  snippet: string;
  detail: Record<string, unknown>;
}

/** Inserts a figure-level alert once; returns its id and whether this call created it. */
export async function insertSurgeOrSilenceAlert(db: Db, a: SurgeOrSilenceAlert): Promise<{ id: number; created: boolean }> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO alerts (dedupe_key, figure_id, kind, priority, story_id, place_id, snippet, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [a.dedupeKey, a.figureId, a.kind, a.priority, a.storyId ?? null, a.placeId ?? null, a.snippet, JSON.stringify(a.detail)],
  );
  if (r.rows[0]) return { id: r.rows[0].id, created: true };
  const existing = await db.query<{ id: number }>('SELECT id FROM alerts WHERE dedupe_key = $1', [a.dedupeKey]);
  return { id: existing.rows[0].id, created: false };
}
