import type { Db } from '../pool.ts';
import type { AlertKind } from '../rows.ts';

export interface LockedAlert {
  id: number;
  kind: AlertKind;
}

export interface PreparedBatch {
  /** the existing alerts the batch changes, locked until it commits */
  alerts: Map<number, LockedAlert>;
  /** ids for the batch's new rows, from each table's sequence */
  rumorIds: number[];
  eventIds: number[];
  alertIds: number[];
}

/**
 * In one statement: locks the existing alerts a batch is about to change, in id order (two jobs changing
 * the same alerts never wait for each other in a circle), with their current kind (an alert only moves to a
 * stronger one); and takes ids for the rows it creates, so the rows can reference each other before they
 * are written.
 */
export async function prepareAlertBatch(
  db: Db,
  alertIds: readonly number[],
  counts: { rumors: number; events: number; alerts: number },
): Promise<PreparedBatch> {
  if (alertIds.length === 0 && counts.rumors + counts.events + counts.alerts === 0)
    return { alerts: new Map(), rumorIds: [], eventIds: [], alertIds: [] };
  const r = await db.query<{ alerts: LockedAlert[] | null; rumor_ids: string[] | null; event_ids: string[] | null; alert_ids: string[] | null }>(
    `WITH locked AS (SELECT id, kind FROM alerts WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE)
     SELECT (SELECT json_agg(json_build_object('id', id, 'kind', kind)) FROM locked) AS alerts,
            (SELECT array_agg(nextval('rumors_id_seq')) FROM generate_series(1, $2::int)) AS rumor_ids,
            (SELECT array_agg(nextval('events_id_seq')) FROM generate_series(1, $3::int)) AS event_ids,
            (SELECT array_agg(nextval('alerts_id_seq')) FROM generate_series(1, $4::int)) AS alert_ids`,
    [[...new Set(alertIds)].sort((a, b) => a - b), counts.rumors, counts.events, counts.alerts],
  );
  const row = r.rows[0];
  return {
    alerts: new Map((row.alerts ?? []).map((a) => [Number(a.id), { id: Number(a.id), kind: a.kind }])),
    rumorIds: (row.rumor_ids ?? []).map(Number),
    eventIds: (row.event_ids ?? []).map(Number),
    alertIds: (row.alert_ids ?? []).map(Number),
  };
}
