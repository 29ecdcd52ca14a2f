import type { Command } from 'commander';

/** An open rumor as `raqib figures` prints it. */
export interface OpenRumorReport {
  id: number;
  harm: string | null;
  firstSource: { itemId: number | null; outlet: string | null; at: string; basis: string };
  answers: Array<{ itemId: number; outlet: string; at: string; basis: string | null }>;
}

/** One figure as `raqib figures` prints it. */
export interface FigureReport {
  id: string;
  name: string;
  mentions24h: number;
  mentions7d: number;
  /** latest mention by publication time, ISO, and its item */
  lastMentionAt: string | null;
  lastMentionItemId: number | null;
  /** latest appearance or whereabouts by publication time, ISO time, where, and its item */
  lastSeenAt: string | null;
  lastSeenPlace: string | null;
  lastSeenItemId: number | null;
  /** whole days since last seen; null when never seen */
  daysSilent: number | null;
  /** the open silence alert, if any */
  silenceAlertId: number | null;
  silentSince: string | null;
  surgeSince: string | null;
  openRumors: OpenRumorReport[];
}

const shortTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** "#3 death since 2026-05-01 10:00 (Shafaq), 2 answers" per open rumor. */
function rumorCell(rumors: readonly OpenRumorReport[]): string {
  if (rumors.length === 0) return '-';
  return rumors
    .map((r) => {
      const answers =
        r.answers.length === 0 ? 'no answer' : `${r.answers.length} answer${r.answers.length > 1 ? 's' : ''} (first ${r.answers[0].outlet})`;
      return `#${r.id} ${r.harm ?? 'harm'} since ${shortTime(r.firstSource.at)} (${r.firstSource.outlet ?? '?'}), ${answers}`;
    })
    .join('; ');
}

export function formatFigures(rows: readonly FigureReport[]): string {
  const head = ['figure', '24h', '7d', 'last seen', 'where', 'days silent', 'silence alert', 'open rumors'];
  const lines = rows.map((r) => [
    r.id,
    String(r.mentions24h),
    String(r.mentions7d),
    r.lastSeenAt ? shortTime(r.lastSeenAt) : 'never',
    r.lastSeenPlace ?? '-',
    r.daysSilent === null ? '-' : String(r.daysSilent),
    r.silenceAlertId ? `#${r.silenceAlertId} since ${r.silentSince?.slice(0, 10)}` : '-',
    rumorCell(r.openRumors),
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
    .description(
      'each tracked figure: mentions in the last 24 h and 7 days, last seen (time, place), days silent, open silence alert, open rumors with their first source and answers',
    )
    .option('--json', 'one JSON object per figure')
    .option('--watchlist <file>', 'figures from this file when the figures table is empty')
    .action(async (o: { json?: boolean; watchlist?: string }) => {
      const { settings } = await import('../../config/settings.ts');
      const { createPool, describeDbUrl } = await import('../../db/pool.ts');
      const { listFigures } = await import('../../db/sql/listFigures.ts');
      const { listFigureStateSummary } = await import('../../db/sql/listFigureStateSummary.ts');
      const { listRumors } = await import('../../db/sql/listRumors.ts');
      const { listRumorTrail } = await import('../../db/sql/listRumorTrail.ts');
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
        const [summary, rumors] = await Promise.all([
          listFigureStateSummary(
            pool,
            figures.map((f) => f.id),
            now,
          ).catch(fail),
          listRumors(pool, { status: 'open' }, settings().RAQIB_RUMOR_QUIET_DAYS, 500).catch(fail),
        ]);
        const trails = new Map(await Promise.all(rumors.map(async (r) => [r.id, await listRumorTrail(pool, r.id, 200)] as const)));
        const byId = new Map(summary.map((s) => [s.figure_id, s]));
        const rows: FigureReport[] = figures.map((f) => {
          const s = byId.get(f.id);
          const seen = s?.last_seen_at ?? null;
          return {
            id: f.id,
            name: f.name,
            mentions24h: s?.mentions_24h ?? 0,
            mentions7d: s?.mentions_7d ?? 0,
            lastMentionAt: s?.last_mention_at ? s.last_mention_at.toISOString() : null,
            lastMentionItemId: s?.last_mention_item_id ?? null,
            lastSeenAt: seen ? seen.toISOString() : null,
            lastSeenPlace: s?.last_seen_place ?? null,
            lastSeenItemId: s?.last_seen_item_id ?? null,
            daysSilent: seen ? Math.floor((now.getTime() - seen.getTime()) / 86_400_000) : null,
            silenceAlertId: s?.silence_alert_id ?? null,
            silentSince: s?.silence_since ? s.silence_since.toISOString() : null,
            surgeSince: s?.surge_started_at ? s.surge_started_at.toISOString() : null,
            openRumors: rumors
              .filter((r) => r.figure_id === f.id)
              .map((r) => ({
                id: r.id,
                harm: r.harm,
                firstSource: {
                  itemId: r.first_item_id,
                  outlet: r.first_feed_name ?? r.first_feed_id,
                  at: r.first_at.toISOString(),
                  basis: r.first_basis,
                },
                answers: (trails.get(r.id) ?? [])
                  .filter((t) => t.role === 'answer')
                  .map((t) => ({ itemId: t.item_id, outlet: t.feed_name ?? t.feed_id, at: t.at.toISOString(), basis: t.answer_basis })),
              })),
          };
        });
        if (o.json) for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
        else process.stdout.write(formatFigures(rows));
      } finally {
        await pool.end();
      }
    });
}
