import type { Command } from 'commander';
import { withPool } from './services.ts';
import type { AlertListRow } from '../../db/sql/listAlerts.ts';

/** "1h", "30m", "2d" → milliseconds. */
export function parseSince(v: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(v.trim());
  if (!m) throw new Error(`--since "${v}" is not a duration like 30m, 1h or 2d`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** The snippet with each mention wrapped in «» markers for a terminal. */
export function markSnippet(snippet: string, marks: Array<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [s, e] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += snippet.slice(at, s) + '【' + snippet.slice(s, e) + '】';
    at = e;
  }
  return out + snippet.slice(at);
}

/** Alerts for a person (or as JSON lines): figure, kind, outlet, time, language, marked snippet, URL. */
export function printAlerts(rows: AlertListRow[], json: boolean, out: NodeJS.WritableStream): void {
  for (const a of rows) {
    if (json) {
      out.write(
        JSON.stringify({
          id: a.id,
          figureId: a.figure_id,
          figure: a.figure_name_en ?? a.figure_name,
          figureAr: a.figure_name,
          kind: a.kind,
          priority: a.priority,
          feedId: a.feed_id,
          outlet: a.feed_name,
          createdAt: a.created_at,
          lang: a.lang,
          placeId: a.place_id,
          snippet: a.snippet,
          marks: a.snippet_marks,
          snippetEn: a.snippet_en,
          url: a.item_url,
          storyId: a.story_id,
        }) + '\n',
      );
      continue;
    }
    const flag = a.priority === 'high' ? '!! ' : '';
    out.write(
      `${flag}[${a.kind}] ${a.figure_name_en ?? a.figure_name ?? a.figure_id}${a.figure_name_en && a.figure_name && a.figure_name !== a.figure_name_en ? ` (${a.figure_name})` : ''} — ${a.feed_name ?? a.feed_id ?? ''} — ${a.created_at.toISOString()} — ${a.lang ?? ''}${a.place_id ? ` — at ${a.place_id}` : ''}\n` +
        `   ${markSnippet(a.snippet, a.snippet_marks).replace(/\s+/g, ' ')}\n` +
        (a.snippet_en ? `   EN: ${a.snippet_en.replace(/\s+/g, ' ')}\n` : '') +
        (a.item_url ? `   ${a.item_url}\n` : ''),
    );
  }
}

export function register(program: Command): void {
  program
    .command('alerts')
    .description('print alerts, newest first: figure, kind, outlet, time, language, snippet with the mention marked, URL')
    .option('--since <duration>', 'only alerts newer than this, e.g. 1h, 2d', '24h')
    .option('--figure <id>', 'only this figure')
    .option('--kind <kind>', 'mention | debunk | harm_claim | whereabouts | appearance | surge | silence')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'one JSON object per alert')
    .action(async (o: { since: string; figure?: string; kind?: string; limit: string; json?: boolean }) => {
      const since = new Date(Date.now() - parseSince(o.since));
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit "${o.limit}" is not a positive whole number`);
      await withPool(async (pool) => {
        const { listAlerts } = await import('../../db/sql/listAlerts.ts');
        const rows = await listAlerts(pool, { since, figureId: o.figure, kind: o.kind }, null, limit);
        printAlerts(rows, !!o.json, process.stdout);
        if (!o.json) process.stderr.write(`${rows.length} alert(s) since ${since.toISOString()}\n`);
      });
    });
}
