import type { Db } from '../pool.ts';
import type { EventRow } from '../rows.ts';

export interface EventListRow extends EventRow {
  first_feed_name: string | null;
}

/** The events an alert carries (its figure's statements as every outlet made them), strongest kind first. */
export async function listEventsOfAlert(db: Db, alertId: number): Promise<EventListRow[]> {
  const r = await db.query<EventListRow>(
    `SELECT e.*, f.name AS first_feed_name FROM events e LEFT JOIN feeds f ON f.id = e.first_feed_id
      WHERE e.alert_id = $1 ORDER BY raqib_kind_rank(e.type) DESC, e.first_at, e.id`,
    [alertId],
  );
  return r.rows;
}
