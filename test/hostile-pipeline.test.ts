import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../config/feedsSchema.ts';
import { insertFeed } from '../db/sql/insertFeed.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { startLocalServer, type LocalServer } from './helpers/httpServer.ts';
import { fetchFeedNow, startTestPipeline, type TestPipeline } from './helpers/pipeline.ts';

// Hostile feeds through the real fetch stage: each ends as a recorded fetch run (or a correct, cleaned parse),
// in bounded time, and the worker goes on serving the next feed. lib/fetch/hostile.test.ts has the full
// full suite at the fetcher's level; this proves the stage records what the fetcher says.
const secretDir = mkdtempSync(join(tmpdir(), 'raqib-xxe-'));
const SECRET = 'TOP-SECRET-' + Date.now();
writeFileSync(join(secretDir, 'secret.txt'), SECRET);
const item = (guid: string, title: string, body = 'نص') =>
  `<item><title>${title}</title><guid>${guid}</guid><description>${body}</description></item>`;
const rss = (items: string, head = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>${head}<rss version="2.0"><channel><title>t</title><link>http://x.invalid/</link><description>d</description>${items}</channel></rss>`;

let db: TestDb;
let server: LocalServer;
let internal: LocalServer;
let p: TestPipeline;

const CASES: Record<string, { path: string; expect: (run: Run, items: Array<{ title: string; body: string }>) => void }> = {};
interface Run {
  outcome: string;
  error_kind: string | null;
  error: string | null;
  items_seen: number;
  items_dropped: number;
  notes: string | null;
}

beforeAll(async () => {
  db = await freshDatabase();
  internal = await startLocalServer({ '*': (_q, r) => r.end('internal') });
  server = await startLocalServer({
    '/laughs.xml': (_q, r) =>
      r.end(
        rss(
          item('l1', '&lol9;'),
          '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>',
        ),
      ),
    '/xxe.xml': (_q, r) => r.end(rss(item('x1', 'خبر &xxe;'), `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://${join(secretDir, 'secret.txt')}">]>`)),
    '/bomb.xml': (_q, r) => {
      r.setHeader('content-encoding', 'gzip');
      r.end(gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)));
    },
    '/loop.xml': (_q, r) => {
      r.statusCode = 302;
      r.setHeader('location', '/loop.xml');
      r.end();
    },
    '/to-file.xml': (_q, r) => {
      r.statusCode = 302;
      r.setHeader('location', 'file:///etc/passwd');
      r.end();
    },
    '/to-internal.xml': (_q, r) => {
      r.statusCode = 302;
      r.setHeader('location', `${internal.origin}/admin`);
      r.end();
    },
    '/busy.xml': (_q, r) => {
      r.statusCode = 429;
      r.setHeader('retry-after', '120');
      r.end();
    },
    '/dirty.xml': (_q, r) => r.end(rss(item('d1', 'عنوان\u0000 مع\u0007 محارف', 'نص\u0000 <script>alert(1)</script> سليم'))),
    '/many.xml': (_q, r) => r.end(rss(Array.from({ length: 2000 }, (_, i) => item(`m${i}`, `خبر ${i}`)).join(''))),
    '/good.xml': (_q, r) => r.end(rss(item('g1', 'قيس الخزعلي في بغداد'))),
    '/deep.html': (_q, r) => r.end(`<html><body>${'<div>'.repeat(100_000)}<a class="s" href="/x">x</a>${'</div>'.repeat(100_000)}</body></html>`),
    '/deep.xml': (_q, r) => r.end(rss(item('dx', 'deep', `<x>${'<n>'.repeat(100_000)}${'</n>'.repeat(100_000)}</x>`))),
    '/s/bad_ids': (_q, r) =>
      r.end(
        `<html><body><section class="tgme_channel_history">${['bad_ids/99999999999999999999999', 'bad_ids/0', 'other_chan/3', 'bad_ids/4']
          .map(
            (p) =>
              `<div class="tgme_widget_message" data-post="${p}"><div class="tgme_widget_message_text">منشور ${p}</div><a class="tgme_widget_message_date"><time datetime="2026-11-20T08:00:00+00:00"></time></a></div>`,
          )
          .join('')}</section></body></html>`,
      ),
  });
  p = await startTestPipeline(db, ['fetch'], {
    RAQIB_FETCH_ALLOW: server.hostPort,
    RAQIB_FETCH_MAX_BYTES: String(4 << 20),
    RAQIB_FETCH_TIMEOUT_MS: '3000',
    RAQIB_FETCH_MAX_ITEMS: '500',
  });
  for (const id of ['laughs', 'xxe', 'bomb', 'loop', 'to-file', 'to-internal', 'busy', 'dirty', 'many', 'good', 'deep']) {
    await insertFeed(db.pool, FeedConfig.parse({ id, name: id, kind: 'rss', url: `${server.origin}/${id}.xml` }));
  }
  await insertFeed(
    db.pool,
    FeedConfig.parse({
      id: 'deep-html',
      name: 'deep html',
      kind: 'html',
      url: `${server.origin}/deep.html`,
      selectors: { item: 'a.s', title: 'a', link: 'a' },
    }),
  );
  await insertFeed(
    db.pool,
    FeedConfig.parse({ id: 'bad-ids', name: 'bad ids', kind: 'telegram', channel: 'bad_ids', url: `${server.origin}/s/bad_ids`, backfillPages: 0 }),
  );
}, 60_000);

afterAll(async () => {
  await p?.close();
  await server?.close();
  await internal?.close();
  await db?.drop();
});

async function fetchOnce(feedId: string): Promise<{ run: Run; items: Array<{ title: string; body: string }>; ms: number }> {
  const t0 = Date.now();
  const job = await fetchFeedNow(p, feedId);
  expect(await job.isCompleted(), `the fetch job of ${feedId} completes (its failure is recorded, not thrown)`).toBe(true);
  const run = (
    await db.pool.query<Run>(
      'SELECT outcome, error_kind, error, items_seen, items_dropped, notes FROM fetch_runs WHERE feed_id = $1 ORDER BY id DESC LIMIT 1',
      [feedId],
    )
  ).rows[0];
  const items = (await db.pool.query<{ title: string; body: string }>('SELECT title, body FROM items WHERE feed_id = $1', [feedId])).rows;
  return { run, items, ms: Date.now() - t0 };
}

describe('hostile feeds through the fetch stage', () => {
  it('billion laughs is never expanded', async () => {
    const { run, items, ms } = await fetchOnce('laughs');
    expect(ms).toBeLessThan(10_000);
    expect(run.outcome === 'error' ? run.error_kind : 'ok').toMatch(/ok|malformed/);
    for (const i of items) expect(i.title.length).toBeLessThan(100);
  });

  it('an XXE file:// entity is never read', async () => {
    const { items } = await fetchOnce('xxe');
    for (const i of items) expect(i.title + i.body).not.toContain(SECRET);
  });

  it('a gzip bomb stops at the size cap on decompressed bytes', async () => {
    const { run, ms } = await fetchOnce('bomb');
    expect(ms).toBeLessThan(10_000);
    expect(run).toMatchObject({ outcome: 'error', error_kind: 'too_large' });
    expect(run.error).toContain(`${server.origin}/bomb.xml`);
  });

  it('a redirect loop and a redirect to file:// end as redirect errors', async () => {
    expect((await fetchOnce('loop')).run).toMatchObject({ outcome: 'error', error_kind: 'redirect' });
    expect((await fetchOnce('to-file')).run).toMatchObject({ outcome: 'error', error_kind: 'redirect' });
  });

  it('a redirect to a loopback address not allowed is refused, and that server gets nothing', async () => {
    const { run } = await fetchOnce('to-internal');
    expect(run).toMatchObject({ outcome: 'error', error_kind: 'refused_address' });
    expect(internal.requests).toEqual([]);
  });

  it('429 with Retry-After holds the feed back until then', async () => {
    const { run } = await fetchOnce('busy');
    expect(run).toMatchObject({ outcome: 'error', error_kind: 'rate_limited' });
    const feed = (await db.pool.query<{ not_before: Date }>(`SELECT not_before FROM feeds WHERE id = 'busy'`)).rows[0];
    expect(feed.not_before.getTime()).toBeGreaterThan(Date.now() + 100_000);
    const before = server.requests.filter((r) => r === '/busy.xml').length;
    await fetchOnce('busy').catch(() => {});
    expect(server.requests.filter((r) => r === '/busy.xml').length).toBe(before);
  });

  it('NUL and control characters are cleaned, and script stays text, before storage', async () => {
    const { items } = await fetchOnce('dirty');
    expect(items).toHaveLength(1);
    expect(items[0].title).toBe('عنوان مع محارف');
    expect(items[0].body).not.toMatch(/[\u0000-\u0008]/);
    expect(items[0].body).not.toContain('<script>');
  });

  it('a feed of thousands of items is capped and says so in the fetch run', async () => {
    const { run, items } = await fetchOnce('many');
    expect(items).toHaveLength(500);
    expect(run.items_dropped).toBe(1500);
  });

  it('100,000 nested elements in an HTML listing and in a feed are refused quickly as malformed, naming the URL', async () => {
    for (const [id, path] of [
      ['deep-html', '/deep.html'],
      ['deep', '/deep.xml'],
    ]) {
      const { run, items, ms } = await fetchOnce(id);
      expect(ms).toBeLessThan(10_000);
      expect(run).toMatchObject({ outcome: 'error', error_kind: 'malformed' });
      expect(run.error).toContain(`${server.origin}${path}`);
      expect(run.error).toMatch(/nested deeper than/);
      expect(items).toEqual([]);
    }
  });

  it('Telegram posts with an id that is no bigint, id 0 or another channel are never stored', async () => {
    const { run, items } = await fetchOnce('bad-ids');
    expect(run.outcome).toBe('ok');
    expect(items.map((i) => i.title)).toEqual(['منشور bad_ids/4']);
    expect(run.notes).toContain('3 post(s) left out');
  });

  it('the worker goes on: a good feed after all of that is fetched and stored', async () => {
    const { run, items } = await fetchOnce('good');
    expect(run.outcome).toBe('ok');
    expect(items.map((i) => i.title)).toEqual(['قيس الخزعلي في بغداد']);
  });
});
