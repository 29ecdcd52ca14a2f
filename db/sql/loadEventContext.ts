import type { Db } from '../pool.ts';
import type { KnownEvent, KnownRumor } from '../../lib/alerts/planAlertBatch.ts';

export interface EventContextQuery {
  /** figures whose events and rumors the batch may touch (locked by lockFigures) */
  figureIds: readonly string[];
  /** earliest and latest publication time in the batch, ms */
  fromMs: number;
  toMs: number;
  windowMs: number;
  quietMs: number;
  /** the batch's existing stories and the figures they name, for their alerts */
  storyFigures: ReadonlyArray<{ storyId: number; figureId: string }>;
}

export interface EventContext {
  events: KnownEvent[];
  rumors: KnownRumor[];
  storyAlerts: Array<{ storyId: number; figureId: string; alertId: number }>;
}

const ms = (col: string) => `round(extract(epoch FROM ${col}) * 1000)::float8`;

/**
 * What planAlertBatch needs from the database, in one statement, read after the figure and story locks:
 * the figures' events whose span comes within the window of the batch's times, their open rumors (with
 * the alerts of their claims), and the alert each of the batch's stories already has per figure (from
 * story_alerts, or the story's own `story:<id>:<figure>` alert).
 */
export async function loadEventContext(db: Db, q: EventContextQuery): Promise<EventContext> {
  const r = await db.query<{ events: KnownEvent[]; rumors: KnownRumor[]; story_alerts: EventContext['storyAlerts'] }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_object('id', e.id, 'figureId', e.figure_id, 'type', e.type, 'placeId', e.place_id,
                                                   'firstAt', ${ms('e.first_at')}, 'lastAt', ${ms('e.last_at')},
                                                   'alertId', e.alert_id, 'rumorId', e.rumor_id)), '[]'::json)
          FROM events e
         WHERE e.figure_id = ANY($1::text[])
           AND e.last_at >= to_timestamp(($2::float8 - $4::float8) / 1000) AND e.first_at <= to_timestamp(($3::float8 + $4::float8) / 1000)) AS events,
       (SELECT coalesce(json_agg(json_build_object('id', r.id, 'figureId', r.figure_id, 'harm', r.harm,
                                                   'firstAt', ${ms('r.first_at')}, 'lastActivityAt', ${ms('r.last_activity_at')},
                                                   'claimAlertIds', coalesce((SELECT array_agg(DISTINCT e.alert_id) FROM events e
                                                                              WHERE e.rumor_id = r.id AND e.type = 'harm_claim' AND e.alert_id IS NOT NULL),
                                                                             '{}'))), '[]'::json)
          FROM rumors r
         WHERE r.figure_id = ANY($1::text[]) AND r.status = 'open' AND r.last_activity_at >= to_timestamp(($2::float8 - $5::float8) / 1000)) AS rumors,
       (SELECT coalesce(json_agg(json_build_object('storyId', s.story_id, 'figureId', s.figure_id, 'alertId', s.alert_id)), '[]'::json)
          FROM (SELECT DISTINCT ON (story_id, figure_id) story_id, figure_id, alert_id FROM (
                  SELECT sa.story_id, sa.figure_id, sa.alert_id, 0 AS pref
                    FROM story_alerts sa JOIN unnest($6::bigint[], $7::text[]) AS q(story_id, figure_id)
                         ON sa.story_id = q.story_id AND sa.figure_id = q.figure_id
                  UNION ALL
                  SELECT a.story_id, a.figure_id, a.id, 1 FROM alerts a
                   WHERE a.dedupe_key = ANY(SELECT 'story:' || q.story_id || ':' || q.figure_id FROM unnest($6::bigint[], $7::text[]) AS q(story_id, figure_id))
                ) AS both_ ORDER BY story_id, figure_id, pref) AS s) AS story_alerts`,
    [[...new Set(q.figureIds)], q.fromMs, q.toMs, q.windowMs, q.quietMs, q.storyFigures.map((s) => s.storyId), q.storyFigures.map((s) => s.figureId)],
  );
  const row = r.rows[0];
  return {
    events: row.events.map((e) => ({
      ...e,
      id: Number(e.id),
      alertId: e.alertId === null ? null : Number(e.alertId),
      rumorId: e.rumorId === null ? null : Number(e.rumorId),
    })),
    rumors: row.rumors.map((x) => ({ ...x, id: Number(x.id), claimAlertIds: x.claimAlertIds.map(Number) })),
    storyAlerts: row.story_alerts.map((s) => ({ storyId: Number(s.storyId), figureId: s.figureId, alertId: Number(s.alertId) })),
  };
}
