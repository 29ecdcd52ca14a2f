import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import type { FetchLimits } from '../../lib/fetch/source.ts';
import { runFeedsTest } from './feedsTest.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

let server: LocalServer;
let limits: FetchLimits;

const collect = () => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
};

beforeAll(async () => {
  const cp1256 = readFileSync(new URL('../../lib/fetch/testdata/windows-1256-prolog.xml', import.meta.url));
  server = await startLocalServer({
    '/cp1256.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(cp1256);
    },
    '/s/sabereen_demo': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(new URL('../../lib/fetch/testdata/telegram/channel.html', import.meta.url)));
    },
    '/english.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>e</title><item><guid>e1</guid><title>&lt;script&gt;x()&lt;/script&gt;Sadr speaks</title>' +
          '<link>/story/1</link><description>Muqtada al-Sadr called for calm in Baghdad on Friday, his office said.</description>' +
          '<pubDate>Fri, 03 May 2024 09:00:00 GMT</pubDate></item></channel></rss>',
      );
    },
  });
  limits = testFetchLimits([server.hostPort], { timeoutMs: 2000, maxItems: 50, maxItemChars: 5000, userAgent: 'RaqibBot/test' });
});

afterAll(async () => {
  await server?.close();
});

describe('raqib feeds test', () => {
  it('--json prints the feed and each item with language and mentions, for a windows-1256 feed', async () => {
    const { out, text } = collect();
    await runFeedsTest(`${server.origin}/cp1256.xml`, { kind: 'rss', json: true, limits }, out);
    const doc = JSON.parse(text()) as {
      feed: { url: string; kind: string; status: number; itemsDropped: number; notes: string[] };
      items: Array<{
        guid: string;
        title: string;
        link: string;
        published: string;
        text: string;
        lang: string;
        mentions: Array<{ figureId: string; start: number; end: number; text: string }>;
      }>;
    };
    expect(doc.feed).toMatchObject({ url: `${server.origin}/cp1256.xml`, kind: 'rss', status: 200, itemsDropped: 0 });
    expect(doc.feed.notes).toContain('decoded as windows-1256 (xml)');
    expect(doc.items.map((i) => i.guid)).toEqual(['news-1', 'news-2']);
    const first = doc.items[0];
    expect(first.title).toBe('قيس الخزعلي يلتقي وفداً عشائرياً في بغداد');
    expect(first.link).toBe('https://news.example/a/1');
    expect(first.published).toBe('2024-05-01T07:00:00.000Z');
    expect(first.lang).toBe('arb');
    expect(first.mentions.map((m) => m.figureId)).toContain('qais-al-khazali');
    const analysed = `${first.title}\n\n${first.text}`;
    for (const m of first.mentions) expect(analysed.slice(m.start, m.end)).toBe(m.text);
    expect(doc.items[1].mentions.map((m) => m.figureId)).toContain('muqtada-al-sadr');
  });

  it('--kind telegram keys posts on data-post and carries the Telegram fields', async () => {
    const { out, text } = collect();
    await runFeedsTest(`${server.origin}/s/sabereen_demo`, { kind: 'telegram', json: true, limits }, out);
    const doc = JSON.parse(text()) as { feed: { kind: string }; items: Array<Record<string, unknown>> };
    expect(doc.feed.kind).toBe('telegram');
    expect(doc.items.length).toBeGreaterThan(0);
    for (const it of doc.items) {
      expect(it.guid).toMatch(/^sabereen_demo\/\d+$/);
      expect(it).toHaveProperty('media');
      expect(it).toHaveProperty('lang');
      expect(it).toHaveProperty('mentions');
    }
  });

  it('prints a readable listing without --json', async () => {
    const { out, text } = collect();
    await runFeedsTest(`${server.origin}/english.xml`, { kind: 'rss', json: false, limits }, out);
    const t = text();
    expect(t).toContain(`${server.origin}/english.xml (rss): HTTP 200, 1 item`);
    expect(t).toContain('- Sadr speaks');
    expect(t).toContain(`${server.origin}/story/1`);
    expect(t).toContain('mentions: muqtada-al-sadr');
    expect(t).not.toContain('<script>');
  });

  it('fails with one line naming the URL and the problem', async () => {
    const { out } = collect();
    await expect(runFeedsTest(`${server.origin}/missing.xml`, { kind: 'rss', json: true, limits }, out)).rejects.toThrow(
      new RegExp(`^${server.origin}/missing\\.xml: HTTP 404 Not Found \\[http\\]$`),
    );
  });

  it('refuses a loopback URL that is not on the allow list, without a request reaching it', async () => {
    const before = server.requests.length;
    const { out } = collect();
    await expect(runFeedsTest(`${server.origin}/cp1256.xml`, { kind: 'rss', json: true, limits: { ...limits, allow: [] } }, out)).rejects.toThrow(
      /cp1256\.xml: refused address 127\.0\.0\.1:\d+: loopback addresses are not fetched unless listed in RAQIB_FETCH_ALLOW \[refused_address\]/,
    );
    expect(server.requests.length).toBe(before);
  });
});
