import type { Command } from 'commander';

/** One figure as `raqib figures` prints it. */
export interface FigureReport {
  id: string;
  name: string;
  mentions24h: number;
  mentions7d: number;
  /** latest appearance or whereabouts, ISO time */
  lastSeenAt: string | null;
  lastSeenPlace: string | null;
  /** whole days since last seen; null when never seen */
  daysSilent: number | null;
  /** the open silence alert, if any */
  silenceAlertId: number | null;
  silentSince: string | null;
  surgeSince: string | null;
}

export function formatFigures(rows: readonly FigureReport[]): string {
  const head = ['figure', '24h', '7d', 'last seen', 'where', 'days silent', 'silence alert'];
  const lines = rows.map((r) => [
    r.id,
    String(r.mentions24h),
    String(r.mentions7d),
    r.lastSeenAt ? r.lastSeenAt.slice(0, 16).replace('T', ' ') : 'never',
    r.lastSeenPlace ?? '-',
    r.daysSilent === null ? '-' : String(r.daysSilent),
    r.silenceAlertId ? `#${r.silenceAlertId} since ${r.silentSince?.slice(0, 10)}` : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return (
    [head, ...lines]
      .map((l) =>
        l
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function register(program: Command): void {
  program
    .command('figures')
    .description('each tracked figure: mentions in the last 24 h and 7 days, last seen (time, place), days silent, open silence alert')
    .option('--json', 'one JSON object per figure')
    .option('--watchlist <file>', 'figures from this file when the figures table is empty')
    .action(async (o: { json?: boolean; watchlist?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { createPool, describeDbUrl } = await import('../../db/pool.ts');
      const { listFigures } = await import('../../db/sql/listFigures.ts');
      const { listFigureStateSummary } = await import('../../db/sql/listFigureStateSummary.ts');
      const { lastSightingsForFigureState } = await import('../../db/sql/lastSightingsForFigureState.ts');
      const { loadWatchlist } = await import('../../config/watchlistSchema.ts');
      const url = settings().DATABASE_URL;
      const pool = createPool(url, 2);
      try {
        const now = new Date();
        const fail = (e: Error): never => {
          throw new Error(`figures: database ${describeDbUrl(url)}: ${e.message.split('\n')[0]}`);
        };
        let figures = (await listFigures(pool).catch(fail)).map((f) => ({ id: f.id, name: f.name }));
        if (figures.length === 0) figures = loadWatchlist(o.watchlist ?? settings().RAQIB_WATCHLIST).figures.map((f) => ({ id: f.id, name: f.name }));
        const [summary, sightings] = await Promise.all([
          listFigureStateSummary(
            pool,
            figures.map((f) => f.id),
            now,
          ).catch(fail),
          lastSightingsForFigureState(pool, now).catch(fail),
        ]);
        const byId = new Map(summary.map((s) => [s.figure_id, s]));
        const seen = new Map(sightings.map((s) => [s.figureId, s]));
        const rows: FigureReport[] = figures.map((f) => {
          const s = byId.get(f.id);
          const last = seen.get(f.id);
          return {
            id: f.id,
            name: f.name,
            mentions24h: s?.mentions_24h ?? 0,
            mentions7d: s?.mentions_7d ?? 0,
            lastSeenAt: last ? last.at.toISOString() : null,
            lastSeenPlace: last?.placeId ?? null,
            daysSilent: last ? Math.floor((now.getTime() - last.at.getTime()) / 86_400_000) : null,
            silenceAlertId: s?.silence_alert_id ?? null,
            silentSince: s?.silence_since ? s.silence_since.toISOString() : null,
            surgeSince: s?.surge_started_at ? s.surge_started_at.toISOString() : null,
          };
        });
        if (o.json) for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
        else process.stdout.write(formatFigures(rows));
      } finally {
        await pool.end();
      }
    });
}
