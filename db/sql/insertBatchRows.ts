import type { Db } from '../pool.ts';
import type { AlertKind, HarmKind, SignalType, TimeBasis } from '../rows.ts';

export interface RumorInsert {
  id: number;
  figureId: string;
  harm: HarmKind | null;
  itemId: number;
  feedId: string;
  at: Date;
  basis: TimeBasis;
}

export interface EventInsert {
  id: number;
  figureId: string;
  type: SignalType;
  placeId: string;
  firstAt: Date;
  lastAt: Date;
  alertId: number | null;
  rumorId: number | null;
}

export interface AlertInsert {
  id: number;
  dedupeKey: string;
  figureId: string;
  kind: AlertKind;
  priority: 'normal' | 'high';
  storyId: number;
  itemId: number;
  feedId: string;
  lang: string | null;
  placeId: string | null;
  snippet: string;
  marks: Array<[number, number]>;
  publishedAt: Date;
  outletCount: number;
  firstItemId: number;
  firstFeedId: string;
  eventId: number | null;
  rumorId: number | null;
}

/**
 * A batch's new rumors, events and alerts, in one statement, with the ids prepareAlertBatch took (they
 * reference each other; foreign keys are checked at the end of the statement). The counts of rumors and
 * events are filled in by refreshBatchRows; an alert's are final (all its sources are in this batch).
 */
export async function insertBatchRows(
  db: Db,
  rumors: readonly RumorInsert[],
  events: readonly EventInsert[],
  alerts: readonly AlertInsert[],
): Promise<void> {
  if (rumors.length + events.length + alerts.length === 0) return;
  await db.query(
    `WITH r AS (
       INSERT INTO rumors (id, figure_id, harm, first_item_id, first_feed_id, first_at, first_basis, last_claim_at, last_activity_at)
       SELECT id, figure_id, harm, item_id, feed_id, at, basis, at, at
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[])
              AS x(id, figure_id, harm, item_id, feed_id, at, basis)),
     e AS (
       INSERT INTO events (id, figure_id, type, place_id, first_at, last_at, alert_id, rumor_id)
       SELECT * FROM unnest($8::bigint[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::bigint[], $15::bigint[]))
     INSERT INTO alerts (id, dedupe_key, figure_id, kind, priority, story_id, item_id, feed_id, lang, place_id, snippet, snippet_marks,
                         published_at, outlet_count, first_item_id, first_feed_id, event_id, rumor_id)
     SELECT id, dedupe_key, figure_id, kind, priority, story_id, item_id, feed_id, lang, place_id, snippet, marks::jsonb,
            published_at, outlet_count, first_item_id, first_feed_id, event_id, rumor_id
       FROM unnest($16::bigint[], $17::text[], $18::text[], $19::text[], $20::text[], $21::bigint[], $22::bigint[], $23::text[], $24::text[],
                   $25::text[], $26::text[], $27::text[], $28::timestamptz[], $29::integer[], $30::bigint[], $31::text[], $32::bigint[], $33::bigint[])
            AS x(id, dedupe_key, figure_id, kind, priority, story_id, item_id, feed_id, lang, place_id, snippet, marks,
                 published_at, outlet_count, first_item_id, first_feed_id, event_id, rumor_id)`,
    [
      rumors.map((r) => r.id),
      rumors.map((r) => r.figureId),
      rumors.map((r) => r.harm),
      rumors.map((r) => r.itemId),
      rumors.map((r) => r.feedId),
      rumors.map((r) => r.at),
      rumors.map((r) => r.basis),
      events.map((e) => e.id),
      events.map((e) => e.figureId),
      events.map((e) => e.type),
      events.map((e) => e.placeId),
      events.map((e) => e.firstAt),
      events.map((e) => e.lastAt),
      events.map((e) => e.alertId),
      events.map((e) => e.rumorId),
      alerts.map((a) => a.id),
      alerts.map((a) => a.dedupeKey),
      alerts.map((a) => a.figureId),
      alerts.map((a) => a.kind),
      alerts.map((a) => a.priority),
      alerts.map((a) => a.storyId),
      alerts.map((a) => a.itemId),
      alerts.map((a) => a.feedId),
      alerts.map((a) => a.lang),
      alerts.map((a) => a.placeId),
      alerts.map((a) => a.snippet),
      alerts.map((a) => JSON.stringify(a.marks)),
      alerts.map((a) => a.publishedAt),
      alerts.map((a) => a.outletCount),
      alerts.map((a) => a.firstItemId),
      alerts.map((a) => a.firstFeedId),
      alerts.map((a) => a.eventId),
      alerts.map((a) => a.rumorId),
    ],
  );
}
