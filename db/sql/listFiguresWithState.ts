import type { Db } from '../pool.ts';
import type { HarmKind } from '../rows.ts';

export interface OpenRumorSummary {
  id: number;
  harm: HarmKind | null;
  firstAt: string;
  firstItemId: number | null;
  firstFeedId: string | null;
  firstFeedName: string | null;
  answerCount: number;
  answeredAt: string | null;
}

export interface FigureOverviewRow {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  /** latest whereabouts or appearance by publication time, where and in which item (written by the alert stage) */
  last_seen_at: Date | null;
  last_seen_place: string | null;
  last_seen_item_id: number | null;
  /** latest mention by publication time, and its item */
  last_mention_at: Date | null;
  last_mention_item_id: number | null;
  /** whole days since the last mention; null when never mentioned */
  days_silent: number | null;
  /** alerts in the last 30 days */
  alerts_30d: number;
  /** open rumors about him, latest activity first */
  open_rumors: OpenRumorSummary[];
}

/**
 * Figures with their state as the alert stage writes it (last mentioned, last seen where and when, open
 * rumors), one row each (or one figure). With `quietDays`, an open rumor quiet that long is left out (it
 * reads as stale); without, the stored status decides.
 */
export async function listFiguresWithState(db: Db, figureId: string | null = null, quietDays: number | null = null): Promise<FigureOverviewRow[]> {
  const r = await db.query<FigureOverviewRow>(
    `SELECT f.id, f.name, f.spec, s.last_seen_at, s.last_seen_place, s.last_seen_item_id, s.last_mention_at, s.last_mention_item_id,
            floor(extract(epoch FROM now() - s.last_mention_at) / 86400)::int AS days_silent,
            (SELECT count(*)::int FROM alerts a WHERE a.figure_id = f.id AND a.created_at > now() - interval '30 days') AS alerts_30d,
            coalesce((SELECT json_agg(json_build_object('id', r.id, 'harm', r.harm, 'firstAt', r.first_at, 'firstItemId', r.first_item_id,
                                                        'firstFeedId', r.first_feed_id, 'firstFeedName', fe.name,
                                                        'answerCount', r.answer_count, 'answeredAt', r.answered_at)
                                      ORDER BY r.last_activity_at DESC, r.id DESC)
                        FROM rumors r LEFT JOIN feeds fe ON fe.id = r.first_feed_id
                       WHERE r.figure_id = f.id AND r.status = 'open'
                         AND ($2::int IS NULL OR r.last_activity_at >= now() - make_interval(days => $2))), '[]'::json) AS open_rumors
       FROM figures f LEFT JOIN figure_state s ON s.figure_id = f.id
      WHERE $1::text IS NULL OR f.id = $1
      ORDER BY f.name, f.id`,
    [figureId, quietDays],
  );
  return r.rows;
}
