import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { browserLaunchCount, browserProcessIds, closeBrowser, configureBrowser, renderPage } from './browser.ts';
import { FetchError } from './errors.ts';
import { htmlSource } from './html.ts';
import { clearRobotsCache } from './robots.ts';
import type { FetchLimits } from './source.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/html/${name}`, import.meta.url));
const send = (res: ServerResponse, body: Buffer | string, type = 'text/html; charset=utf-8') => {
  res.setHeader('content-type', type);
  res.end(body);
};

let site: LocalServer;
/** stands in for an internal service the page must never reach: it is NOT in the allow list */
let internal: LocalServer;
let limits: FetchLimits;
let slowInFlight = 0;
let slowPeak = 0;

beforeAll(async () => {
  internal = await startLocalServer({ '*': (_req, res) => send(res, 'secret', 'text/plain') });
  site = await startLocalServer({
    '/robots.txt': (_req, res) => send(res, 'User-agent: *\nAllow: /\n', 'text/plain'),
    '/js/latest': (_req, res) => send(res, fixture('listing-js.html')),
    '/js/article': (_req, res) => send(res, fixture('article-js.html')),
    '/js/nosy': (_req, res) =>
      send(
        res,
        `<html><body><ul id="l"></ul><img src="${internal.origin}/pixel.png"><script src="${internal.origin}/evil.js"></script>
         <script>fetch("${internal.origin}/api").catch(function(){}); var x = new XMLHttpRequest(); x.open("GET", "${internal.origin}/xhr"); x.send();
         location.hash = "ran";</script><iframe src="${internal.origin}/frame"></iframe>
         <script src="/js/app.js"></script></body></html>`,
      ),
    '/js/app.js': (_req, res) => send(res, 'document.getElementById("l").innerHTML = "<li class=ok>from app.js</li>";', 'application/javascript'),
    '/js/redirect-inside': (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', `${internal.origin}/after-redirect`);
      res.end();
    },
    '/js/forever': (_req, res) => send(res, '<html><body><script>while (true) {}</script></body></html>'),
    '/js/hang': () => {
      // never answers: the hard deadline must end the render
    },
    // answers after a pause and counts how many renders are waiting on it at once
    '/js/slow': async (_req, res) => {
      slowInFlight++;
      slowPeak = Math.max(slowPeak, slowInFlight);
      await new Promise((r) => setTimeout(r, 300));
      slowInFlight--;
      send(res, '<html><body><p>slow page</p></body></html>');
    },
    '/js/missing': (_req, res) => {
      res.statusCode = 404;
      res.end('gone');
    },
  });
  limits = testFetchLimits([site.hostPort], { timeoutMs: 8000 });
  configureBrowser({ maxPages: 2 });
});
afterAll(async () => {
  await closeBrowser();
  await site.close();
  await internal.close();
});
beforeEach(() => {
  clearRobotsCache();
  site.requests.length = 0;
});

describe('renderPage in real Chromium', () => {
  it('runs the page scripts and returns the DOM they built', async () => {
    const r = await renderPage(`${site.origin}/js/latest`, { ...limits, waitForSelector: 'li.js-item' });
    expect(r.status).toBe(200);
    expect(r.selectorTimedOut).toBe(false);
    expect(r.html).toContain('الطباطبائي يلتقي وفداً من النجف');
    expect((r.html.match(/class="js-item"/g) ?? []).length).toBe(3);
  });

  it('never lets the page reach an address fetchUrl would refuse (sub-resources, XHR, frames, redirects)', async () => {
    internal.requests.length = 0;
    const r = await renderPage(`${site.origin}/js/nosy`, { ...limits, waitForSelector: 'li.ok' });
    // same-origin script, allowed, ran
    expect(r.html).toContain('from app.js');
    expect(r.blockedRequests).toBeGreaterThan(0);
    const err = await renderPage(`${site.origin}/js/redirect-inside`, limits).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('refused_address');
    expect(internal.requests).toEqual([]);
  });

  it('refuses a page whose own address is not allowed, sending nothing', async () => {
    const err = await renderPage(`${internal.origin}/x`, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('refused_address');
    expect(internal.requests).toEqual([]);
  });

  it('keeps at most maxPages pages open at once; the others wait their turn', async () => {
    configureBrowser({ maxPages: 1 });
    try {
      slowPeak = 0;
      const rs = await Promise.all(Array.from({ length: 3 }, () => renderPage(`${site.origin}/js/slow`, limits)));
      expect(rs.every((r) => r.html.includes('slow page'))).toBe(true);
      expect(slowPeak).toBe(1);
    } finally {
      configureBrowser({ maxPages: 2 });
    }
  });

  it('reports an HTTP error of the page itself', async () => {
    const err = await renderPage(`${site.origin}/js/missing`, limits).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('http');
    expect((err as FetchError).status).toBe(404);
  });

  it('ends a page that never answers, and one whose script never stops, at the deadline', async () => {
    const hang = await renderPage(`${site.origin}/js/hang`, { ...limits, timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(hang).toBeInstanceOf(FetchError);
    expect(['timeout', 'browser']).toContain((hang as FetchError).kind);
    const spin = await renderPage(`${site.origin}/js/forever`, { ...limits, timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(spin).toBeInstanceOf(FetchError);
    expect((spin as FetchError).kind).toBe('browser');
    // and the browser is still usable afterwards
    const ok = await renderPage(`${site.origin}/js/latest`, { ...limits, waitForSelector: 'li.js-item' });
    expect(ok.html).toContain('js-item');
  });

  it('relaunches a browser killed mid-render: that render fails as "browser", the next one works', async () => {
    await renderPage(`${site.origin}/js/latest`, limits);
    const launchesBefore = browserLaunchCount();
    const pids = browserProcessIds();
    expect(pids.length).toBeGreaterThan(0);
    // the render waits on a page that never answers; the browser is killed while it waits
    const inFlight = renderPage(`${site.origin}/js/hang`, { ...limits, timeoutMs: 20_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 500));
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone with its parent
      }
    }
    const err = await inFlight;
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('browser');
    const next = await renderPage(`${site.origin}/js/latest`, { ...limits, waitForSelector: 'li.js-item' });
    expect(next.html).toContain('js-item');
    expect(browserLaunchCount()).toBe(launchesBefore + 1);
  });
});

describe('htmlSource with render: true', () => {
  it('reads a listing built by JavaScript and the JS-rendered articles behind it', async () => {
    const feed = FeedConfig.parse({
      id: 'js-news',
      name: 'JS news',
      kind: 'html',
      url: `${site.origin}/js/latest`,
      render: true,
      selectors: { item: 'li.js-item', title: '.js-title', link: 'a.js-link', date: 'time.js-date' },
    });
    const r = await htmlSource.fetch(feed, {}, limits);
    expect(r.items.map((i) => i.title)).toEqual([
      'الطباطبائي يلتقي وفداً من النجف',
      'غدير شريف في طهران لإجراء مباحثات',
      'بيان عن عصائب أهل الحق حول الانتخابات',
    ]);
    expect(r.items[0].guid).toBe(`${site.origin}/js/article?id=501`);
    expect(r.items[0].publishedAt?.toISOString()).toBe('2026-11-21T09:00:00.000Z');
    expect(r.items[0].text).toContain('التقى نائب الأمين العام لعصائب أهل الحق محمد الطباطبائي');
    expect(r.items[1].text).toContain('غدير شريف');
  });

  it('the same listing over plain HTTP has no items: the page really needs the browser', async () => {
    const feed = FeedConfig.parse({
      id: 'js-news-plain',
      name: 'JS news',
      kind: 'html',
      url: `${site.origin}/js/latest`,
      selectors: { item: 'li.js-item', title: '.js-title', link: 'a.js-link' },
    });
    const err = await htmlSource.fetch(feed, {}, limits).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('malformed');
  });
});
