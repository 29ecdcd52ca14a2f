import { feedUrl, type FeedConfig } from '../../config/feedsSchema.ts';
import { cleanText, cleanTitle } from './cleanText.ts';
import { decodeBody } from './encoding.ts';
import { FetchError } from './errors.ts';
import { fetchUrl, type HttpResult } from './http.ts';
import { assertRobotsAllow } from './robots.ts';
import type { FetchLimits, Source, SourceItem, SourceResult, SourceState } from './source.ts';
import { parseTelegramPreview, type TelegramPage, type TelegramPost } from './telegramParse.ts';

/**
 * Public Telegram channels through the web preview `t.me/s/<channel>`: no login, no API key. This is one
 * `Source` for `kind: telegram`; an authenticated MTProto client would be another behind the same interface,
 * keeping the same guid (`<channel>/<n>`) and cursor (newest post id) so a feed can switch between them.
 *
 * State: `cursor` is the newest post id seen. Without one (first fetch) the source pages back through
 * `?before=` up to `feed.backfillPages` older pages. With one, it returns posts newer than the cursor, paging
 * back (at most {@link GAP_PAGES}) only when the whole first page is new, so a long outage leaves no hole; and it
 * returns posts at or below the cursor again when Telegram marks them edited, so storage can update the item
 * when the text changed.
 */

/** Older pages fetched to close a gap after downtime, when the newest page is entirely new. */
export const GAP_PAGES = 5;

const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const TITLE_CHARS = 140;

export const telegramSource: Source = {
  async fetch(feed: FeedConfig, state: SourceState, limits: FetchLimits, signal?: AbortSignal): Promise<SourceResult> {
    if (feed.kind !== 'telegram') throw new FetchError('internal', feedUrl(feed), `telegram source given a ${feed.kind} feed`);
    const url = feedUrl(feed);
    const cursor = parseCursor(state.cursor);
    const notes: string[] = [];

    await assertRobotsAllow(url, feed, limits, { signal });
    const first = await fetchPage(url, feed.channel, limits, signal);
    // view counters change on almost every poll, but a quiet channel served from cache can repeat byte for byte
    if (cursor !== null && state.bodyHash && state.bodyHash === first.res.bodyHash)
      return { unchanged: true, status: first.res.status, items: [], state, itemsDropped: 0, notes: ['page unchanged (same sha256)'] };
    const pages: TelegramPage[] = [first.page];
    const maxOlder = cursor === null ? feed.backfillPages : GAP_PAGES;
    let page = first.page;
    while (page.beforeId !== null && pages.length <= maxOlder && !signal?.aborted) {
      if (cursor !== null && page.posts.length > 0 && Math.min(...page.posts.map((p) => p.id)) <= cursor + 1) break;
      const older = new URL(first.finalUrl);
      older.searchParams.set('before', String(page.beforeId));
      await assertRobotsAllow(older.toString(), feed, limits, { signal });
      page = (await fetchPage(older.toString(), feed.channel, limits, signal)).page;
      pages.push(page);
    }
    if (pages.length > 1) notes.push(`read ${pages.length - 1} older page(s) through ?before=`);
    const rejected = pages.flatMap((p) => p.rejected);
    if (rejected.length) notes.push(`${rejected.length} post(s) left out: ${rejected.slice(0, 3).join('; ')}${rejected.length > 3 ? '; …' : ''}`);
    if (cursor !== null && pages.length > GAP_PAGES && page.posts.length && Math.min(...page.posts.map((p) => p.id)) > cursor + 1)
      notes.push(`posts between ${cursor} and ${Math.min(...page.posts.map((p) => p.id))} may be missing: more than ${GAP_PAGES} pages were new`);

    const byId = new Map<number, TelegramPost>();
    for (const p of pages.flatMap((x) => x.posts)) if (!byId.has(p.id)) byId.set(p.id, p);
    const all = [...byId.values()].sort((a, b) => a.id - b.id);
    const chosen = cursor === null ? all : all.filter((p) => p.id > cursor || p.edited);
    const newestSeen = all.length ? all[all.length - 1].id : null;

    // keep the newest posts when over the cap: they are what a monitor needs first
    const kept = chosen.length > limits.maxItems ? chosen.slice(chosen.length - limits.maxItems) : chosen;
    const itemsDropped = chosen.length - kept.length;
    if (itemsDropped) notes.push(`${itemsDropped} older posts over the ${limits.maxItems}-item cap were left out`);

    const nextCursor = newestSeen === null ? (cursor === null ? null : String(cursor)) : String(Math.max(newestSeen, cursor ?? 0));
    return {
      unchanged: false,
      status: first.res.status,
      items: kept.map((p) => toItem(p, limits.maxItemChars)),
      state: { ...state, bodyHash: first.res.bodyHash, cursor: nextCursor },
      itemsDropped,
      notes,
    };
  },
};

/** Fetches and parses one preview page; a redirect away from `/s/` or a page that is not a preview is `unavailable`. */
async function fetchPage(
  url: string,
  channel: string,
  limits: FetchLimits,
  signal?: AbortSignal,
): Promise<{ page: TelegramPage; res: HttpResult; finalUrl: string }> {
  const res = await fetchUrl(url, { ...limits, accept: HTML_ACCEPT, signal });
  const asked = new URL(url);
  const landed = new URL(res.url);
  if (asked.pathname.startsWith('/s/') && !landed.pathname.startsWith('/s/'))
    throw new FetchError('unavailable', url, `Telegram preview unavailable for channel ${channel} (redirected to ${res.url})`);
  const text = decodeBody(res.body, headerString(res.headers['content-type'])).text;
  const page = parseTelegramPreview(text, res.url, { channel });
  if (!page.isPreview)
    throw new FetchError(
      'unavailable',
      url,
      `Telegram preview unavailable for channel ${channel} (the page has no posts and is not a channel preview)`,
    );
  return { page, res, finalUrl: res.url };
}

function toItem(p: TelegramPost, maxChars: number): SourceItem {
  const text = cleanText(p.text, maxChars);
  return {
    guid: p.guid,
    url: p.link,
    title: titleOf(text),
    text,
    publishedAt: p.publishedAt ? new Date(p.publishedAt) : null,
    media: p.media,
    forwardedFrom: p.forwardedFrom,
    views: p.views,
    edited: p.edited,
  };
}

/** A post has no title: its first line stands in, cut at a word near {@link TITLE_CHARS}. */
function titleOf(text: string): string {
  const line = cleanTitle(text.split('\n', 1)[0] ?? '');
  if (line.length <= TITLE_CHARS) return line;
  const cut = line.slice(0, TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function parseCursor(c: string | null | undefined): number | null {
  if (!c) return null;
  const n = Number(c);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
