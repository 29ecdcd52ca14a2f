import type { Command } from 'commander';
import { FeedConfig, FeedsFile, isTimeZone, type FeedKind } from '../../config/feedsSchema.ts';
import { loadYaml } from '../../config/load.ts';
import { settings } from '../../config/settings.ts';
import { withPool } from './services.ts';

const KINDS: FeedKind[] = ['rss', 'html', 'telegram'];

const ago = (d: Date | null) => {
  if (!d) return 'never';
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  return s < 120
    ? `${s}s ago`
    : s < 7200
      ? `${Math.round(s / 60)}m ago`
      : s < 172800
        ? `${Math.round(s / 3600)}h ago`
        : `${Math.round(s / 86400)}d ago`;
};

function parseInterval(v: string, flag = '--interval'): number {
  const m = /^(\d+)(s|m|h)?$/.exec(v.trim());
  if (!m) throw new Error(`${flag} "${v}" is not a duration like 300, 90s, 5m or 1h`);
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

export function register(program: Command): void {
  const feeds = program.command('feeds').description('list, add, retime, disable and test watched feeds (changes reach running workers at once)');

  feeds
    .command('list')
    .description(
      'feeds with their health: last success, last error, failures in a row, items/day, median fetch time, and the interval ' +
        'they are polled at now with the reason when it differs from the set one',
    )
    .option('--json', 'one JSON object per feed')
    .action(async (o: { json?: boolean }) =>
      withPool(async (pool) => {
        const { listFeedsWithHealth } = await import('../../db/sql/listFeedsWithHealth.ts');
        const { explainCadence } = await import('../../lib/feeds/cadence.ts');
        const rows = await listFeedsWithHealth(pool);
        if (o.json) {
          for (const r of rows) process.stdout.write(JSON.stringify({ ...r, cadence_explanation: explainCadence(r) }) + '\n');
          return;
        }
        if (rows.length === 0) process.stdout.write('no feeds yet: `raqib feeds import` or `raqib feeds add`\n');
        for (const r of rows) {
          const state = !r.enabled ? 'disabled' : r.healthy ? 'ok' : 'UNHEALTHY';
          const now = r.effective_interval_seconds ?? r.interval_seconds;
          const every = now !== r.interval_seconds ? `${r.interval_seconds}s→${now}s` : `${r.interval_seconds}s`;
          process.stdout.write(
            `${r.id.padEnd(20)} ${r.kind.padEnd(8)} ${state.padEnd(9)} every ${every.padEnd(12)} ok ${ago(r.last_success_at).padEnd(9)} ` +
              `fails ${String(r.consecutive_failures).padEnd(3)} ${r.items_per_day.toFixed(1).padStart(7)} items/day  median ${r.median_fetch_ms == null ? '-' : Math.round(r.median_fetch_ms) + 'ms'}\n` +
              (now !== r.interval_seconds || r.pinned ? `${''.padEnd(21)}every ${now}s: ${explainCadence(r)}\n` : '') +
              (r.last_error ? `${''.padEnd(21)}last error (${r.last_error_kind}, ${ago(r.last_error_at)}): ${r.last_error}\n` : ''),
          );
        }
      }),
    );

  feeds
    .command('add')
    .description('add a feed after one test fetch (use --no-test to skip it)')
    .requiredOption('--id <id>', 'slug, e.g. baghdadtoday')
    .requiredOption('--name <name>', 'outlet name')
    .option('--kind <kind>', `one of ${KINDS.join(', ')}`, 'rss')
    .option('--url <url>', 'feed or listing URL (telegram: preview origin, optional)')
    .option('--channel <name>', 'telegram channel name')
    .option('--interval <duration>', 'poll interval, e.g. 300, 5m', '300')
    .option('--selectors <json>', 'html: {"item","title","link","date"} CSS selectors as JSON')
    .option('--render', 'html: render in Chromium')
    .option('--translate <mode>', 'all | mentions | none', 'mentions')
    .option('--pin', 'keep the set interval: no adapting to yield, no bursts')
    .option('--max-interval <duration>', 'longest interval the cadence may stretch to (default twice the interval)')
    .option('--timezone <zone>', 'IANA zone of times the outlet writes without one, e.g. Asia/Baghdad', 'UTC')
    .option('--ignore-robots', 'do not honour robots.txt for this feed')
    .option('--no-test', 'skip the test fetch')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      let selectors: unknown;
      if (typeof o.selectors === 'string') {
        try {
          selectors = JSON.parse(o.selectors);
        } catch {
          throw new Error(`--selectors is not JSON: ${o.selectors}`);
        }
      }
      const parsed = FeedConfig.safeParse({
        id: o.id,
        name: o.name,
        kind: o.kind,
        url: o.url,
        channel: o.channel,
        intervalSeconds: parseInterval(String(o.interval)),
        translate: o.translate,
        timezone: o.timezone,
        respectRobots: !o.ignoreRobots,
        ...(o.pin ? { pin: true } : {}),
        ...(typeof o.maxInterval === 'string' ? { maxIntervalSeconds: parseInterval(o.maxInterval, '--max-interval') } : {}),
        ...(selectors ? { selectors } : {}),
        ...(o.render ? { render: true } : {}),
      });
      if (!parsed.success)
        throw new Error(`feed ${String(o.id)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'feed'}: ${i.message}`).join('; ')}`);
      const feed = parsed.data;
      if (o.test !== false) {
        const { fetchFeed } = await import('../../lib/fetch/fetchSource.ts');
        const { limitsFromSettings } = await import('../../lib/fetch/limits.ts');
        const r = await fetchFeed(feed, {}, limitsFromSettings(settings()));
        process.stderr.write(`test fetch of ${feed.id}: ${r.items.length} items${r.items[0] ? `, newest: ${r.items[0].title.slice(0, 80)}` : ''}\n`);
      }
      await withPool(async (pool) => {
        const { insertFeed } = await import('../../db/sql/insertFeed.ts');
        const created = await insertFeed(pool, feed);
        process.stdout.write(`${created ? 'added' : 'updated'} feed ${feed.id}\n`);
      });
    });

  feeds
    .command('update <id>')
    .description(
      "change a feed's interval, pin it to that interval, bound its cadence, or set its time zone (takes effect without restarting workers)",
    )
    .option('--interval <duration>', 'poll interval, e.g. 300, 5m')
    .option('--pin', 'keep the set interval: no adapting to yield, no bursts (Retry-After, Crawl-delay and failure backoff still apply)')
    .option('--no-pin', 'let the cadence adapt again')
    .option('--max-interval <duration>', 'longest interval the cadence may stretch to, or "default" (twice the interval)')
    .option('--timezone <zone>', 'IANA zone of times the outlet writes without one, e.g. Asia/Baghdad')
    .action(async (id: string, o: { interval?: string; pin?: boolean; maxInterval?: string; timezone?: string }) =>
      withPool(async (pool) => {
        const cadenceChange = o.interval !== undefined || o.pin !== undefined || o.maxInterval !== undefined;
        if (!cadenceChange && o.timezone === undefined)
          throw new Error('feeds update: say what to change: --interval, --pin / --no-pin, --max-interval or --timezone');
        if (o.timezone !== undefined && !isTimeZone(o.timezone))
          throw new Error(`--timezone must be an IANA time zone name such as Asia/Baghdad or UTC (got "${o.timezone}")`);
        const { updateFeedSettings } = await import('../../db/sql/updateFeedSettings.ts');
        const { getFeed } = await import('../../db/sql/getFeed.ts');
        const feed = await getFeed(pool, id);
        if (!feed) throw new Error(`no feed "${id}" (see \`raqib feeds list\`)`);
        const intervalSeconds = o.interval === undefined ? undefined : parseInterval(o.interval);
        const maxIntervalSeconds =
          o.maxInterval === undefined ? undefined : o.maxInterval === 'default' ? null : parseInterval(o.maxInterval, '--max-interval');
        const interval = intervalSeconds ?? feed.interval_seconds;
        if (maxIntervalSeconds != null && maxIntervalSeconds < interval)
          throw new Error(`--max-interval ${maxIntervalSeconds}s is shorter than the feed's interval (${interval}s)`);
        const row = await updateFeedSettings(pool, id, { intervalSeconds, pin: o.pin, maxIntervalSeconds, timezone: o.timezone });
        if (!row) throw new Error(`no feed "${id}" (see \`raqib feeds list\`)`);
        if (cadenceChange) {
          const { cadenceBounds } = await import('../../lib/feeds/cadence.ts');
          const cfg = row.config as { pin?: boolean; minIntervalSeconds?: number; maxIntervalSeconds?: number };
          const b = cadenceBounds({ ...cfg, intervalSeconds: row.interval_seconds });
          process.stdout.write(
            `feed ${id}: every ${row.interval_seconds}s (${cfg.pin ? 'pinned' : `adapts between ${b.minSeconds}s and ${b.maxSeconds}s`})
`,
          );
        }
        if (o.timezone !== undefined)
          process.stdout.write(`feed ${id}: times without a zone read in ${o.timezone}
`);
      }),
    );

  for (const [cmd, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    feeds
      .command(`${cmd} <id>`)
      .description(`${cmd} a feed (running schedulers pick it up at once)`)
      .action(async (id: string) =>
        withPool(async (pool) => {
          const { updateFeedSettings } = await import('../../db/sql/updateFeedSettings.ts');
          const row = await updateFeedSettings(pool, id, { enabled });
          if (!row) throw new Error(`no feed "${id}" (see \`raqib feeds list\`)`);
          process.stdout.write(`feed ${id}: ${enabled ? 'enabled' : 'disabled'}\n`);
        }),
      );
  }

  feeds
    .command('import [file]')
    .description('add the feeds of a YAML file (default config/feeds.yaml); feeds already present keep what ops tuned unless --overwrite')
    .option('--overwrite', 'replace existing feeds with the file')
    .action(async (file: string | undefined, o: { overwrite?: boolean }) => {
      const path = file ?? settings().RAQIB_FEEDS;
      const { feeds: list } = loadYaml(path, FeedsFile);
      await withPool(async (pool) => {
        const { insertFeed } = await import('../../db/sql/insertFeed.ts');
        const { getFeed } = await import('../../db/sql/getFeed.ts');
        let added = 0;
        for (const f of list) {
          if (!o.overwrite && (await getFeed(pool, f.id))) continue;
          if (await insertFeed(pool, f)) added++;
        }
        process.stdout.write(`${path}: ${list.length} feeds, ${added} added\n`);
      });
    });

  feeds
    .command('test <url>')
    .description('fetch once through the production fetcher and print what would be stored (stores nothing)')
    .option('--kind <kind>', `one of ${KINDS.join(', ')}`, 'rss')
    .option('--json', 'one JSON object {feed, items}')
    .action(async (url: string, o: { kind: string; json?: boolean }) => {
      if (!KINDS.includes(o.kind as FeedKind)) throw new Error(`--kind "${o.kind}" is not one of ${KINDS.join(', ')}`);
      const { runFeedsTest } = await import('./feedsTest.ts');
      await runFeedsTest(url, { kind: o.kind as FeedKind, json: !!o.json }, process.stdout);
    });
}
