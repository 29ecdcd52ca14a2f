import type { Writable } from 'node:stream';
import { FeedConfig, type FeedKind } from '../../config/feedsSchema.ts';
import { settings } from '../../config/settings.ts';
import { isFetchError } from '../../lib/fetch/errors.ts';
import type { FetchLimits, SourceItem } from '../../lib/fetch/source.ts';

export interface FeedsTestOptions {
  kind: FeedKind;
  json: boolean;
  /** html: CSS selectors of the listing; without them generic ones (article, headings, first link). */
  selectors?: { item: string; title: string; link: string; date?: string };
  render?: boolean;
  /** Tests pass small limits; the command uses the production ones from settings. */
  limits?: FetchLimits;
  /** Defaults to RAQIB_WATCHLIST. */
  watchlistFile?: string;
}

const GENERIC_SELECTORS = { item: 'article', title: 'h1, h2, h3, a', link: 'a[href]' };

/** A feed config for a one-off URL, validated by the same schema as configured feeds. */
function feedFor(url: string, opts: FeedsTestOptions): FeedConfig {
  const base = { id: 'feeds-test', name: url, url };
  let raw: Record<string, unknown>;
  if (opts.kind === 'telegram') {
    let channel = '';
    try {
      const parts = new URL(url).pathname.split('/').filter(Boolean);
      channel = parts[0] === 's' ? (parts[1] ?? '') : (parts[parts.length - 1] ?? '');
    } catch {
      throw new Error(`${url}: not a valid URL`);
    }
    raw = { ...base, kind: 'telegram', channel, backfillPages: 0 };
  } else if (opts.kind === 'html') {
    raw = { ...base, kind: 'html', selectors: opts.selectors ?? GENERIC_SELECTORS, render: !!opts.render, followLinks: true };
  } else raw = { ...base, kind: 'rss' };
  const parsed = FeedConfig.safeParse(raw);
  if (!parsed.success) throw new Error(`${url}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'feed'} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * `raqib feeds test <url> [--kind rss|html|telegram] [--json]`: one fetch through the production fetcher
 * (same limits, same SSRF guard with RAQIB_FETCH_ALLOW), language and mentions per item, nothing stored.
 * A failure throws one line naming the URL and the problem.
 */
export async function runFeedsTest(url: string, opts: FeedsTestOptions, out: Writable): Promise<void> {
  const { fetchFeed } = await import('../../lib/fetch/fetchSource.ts');
  const { limitsFromSettings } = await import('../../lib/fetch/limits.ts');
  const { loadWatchlist } = await import('../../config/watchlistSchema.ts');
  const { compileWatchlist } = await import('../../lib/text/matchFigures.ts');
  const { analyzeText } = await import('../../lib/text/analyzeText.ts');
  const { analyzedText } = await import('../../lib/text/analyzedText.ts');

  const feed = feedFor(url, opts);
  const matcher = compileWatchlist(loadWatchlist(opts.watchlistFile ?? settings().RAQIB_WATCHLIST));
  const started = Date.now();
  let result;
  try {
    result = await fetchFeed(feed, {}, opts.limits ?? limitsFromSettings(settings()));
  } catch (e) {
    // FetchError messages start with the URL at fault; name the tested URL too when a redirect hop failed
    if (isFetchError(e)) throw new Error(`${e.url === url ? '' : `${url}: `}${e.message} [${e.kind}]`.split('\n')[0]);
    throw new Error(`${url}: ${(e as Error).message}`.split('\n')[0]);
  } finally {
    // a rendered page launched Chromium: close it so the command ends and leaves no process behind
    await (await import('../../lib/fetch/browser.ts')).closeBrowser();
  }
  const items = result.items.map((it: SourceItem) => {
    const a = analyzeText(analyzedText(it.title, it.text), matcher);
    return {
      guid: it.guid,
      title: it.title,
      link: it.url,
      published: it.publishedAt ? it.publishedAt.toISOString() : null,
      text: it.text,
      lang: a.lang,
      mentions: a.mentions.map((m) => ({ figureId: m.figureId, start: m.start, end: m.end, text: m.text })),
      ...(it.media !== undefined ? { media: it.media } : {}),
      ...(it.forwardedFrom !== undefined ? { forwardedFrom: it.forwardedFrom } : {}),
      ...(it.views !== undefined ? { views: it.views } : {}),
      ...(it.edited !== undefined ? { edited: it.edited } : {}),
    };
  });
  const feedInfo = {
    url,
    kind: feed.kind,
    status: result.status,
    unchanged: result.unchanged,
    items: items.length,
    itemsDropped: result.itemsDropped,
    notes: result.notes,
    durationMs: Date.now() - started,
  };
  if (opts.json) {
    out.write(`${JSON.stringify({ feed: feedInfo, items })}\n`);
    return;
  }
  const lines = [
    `${url} (${feed.kind}): HTTP ${result.status ?? '-'}, ${items.length} item${items.length === 1 ? '' : 's'}` +
      `${result.itemsDropped ? `, ${result.itemsDropped} dropped` : ''} in ${feedInfo.durationMs} ms`,
    ...result.notes.map((n) => `  note: ${n}`),
  ];
  for (const it of items) {
    const who = it.mentions.length ? `  mentions: ${[...new Set(it.mentions.map((m) => m.figureId))].join(', ')}` : '';
    lines.push(
      '',
      `- ${it.title || '(no title)'}`,
      `  ${it.published ?? 'no date'}  ${it.lang}  ${it.link ?? '(no link)'}`,
      `  guid: ${it.guid}${who}`,
      ...(it.text ? [`  ${it.text.replace(/\s+/g, ' ').slice(0, 200)}${it.text.length > 200 ? '…' : ''}`] : []),
    );
  }
  out.write(`${lines.join('\n')}\n`);
}
