import type pg from 'pg';
import { inTransaction } from '../../db/pool.ts';
import { clearSilenceAlert } from '../../db/sql/clearSilenceAlert.ts';
import { insertSurgeOrSilenceAlert } from '../../db/sql/insertSurgeOrSilenceAlert.ts';
import { listSightingsForSilence } from '../../db/sql/listSightingsForSilence.ts';
import { lockFigureState } from '../../db/sql/lockFigureState.ts';
import { updateFigureState } from '../../db/sql/updateFigureState.ts';
import { assessSilence } from '../../lib/watch/silence.ts';

/** Sightings further back than this do not shape the usual gap. */
const HISTORY_DAYS = 180;

export interface WatchedFigure {
  id: string;
  /** the watchlist's per-figure silence threshold, in days */
  silenceDays?: number;
}

export interface SilenceCheckResult {
  figures: number;
  /** silence alerts created by this run */
  opened: Array<{ id: number; figureId: string }>;
  cleared: number;
}

/**
 * Per watched figure: raises one `silence` alert when he has gone longer than his usual gap (or
 * `silenceDays`) without an appearance or whereabouts, and clears it when he is seen again. Where and when
 * he was last seen is read from figure_state, which the alert stage writes as it alerts (by publication
 * time); this check only reads it.
 */
export async function checkSilences(pool: pg.Pool, now: Date, figures: readonly WatchedFigure[]): Promise<SilenceCheckResult> {
  const days = await listSightingsForSilence(pool, now, HISTORY_DAYS);
  const sightings = new Map<string, Date[]>();
  for (const d of days) {
    const list = sightings.get(d.figureId) ?? [];
    list.push(d.at);
    sightings.set(d.figureId, list);
  }
  const result: SilenceCheckResult = { figures: figures.length, opened: [], cleared: 0 };

  for (const fig of figures) {
    await inTransaction(pool, async (c) => {
      const state = await lockFigureState(c, fig.id);
      const seen =
        state.last_seen_at && state.last_seen_at.getTime() <= now.getTime() + 5 * 60_000
          ? { at: state.last_seen_at, placeId: state.last_seen_place, itemId: state.last_seen_item_id }
          : undefined;
      // the latest sighting counts even when it is older than the history window
      const times = [...(sightings.get(fig.id) ?? []), ...(seen ? [seen.at] : [])];
      const verdict = assessSilence({ sightings: times, now, silenceDays: fig.silenceDays });
      if (verdict.silent) {
        if (state.silence_since && state.silence_since.getTime() === verdict.since.getTime()) return;
        const a = await insertSurgeOrSilenceAlert(c, {
          dedupeKey: `silence:${fig.id}:${verdict.since.toISOString()}`,
          figureId: fig.id,
          kind: 'silence',
          priority: 'normal',
          placeId: seen?.placeId ?? undefined,
          snippet: `${fig.id} not seen for ${Math.floor(verdict.daysSilent)} days (threshold ${verdict.thresholdDays.toFixed(1)} days)${seen?.placeId ? `; last seen in ${seen.placeId}` : ''}`,
          detail: {
            since: verdict.since.toISOString(),
            lastSeenPlace: seen?.placeId ?? null,
            lastSeenItemId: seen?.itemId ?? null,
            thresholdDays: Number(verdict.thresholdDays.toFixed(2)),
            daysSilent: Number(verdict.daysSilent.toFixed(2)),
            configured: fig.silenceDays !== undefined,
          },
        });
        await updateFigureState(c, fig.id, { silence_alert_id: a.id, silence_since: verdict.since });
        if (a.created) result.opened.push({ id: a.id, figureId: fig.id });
      } else if (state.silence_alert_id !== null) {
        await clearSilenceAlert(c, state.silence_alert_id, seen?.at ?? now, seen?.itemId ?? null);
        await updateFigureState(c, fig.id, { silence_alert_id: null, silence_since: null });
        result.cleared++;
      }
    });
  }
  return result;
}
