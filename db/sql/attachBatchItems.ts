import type { Db } from '../pool.ts';
import type { SignalType, TimeBasis } from '../rows.ts';

export interface EventItemInsert {
  eventId: number;
  itemId: number;
  feedId: string;
  storyId: number | null;
  at: Date;
  basis: TimeBasis;
  fetchedAt: Date;
  derived: boolean;
  rumorId: number | null;
}

export interface SourceInsert {
  itemId: number;
  figureId: string;
  alertId: number;
  feedId: string;
  at: Date;
}

export interface AnswerInsert {
  rumorId: number;
  itemId: number;
  feedId: string;
  eventId: number;
  alertId: number;
  at: Date;
  basis: string;
  via: SignalType[];
  namesRumor: boolean;
}

export interface BatchLinks {
  eventItems: readonly EventItemInsert[];
  sources: readonly SourceInsert[];
  storyAlerts: ReadonlyArray<{ storyId: number; figureId: string; alertId: number }>;
  answers: readonly AnswerInsert[];
}

/**
 * Ties a batch's items to what they belong to, in one statement: events (with each item's evidence of when
 * it was published), alerts (each (item, figure) pair once: the primary key makes a job run again a no-op),
 * the stories' alerts, and rumors' answers.
 */
export async function attachBatchItems(db: Db, l: BatchLinks): Promise<void> {
  const { eventItems: ei, sources: s, storyAlerts: sa, answers: an } = l;
  if (ei.length + s.length + sa.length + an.length === 0) return;
  await db.query(
    `WITH ei AS (
       INSERT INTO event_items (event_id, item_id, feed_id, story_id, at, basis, fetched_at, derived, rumor_id)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[], $6::text[], $7::timestamptz[], $8::boolean[], $9::bigint[])
       ON CONFLICT (event_id, item_id) DO NOTHING),
     src AS (
       INSERT INTO alert_sources (item_id, figure_id, alert_id, feed_id, at)
       SELECT * FROM unnest($10::bigint[], $11::text[], $12::bigint[], $13::text[], $14::timestamptz[])
       ON CONFLICT (item_id, figure_id) DO NOTHING),
     sa AS (
       INSERT INTO story_alerts (story_id, figure_id, alert_id)
       SELECT * FROM unnest($15::bigint[], $16::text[], $17::bigint[])
       ON CONFLICT (story_id, figure_id) DO NOTHING)
     INSERT INTO rumor_answers (rumor_id, item_id, feed_id, event_id, alert_id, at, basis, via, names_rumor)
     SELECT rumor_id, item_id, feed_id, event_id, alert_id, at, basis, string_to_array(via, ','), names_rumor
       FROM unnest($18::bigint[], $19::bigint[], $20::text[], $21::bigint[], $22::bigint[], $23::timestamptz[], $24::text[], $25::text[], $26::boolean[])
            AS x(rumor_id, item_id, feed_id, event_id, alert_id, at, basis, via, names_rumor)
     ON CONFLICT (rumor_id, item_id) DO NOTHING`,
    [
      ei.map((x) => x.eventId),
      ei.map((x) => x.itemId),
      ei.map((x) => x.feedId),
      ei.map((x) => x.storyId),
      ei.map((x) => x.at),
      ei.map((x) => x.basis),
      ei.map((x) => x.fetchedAt),
      ei.map((x) => x.derived),
      ei.map((x) => x.rumorId),
      s.map((x) => x.itemId),
      s.map((x) => x.figureId),
      s.map((x) => x.alertId),
      s.map((x) => x.feedId),
      s.map((x) => x.at),
      sa.map((x) => x.storyId),
      sa.map((x) => x.figureId),
      sa.map((x) => x.alertId),
      an.map((x) => x.rumorId),
      an.map((x) => x.itemId),
      an.map((x) => x.feedId),
      an.map((x) => x.eventId),
      an.map((x) => x.alertId),
      an.map((x) => x.at),
      an.map((x) => x.basis),
      an.map((x) => x.via.join(',')),
      an.map((x) => x.namesRumor),
    ],
  );
}
