import { createHash } from 'node:crypto';
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { feedUrl, type FeedConfig, type HtmlFeed } from '../../config/feedsSchema.ts';
import type { z } from 'zod';
import { renderPage } from './browser.ts';
import { cleanText, cleanTitle } from './cleanText.ts';
import { decodeBody } from './encoding.ts';
import { FetchError, isFetchError } from './errors.ts';
import { extractArticle } from './extractArticle.ts';
import { toDate, type DateContext } from './feedDate.ts';
import { assertHtmlDepth } from './htmlDepth.ts';
import { fetchUrl } from './http.ts';
import { assertRobotsAllow } from './robots.ts';
import type { FetchLimits, Source, SourceItem, SourceResult, SourceState } from './source.ts';

/**
 * An outlet's listing page read with configured CSS selectors (item, title, link, date), over plain HTTP or
 * rendered in Chromium (`render: true`), each NEW item's link followed and its article body extracted.
 *
 * "New" is decided here, from a bounded memory of recently seen links kept in `state.cursor` as JSON
 * (`{"seen": [...]}`, newest first, at most {@link SEEN_MAX}): a listing shows the same 20–50 links for
 * hours, and following each of them on every poll would multiply the load on the outlet by the poll count.
 * Storage still de-duplicates by guid (the link), so a link that fell out of the memory costs one article
 * fetch, not a duplicate item. At most {@link MAX_ARTICLES} articles are followed per fetch; the rest are
 * left unseen and picked up on the next poll (said in the notes).
 */

type HtmlFeedConfig = z.infer<typeof HtmlFeed>;

export const SEEN_MAX = 500;
export const MAX_ARTICLES = 25;
const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export interface ListingEntry {
  title: string;
  /** Absolute http(s) URL. */
  link: string;
  publishedAt: Date | null;
}

/**
 * Items of a listing page by the feed's selectors, pure. Entries without a usable link are skipped; dates
 * without a zone are read in `dates.timeZone`. Throws FetchError 'malformed' for a page nested deeper than
 * MAX_HTML_DEPTH, before any tree is built.
 */
export function parseListing(
  html: string,
  pageUrl: string,
  selectors: HtmlFeedConfig['selectors'],
  dates: DateContext = { now: new Date() },
): ListingEntry[] {
  assertHtmlDepth(html, pageUrl);
  const $ = load(html);
  const out: ListingEntry[] = [];
  const seen = new Set<string>();
  $(selectors.item).each((_, el) => {
    const item = $(el);
    const titleEl = pick($, item, selectors.title);
    const linkEl = pick($, item, selectors.link);
    const href = linkEl.attr('href') ?? linkEl.find('a[href]').first().attr('href');
    const link = resolveHttp(href, pageUrl);
    if (!link || seen.has(link)) return;
    seen.add(link);
    let publishedAt: Date | null = null;
    if (selectors.date) {
      const d = pick($, item, selectors.date);
      publishedAt = toDate(d.attr('datetime') ?? d.attr('content') ?? d.text(), dates);
    }
    out.push({ title: cleanTitle(titleEl.text(), 1000), link, publishedAt });
  });
  return out;
}

/** The first match inside the item, or the item itself when it matches (e.g. the item is the `<a>`). */
function pick($: CheerioAPI, item: Cheerio<AnyNode>, selector: string): Cheerio<AnyNode> {
  const inner = item.find(selector).first();
  if (inner.length) return inner;
  return item.is(selector) ? item : $([] as AnyNode[]);
}

function resolveHttp(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

interface HtmlCursor {
  seen: string[];
}

function readCursor(c: string | null | undefined): HtmlCursor {
  if (!c) return { seen: [] };
  try {
    const v = JSON.parse(c) as unknown;
    if (v && typeof v === 'object' && Array.isArray((v as HtmlCursor).seen))
      return { seen: (v as HtmlCursor).seen.filter((x): x is string => typeof x === 'string').slice(0, SEEN_MAX) };
  } catch {
    // an unreadable cursor only costs re-following the current links once
  }
  return { seen: [] };
}

interface Page {
  url: string;
  status: number;
  html: string;
}

async function getPage(url: string, render: boolean, limits: FetchLimits, signal: AbortSignal | undefined, waitForSelector?: string): Promise<Page> {
  if (render) {
    const r = await renderPage(url, { ...limits, waitForSelector, signal });
    return { url: r.url, status: r.status, html: r.html };
  }
  const res = await fetchUrl(url, { ...limits, accept: HTML_ACCEPT, signal });
  return { url: res.url, status: res.status, html: decodeBody(res.body, headerString(res.headers['content-type'])).text };
}

export const htmlSource: Source = {
  async fetch(feed: FeedConfig, state: SourceState, limits: FetchLimits, signal?: AbortSignal): Promise<SourceResult> {
    if (feed.kind !== 'html') throw new FetchError('internal', feedUrl(feed), `html source given a ${feed.kind} feed`);
    const url = feed.url;
    const notes: string[] = [];
    await assertRobotsAllow(url, feed, limits, { signal });

    let listing: Page;
    let next: SourceState = { ...state };
    if (feed.render) {
      listing = await getPage(url, true, limits, signal, feed.selectors.item);
    } else {
      const res = await fetchUrl(url, { ...limits, accept: HTML_ACCEPT, etag: state.etag, lastModified: state.lastModified, signal });
      if (res.notModified) return { unchanged: true, status: res.status, items: [], state, itemsDropped: 0, notes: [] };
      next = { ...next, etag: res.etag ?? null, lastModified: res.lastModified ?? null };
      listing = { url: res.url, status: res.status, html: decodeBody(res.body, headerString(res.headers['content-type'])).text };
    }

    const dates = { now: new Date(), timeZone: feed.timezone };
    const entries = parseListing(listing.html, listing.url, feed.selectors, dates);
    if (entries.length === 0)
      throw new FetchError(
        'malformed',
        url,
        `item selector "${feed.selectors.item}" matched no item with a link on the listing page (has the layout changed?)`,
      );
    // the listing's links decide "changed": a page's markup changes with every ad and timestamp
    const listingHash = createHash('sha256')
      .update(entries.map((e) => e.link).join('\n'))
      .digest('hex');
    next.bodyHash = listingHash;
    if (state.bodyHash && state.bodyHash === listingHash)
      return { unchanged: true, status: listing.status, items: [], state: next, itemsDropped: 0, notes: ['same links as last time'] };

    const cursor = readCursor(state.cursor);
    const seen = new Set(cursor.seen);
    const fresh = entries.filter((e) => !seen.has(e.link));
    const capped = fresh.slice(0, Math.min(limits.maxItems, feed.followLinks ? MAX_ARTICLES : limits.maxItems));
    const deferred = fresh.length - capped.length;
    if (deferred) notes.push(`${deferred} new links left for the next fetch (at most ${capped.length} per fetch)`);

    const items: SourceItem[] = [];
    for (const entry of capped) {
      if (signal?.aborted) break;
      const item = await toItem(entry, feed, limits, notes, signal);
      // cut short by the fetch deadline: this link is left unseen for the next fetch rather than stored without text
      if (signal?.aborted) break;
      items.push(item);
    }
    const followed = capped.slice(0, items.length);
    if (followed.length < capped.length)
      notes.push(`${capped.length - followed.length} links left for the next fetch: the fetch deadline came first`);
    const nowSeen = [...followed.map((e) => e.link), ...cursor.seen.filter((l) => !followed.some((e) => e.link === l))].slice(0, SEEN_MAX);
    next.cursor = JSON.stringify({ seen: nowSeen } satisfies HtmlCursor);
    // deferred links are not "dropped": they come next time, so itemsDropped stays for what is really lost
    return { unchanged: false, status: listing.status, items, state: next, itemsDropped: 0, notes };
  },
};

/**
 * One listing entry as an item; with followLinks, its article fetched and extracted. An article that cannot
 * be read still yields the item with its listing title (and the reason in the notes) rather than failing the
 * whole feed.
 */
async function toItem(entry: ListingEntry, feed: HtmlFeedConfig, limits: FetchLimits, notes: string[], signal?: AbortSignal): Promise<SourceItem> {
  const base: SourceItem = { guid: entry.link, url: entry.link, title: entry.title, text: '', publishedAt: entry.publishedAt };
  if (!feed.followLinks) return base;
  try {
    await assertRobotsAllow(entry.link, feed, limits, { signal });
    const page = await getPage(entry.link, feed.render, limits, signal);
    const article = extractArticle(page.html, page.url, limits.maxItemChars, { now: new Date(), timeZone: feed.timezone });
    return {
      ...base,
      title: entry.title || article.title,
      text: cleanText(article.text, limits.maxItemChars),
      publishedAt: entry.publishedAt ?? article.publishedAt,
    };
  } catch (e) {
    // a crashed browser fails the job so it is retried; anything else is this one article's problem
    if (!isFetchError(e) || e.kind === 'browser') throw e;
    notes.push(`article ${entry.link}: ${e.kind}: ${e.message.slice(0, 200)}`);
    return base;
  }
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
