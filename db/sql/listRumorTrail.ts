import type { Db } from '../pool.ts';
import type { TimeBasis } from '../rows.ts';

export interface RumorTrailRow {
  /** claim: an item that carries the harm claim; answer: an item that answers it */
  role: 'claim' | 'answer';
  item_id: number;
  feed_id: string;
  feed_name: string | null;
  title: string;
  url: string | null;
  lang: string | null;
  /** publication time (clamped to the fetch), else the fetch */
  at: Date;
  basis: TimeBasis | null;
  alert_id: number | null;
  /** answers: denial | assurance | sighting, the signals that answered, whether the text names the rumor */
  answer_basis: string | null;
  via: string[] | null;
  names_rumor: boolean | null;
}

/** A rumor's claims and answers in publication order: where it started, who carried it, who answered. */
export async function listRumorTrail(db: Db, rumorId: number, limit = 500): Promise<RumorTrailRow[]> {
  const r = await db.query<RumorTrailRow>(
    `SELECT t.role, t.item_id, t.feed_id, f.name AS feed_name, i.title, i.url, i.lang, t.at, t.basis, t.alert_id, t.answer_basis, t.via, t.names_rumor
       FROM (SELECT 'claim' AS role, ei.item_id, ei.feed_id, ei.at, ei.basis, e.alert_id, NULL AS answer_basis, NULL::text[] AS via, NULL::boolean AS names_rumor
               FROM event_items ei JOIN events e ON e.id = ei.event_id
              WHERE ei.rumor_id = $1 AND e.type = 'harm_claim'
             UNION ALL
             SELECT 'answer', a.item_id, a.feed_id, a.at, NULL, a.alert_id, a.basis, a.via, a.names_rumor
               FROM rumor_answers a WHERE a.rumor_id = $1) AS t
       JOIN items i ON i.id = t.item_id
       LEFT JOIN feeds f ON f.id = t.feed_id
      ORDER BY t.at, t.item_id, t.role
      LIMIT $2`,
    [rumorId, limit],
  );
  return r.rows;
}
