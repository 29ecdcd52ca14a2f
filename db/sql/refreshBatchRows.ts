import type { Db } from '../pool.ts';
import type { AlertKind, HarmKind } from '../rows.ts';

export interface EventRefresh {
  id: number;
  /** linked only where the event has none yet */
  alertId: number | null;
  rumorId: number | null;
}

export interface AlertRefresh {
  id: number;
  /** set: the alert moves to this stronger kind and shows this item */
  upgrade: {
    kind: AlertKind;
    priority: 'normal' | 'high';
    placeId: string | null;
    itemId: number;
    feedId: string;
    lang: string | null;
    snippet: string;
    marks: Array<[number, number]>;
    eventId: number | null;
  } | null;
  /** a place offered by an item of the same kind, kept only when the alert has none */
  placeId: string | null;
  rumorId: number | null;
  /** its rumor was answered */
  answered: boolean;
}

/**
 * After a batch's rows are attached, in one statement: recounts the events and rumors it touched from their
 * items (first source by publication time, outlets, span; a rumor's claims and answers), and brings the
 * existing alerts it touched up to date: an upgrade (kind, item, snippet; the English snippet waits for the
 * new item's translation), their outlets and first source, and activity_at when they were upgraded, a new
 * outlet joined or their rumor was answered. Recounting from the rows keeps a job run twice from counting
 * anything twice.
 */
export async function refreshBatchRows(
  db: Db,
  events: readonly EventRefresh[],
  rumors: ReadonlyArray<{ id: number; harm: HarmKind | null }>,
  alerts: readonly AlertRefresh[],
): Promise<void> {
  if (events.length + rumors.length + alerts.length === 0) return;
  const up = (f: (u: NonNullable<AlertRefresh['upgrade']>) => unknown) => alerts.map((a) => (a.upgrade ? f(a.upgrade) : null));
  await db.query(
    `WITH ev AS (
       UPDATE events e SET alert_id = coalesce(e.alert_id, x.alert_id), rumor_id = coalesce(e.rumor_id, x.rumor_id),
              first_at = c.first_at, last_at = c.last_at, first_item_id = c.first_item, first_feed_id = c.first_feed,
              first_basis = c.first_basis, item_count = c.items, outlet_count = c.outlets, updated_at = now()
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS x(id, alert_id, rumor_id)
         CROSS JOIN LATERAL (
           SELECT min(at) AS first_at, max(at) AS last_at, count(*)::int AS items, count(DISTINCT feed_id)::int AS outlets,
                  (array_agg(item_id ORDER BY at, item_id))[1] AS first_item, (array_agg(feed_id ORDER BY at, item_id))[1] AS first_feed,
                  (array_agg(basis ORDER BY at, item_id))[1] AS first_basis
             FROM event_items WHERE event_id = x.id) AS c
        WHERE e.id = x.id AND c.items > 0
          AND ((e.alert_id IS NULL AND x.alert_id IS NOT NULL) OR (e.rumor_id IS NULL AND x.rumor_id IS NOT NULL)
               OR (c.first_at, c.last_at, c.items, c.outlets, c.first_item) IS DISTINCT FROM (e.first_at, e.last_at, e.item_count, e.outlet_count, e.first_item_id))),
     ru AS (
       UPDATE rumors r SET harm = coalesce(r.harm, x.harm),
              first_at = coalesce(c.first_at, r.first_at), first_item_id = coalesce(c.first_item, r.first_item_id),
              first_feed_id = coalesce(c.first_feed, r.first_feed_id), first_basis = coalesce(c.first_basis, r.first_basis),
              last_claim_at = coalesce(c.last_at, r.last_claim_at), claim_items = c.items, claim_outlets = c.outlets,
              answer_count = a.n, answered_at = a.first_at,
              last_activity_at = greatest(coalesce(c.last_at, r.last_claim_at), a.last_at), updated_at = now()
         FROM unnest($4::bigint[], $5::text[]) AS x(id, harm)
         CROSS JOIN LATERAL (
           SELECT min(ei.at) AS first_at, max(ei.at) AS last_at, count(DISTINCT ei.item_id)::int AS items, count(DISTINCT ei.feed_id)::int AS outlets,
                  (array_agg(ei.item_id ORDER BY ei.at, ei.item_id))[1] AS first_item, (array_agg(ei.feed_id ORDER BY ei.at, ei.item_id))[1] AS first_feed,
                  (array_agg(ei.basis ORDER BY ei.at, ei.item_id))[1] AS first_basis
             FROM event_items ei JOIN events e ON e.id = ei.event_id
            WHERE ei.rumor_id = x.id AND e.type = 'harm_claim') AS c
         CROSS JOIN LATERAL (SELECT count(*)::int AS n, min(at) AS first_at, max(at) AS last_at FROM rumor_answers WHERE rumor_id = x.id) AS a
        WHERE r.id = x.id
          AND ((r.harm IS NULL AND x.harm IS NOT NULL)
               OR (c.first_at, c.first_item, c.last_at, c.items, c.outlets, a.n, a.first_at, greatest(coalesce(c.last_at, r.last_claim_at), a.last_at))
                  IS DISTINCT FROM (r.first_at, r.first_item_id, r.last_claim_at, r.claim_items, r.claim_outlets, r.answer_count, r.answered_at, r.last_activity_at)))
     UPDATE alerts a SET
       kind = coalesce(x.up_kind, a.kind),
       priority = coalesce(x.up_priority, a.priority),
       place_id = CASE WHEN x.up_kind IS NOT NULL THEN coalesce(x.up_place, a.place_id) ELSE coalesce(a.place_id, x.place_id) END,
       upgraded_from = CASE WHEN x.up_kind IS NOT NULL THEN a.kind ELSE a.upgraded_from END,
       upgraded_at = CASE WHEN x.up_kind IS NOT NULL THEN now() ELSE a.upgraded_at END,
       item_id = coalesce(x.up_item, a.item_id),
       feed_id = coalesce(x.up_feed, a.feed_id),
       lang = CASE WHEN x.up_kind IS NOT NULL THEN x.up_lang ELSE a.lang END,
       snippet = coalesce(x.up_snippet, a.snippet),
       snippet_marks = coalesce(x.up_marks::jsonb, a.snippet_marks),
       snippet_en = CASE WHEN x.up_item IS DISTINCT FROM a.item_id AND x.up_item IS NOT NULL THEN NULL ELSE a.snippet_en END,
       event_id = CASE WHEN x.up_kind IS NOT NULL THEN coalesce(x.up_event, a.event_id) ELSE a.event_id END,
       rumor_id = coalesce(a.rumor_id, x.rumor_id),
       outlet_count = coalesce(s.outlets, a.outlet_count),
       published_at = coalesce(s.first_at, a.published_at),
       first_item_id = coalesce(s.first_item, a.first_item_id),
       first_feed_id = coalesce(s.first_feed, a.first_feed_id),
       activity_at = CASE WHEN x.up_kind IS NOT NULL OR x.answered OR s.outlets > a.outlet_count THEN now() ELSE a.activity_at END,
       updated_at = now()
       FROM unnest($6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[],
                   $15::bigint[], $16::text[], $17::bigint[], $18::boolean[])
            AS x(id, up_kind, up_priority, up_place, up_item, up_feed, up_lang, up_snippet, up_marks, up_event, place_id, rumor_id, answered)
       CROSS JOIN LATERAL (
         SELECT count(DISTINCT feed_id)::int AS outlets, min(at) AS first_at,
                (array_agg(item_id ORDER BY at, item_id) FILTER (WHERE at IS NOT NULL))[1] AS first_item,
                (array_agg(feed_id ORDER BY at, item_id) FILTER (WHERE at IS NOT NULL))[1] AS first_feed
           FROM alert_sources WHERE alert_id = x.id) AS s
      WHERE a.id = x.id
        -- a touch that changes nothing writes nothing (and announces nothing): a job run again is a no-op
        AND (x.up_kind IS NOT NULL OR x.answered OR (a.place_id IS NULL AND x.place_id IS NOT NULL) OR (a.rumor_id IS NULL AND x.rumor_id IS NOT NULL)
             OR (s.outlets, s.first_at, s.first_item) IS DISTINCT FROM (a.outlet_count, a.published_at, a.first_item_id))`,
    [
      events.map((e) => e.id),
      events.map((e) => e.alertId),
      events.map((e) => e.rumorId),
      rumors.map((r) => r.id),
      rumors.map((r) => r.harm),
      alerts.map((a) => a.id),
      up((u) => u.kind),
      up((u) => u.priority),
      up((u) => u.placeId),
      up((u) => u.itemId),
      up((u) => u.feedId),
      up((u) => u.lang),
      up((u) => u.snippet),
      up((u) => JSON.stringify(u.marks)),
      up((u) => u.eventId),
      alerts.map((a) => a.placeId),
      alerts.map((a) => a.rumorId),
      alerts.map((a) => a.answered),
    ],
  );
}
