import type pg from 'pg';
import { inTransaction } from '../../db/pool.ts';
import { countMentionsForSurge } from '../../db/sql/countMentionsForSurge.ts';
import { insertSurgeOrSilenceAlert } from '../../db/sql/insertSurgeOrSilenceAlert.ts';
import { lockFigureState } from '../../db/sql/lockFigureState.ts';
import { topStoriesForSurge } from '../../db/sql/topStoriesForSurge.ts';
import { updateFigureState } from '../../db/sql/updateFigureState.ts';
import { DAILY_RULE, decideWave, HOURLY_RULE, surgeLevel, type SurgeLevel } from '../../lib/watch/surge.ts';

/** Hours of history read: the current day plus 14 baseline days. */
const HISTORY_HOURS = 15 * 24;
const BASELINE_HOURS = 7 * 24;
const BASELINE_DAYS = 14;

export interface SurgeCheckResult {
  figures: number;
  /** alerts created by this run (new waves) */
  opened: Array<{ id: number; figureId: string }>;
  extended: number;
  closed: number;
}

/** Hourly buckets → the last-hour and last-day windows, each with its own baseline. */
export function surgeLevels(hourly: readonly number[]): { hour: SurgeLevel; day: SurgeLevel } {
  const at = (h: number) => hourly[h] ?? 0;
  const hourHistory = Array.from({ length: BASELINE_HOURS }, (_, i) => at(i + 1));
  const daySum = (d: number) => {
    let s = 0;
    for (let h = d * 24; h < d * 24 + 24; h++) s += at(h);
    return s;
  };
  const dayHistory = Array.from({ length: BASELINE_DAYS }, (_, i) => daySum(i + 1));
  return { hour: surgeLevel(at(0), hourHistory, HOURLY_RULE), day: surgeLevel(daySum(0), dayHistory, DAILY_RULE) };
}

/**
 * Per figure named lately or with a wave open: compares his last hour and last day with his own baseline and
 * opens, extends or closes his surge wave. A new wave raises one `surge` alert keyed by its start; the same
 * wave never raises another, however many runs see it.
 */
export async function checkSurges(pool: pg.Pool, now: Date): Promise<SurgeCheckResult> {
  const counts = await countMentionsForSurge(pool, now, HISTORY_HOURS);
  const hourly = new Map<string, number[]>();
  for (const c of counts) {
    let h = hourly.get(c.figureId);
    if (!h) hourly.set(c.figureId, (h = new Array<number>(HISTORY_HOURS).fill(0)));
    if (c.hoursAgo >= 0 && c.hoursAgo < HISTORY_HOURS) h[c.hoursAgo] = c.items;
  }
  const open = await pool.query<{ figure_id: string }>('SELECT figure_id FROM figure_state WHERE surge_started_at IS NOT NULL');
  const figures = new Set([
    ...[...hourly].filter(([, h]) => h.slice(0, 24).some((n) => n > 0)).map(([f]) => f),
    ...open.rows.map((r) => r.figure_id),
  ]);

  const result: SurgeCheckResult = { figures: figures.size, opened: [], extended: 0, closed: 0 };
  for (const figureId of [...figures].sort()) {
    const levels = surgeLevels(hourly.get(figureId) ?? []);
    await inTransaction(pool, async (c) => {
      const state = await lockFigureState(c, figureId);
      const decision = decideWave(
        [levels.hour, levels.day],
        { startedAt: state.surge_started_at ?? undefined, openUntil: state.surge_until ?? undefined },
        now,
      );
      if (decision.action === 'open') {
        const startedAt = new Date(Math.floor(decision.startedAt.getTime() / 60_000) * 60_000);
        const window = levels.hour.opens ? 'hour' : 'day';
        const level = levels[window];
        const top = await topStoriesForSurge(c, figureId, new Date(now.getTime() - (window === 'hour' ? 3600_000 : 86_400_000)));
        const a = await insertSurgeOrSilenceAlert(c, {
          dedupeKey: `surge:${figureId}:${startedAt.toISOString()}`,
          figureId,
          kind: 'surge',
          priority: 'high',
          storyId: top[0]?.storyId,
          snippet: `${level.count} items named ${figureId} in the last ${window} (usually ${level.rate.toFixed(1)})`,
          detail: {
            window,
            count: level.count,
            baseline: Number(level.rate.toFixed(3)),
            z: Number(level.z.toFixed(2)),
            waveStart: startedAt.toISOString(),
            hour: { count: levels.hour.count, baseline: Number(levels.hour.rate.toFixed(3)) },
            day: { count: levels.day.count, baseline: Number(levels.day.rate.toFixed(3)) },
            topStories: top.map((t) => t.storyId),
            topStoryItems: top.map((t) => t.items),
          },
        });
        await updateFigureState(c, figureId, { surge_started_at: startedAt, surge_until: decision.openUntil });
        if (a.created) result.opened.push({ id: a.id, figureId });
      } else if (decision.action === 'extend') {
        await updateFigureState(c, figureId, { surge_until: decision.openUntil });
        result.extended++;
      } else if (decision.action === 'none' && state.surge_started_at) {
        await updateFigureState(c, figureId, { surge_started_at: null, surge_until: null });
        result.closed++;
      }
    });
  }
  return result;
}
