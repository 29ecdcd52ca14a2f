import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { FetchError } from './errors.ts';
import { htmlSource, parseListing } from './html.ts';
import { clearRobotsCache } from './robots.ts';
import type { FetchLimits } from './source.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/html/${name}`, import.meta.url));
const serve = (name: string) => (_req: unknown, res: ServerResponse) => {
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(fixture(name));
};
const SELECTORS = { item: 'li.news-item', title: '.news-title', link: 'a.news-link', date: '.news-date' };

describe('parseListing', () => {
  const entries = parseListing(fixture('listing.html').toString('utf8'), 'https://news.example/latest/', SELECTORS);

  it('picks items by selector, resolves links, and skips items without a usable link and duplicates', () => {
    expect(entries.map((e) => e.link)).toEqual([
      'https://news.example/news/2026/11/khazali-baghdad.html',
      'https://news.example/latest/news/2026/11/denial.html?ref=list',
      'https://news.example/news/2026/11/sadr-speech.html',
    ]);
  });

  it('reads titles and dates from datetime attributes or text', () => {
    expect(entries[0].title).toBe('الخزعلي يصل إلى بغداد قادماً من طهران');
    expect(entries[0].publishedAt?.toISOString()).toBe('2026-11-20T10:30:00.000Z');
    expect(entries[2].publishedAt?.toISOString()).toBe('2026-11-19T00:00:00.000Z');
  });

  it('lets the item itself be the link', () => {
    const e = parseListing('<div><a class="i" href="/a">A</a><a class="i" href="/b">B</a></div>', 'https://x.example/', {
      item: 'a.i',
      title: 'a.i',
      link: 'a.i',
    });
    expect(e.map((x) => [x.title, x.link])).toEqual([
      ['A', 'https://x.example/a'],
      ['B', 'https://x.example/b'],
    ]);
  });
});

describe('htmlSource over plain HTTP', () => {
  let server: LocalServer;
  let limits: FetchLimits;
  let listingName = 'listing.html';

  beforeAll(async () => {
    server = await startLocalServer({
      '/robots.txt': (_req, res) => {
        res.end('User-agent: *\nDisallow: /private/\n');
      },
      '/latest/': (req, res) => serve(listingName)(req, res),
      '/private/latest/': serve('listing.html'),
      '/news/2026/11/khazali-baghdad.html': serve('khazali-baghdad.html'),
      '/latest/news/2026/11/denial.html': serve('denial.html'),
      // sadr-speech.html is missing on purpose: a 404 article
    });
    limits = testFetchLimits([server.hostPort]);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clearRobotsCache();
    server.requests.length = 0;
    listingName = 'listing.html';
  });

  const feed = (extra: Record<string, unknown> = {}) =>
    FeedConfig.parse({ id: 'news-example', name: 'News', kind: 'html', url: `${server.origin}/latest/`, selectors: SELECTORS, ...extra });

  it('reads the listing, follows each new link and extracts the article body', async () => {
    const r = await htmlSource.fetch(feed(), {}, limits);
    expect(r.unchanged).toBe(false);
    expect(r.items.map((i) => i.guid)).toEqual([
      `${server.origin}/news/2026/11/khazali-baghdad.html`,
      `${server.origin}/latest/news/2026/11/denial.html?ref=list`,
      `${server.origin}/news/2026/11/sadr-speech.html`,
    ]);
    const first = r.items[0];
    expect(first.title).toBe('الخزعلي يصل إلى بغداد قادماً من طهران');
    expect(first.text).toContain('وصل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي');
    expect(first.text).not.toContain('أخبار ذات صلة');
    expect(r.items[1].text).toContain('عار عن الصحة جملة وتفصيلاً');
    // the missing article still gives the item, titled from the listing, and says why it has no body
    expect(r.items[2]).toMatchObject({ title: 'كلمة متلفزة للسيد مقتدى الصدر', text: '' });
    expect(r.notes.join('\n')).toContain('HTTP 404');
    expect(JSON.parse(r.state.cursor ?? '{}').seen).toHaveLength(3);
  });

  it('a second poll with the same links is unchanged and follows nothing', async () => {
    const first = await htmlSource.fetch(feed(), {}, limits);
    server.requests.length = 0;
    const again = await htmlSource.fetch(feed(), first.state, limits);
    expect(again.unchanged).toBe(true);
    expect(server.requests.filter((p) => p.startsWith('/news') || p.startsWith('/latest/news'))).toEqual([]);
  });

  it('follows only links it has not seen', async () => {
    const state = {
      cursor: JSON.stringify({ seen: [`${server.origin}/news/2026/11/khazali-baghdad.html`, `${server.origin}/news/2026/11/sadr-speech.html`] }),
    };
    const r = await htmlSource.fetch(feed(), state, limits);
    expect(r.items.map((i) => i.title)).toEqual(['مكتب الخزعلي ينفي أنباء تعرضه لوعكة صحية']);
    expect(server.requests.filter((p) => p.includes('/news/'))).toEqual(['/latest/news/2026/11/denial.html?ref=list']);
    const seen = JSON.parse(r.state.cursor ?? '{}').seen as string[];
    expect(seen[0]).toContain('denial.html');
    expect(seen).toHaveLength(3);
  });

  it('with followLinks false, gives listing entries without fetching articles', async () => {
    const r = await htmlSource.fetch(feed({ followLinks: false }), {}, limits);
    expect(r.items).toHaveLength(3);
    expect(server.requests.filter((p) => p.includes('/news/'))).toEqual([]);
  });

  it('an item selector that matches nothing is a malformed listing, not "0 new items"', async () => {
    const err = await htmlSource.fetch(feed({ selectors: { ...SELECTORS, item: 'div.no-such-thing' } }), {}, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('malformed');
    expect((err as FetchError).message).toContain('div.no-such-thing');
  });

  it('honours robots.txt for the listing', async () => {
    const err = await htmlSource
      .fetch(FeedConfig.parse({ id: 'priv', name: 'P', kind: 'html', url: `${server.origin}/private/latest/`, selectors: SELECTORS }), {}, limits)
      .catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('robots');
    expect(server.requests).not.toContain('/private/latest/');
  });
});
