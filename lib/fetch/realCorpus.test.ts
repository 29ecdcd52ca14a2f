/**
 * Real captures from outlets and channels, kept out of the repository (see testdata/real/MANIFEST.json): each
 * file found is checked byte for byte against its recorded sha256, served from 127.0.0.1 and read through the
 * production fetcher, and what a reader sees in it is compared with the manifest. A file that is not found is
 * skipped, and the test's name says where it was looked for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';
import { FetchError } from './errors.ts';
import { fetchFeed } from './fetchSource.ts';
import type { FetchLimits, SourceItem } from './source.ts';
import { parseTelegramPreview } from './telegramParse.ts';

interface ExpectedPost {
  id: number;
  published: string | null;
  views: number | null;
  photo: boolean;
  video: boolean;
  forwardedFrom: string | null;
  textStart?: string;
  textStartCollapsed?: string;
}
interface ExpectedItem {
  guid: string;
  title: string;
  textStart: string;
  published: string | null;
}
interface Entry {
  file: string;
  kind: 'rss' | 'telegram-preview' | 'telegram-no-preview';
  channel?: string;
  what: string;
  sha256: string;
  expect: {
    title?: string;
    count?: number;
    before?: number | null;
    items?: Record<string, ExpectedItem>;
    posts?: ExpectedPost[];
    error?: string;
  };
}

const manifest = JSON.parse(readFileSync(new URL('./testdata/real/MANIFEST.json', import.meta.url), 'utf8')) as { entries: Entry[] };
const DIRS = [process.env.RAQIB_REAL_CORPUS_DIR, '/work/shared/bench/telegram'].filter((d): d is string => !!d);

function locate(file: string): string | null {
  for (const dir of DIRS) if (existsSync(join(dir, file))) return join(dir, file);
  return null;
}

/** The first `n` code points, as the manifest's independent parser counted them. */
const firstCodePoints = (s: string, n: number) => Array.from(s).slice(0, n).join('');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

let server: LocalServer;
let limits: FetchLimits;

beforeAll(async () => {
  server = await startLocalServer();
  limits = testFetchLimits([server.hostPort], { maxBytes: 8 << 20, maxItemChars: 100_000 });
});
afterAll(() => server?.close());

async function serveAndFetch(entry: Entry, bytes: Buffer) {
  const channel = entry.channel ?? 'corpus';
  const path = entry.kind === 'rss' ? `/real/${entry.file}` : `/s/${channel}`;
  const type = entry.kind === 'rss' ? 'application/rss+xml' : 'text/html; charset=utf-8';
  server.route(path, (_req, res) => {
    res.setHeader('content-type', type);
    res.end(bytes);
  });
  const feed =
    entry.kind === 'rss'
      ? FeedConfig.parse({ id: 'real', name: 'real', kind: 'rss', url: server.origin + path, respectRobots: false })
      : FeedConfig.parse({ id: 'real', name: 'real', kind: 'telegram', channel, url: server.origin + path, backfillPages: 0, respectRobots: false });
  return fetchFeed(feed, {}, limits);
}

describe('real captures (testdata/real/MANIFEST.json)', () => {
  for (const entry of manifest.entries) {
    const file = locate(entry.file);
    const name = file ? `${entry.file}: ${entry.what}` : `${entry.file}: skipped, not found in ${DIRS.join(' or ')} (set RAQIB_REAL_CORPUS_DIR)`;
    it.skipIf(!file)(name, async () => {
      const bytes = readFileSync(file!);
      expect(createHash('sha256').update(bytes).digest('hex'), `${file} is not the recorded capture`).toBe(entry.sha256);
      if (entry.kind === 'telegram-no-preview') {
        const err = await serveAndFetch(entry, bytes).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(FetchError);
        expect((err as FetchError).kind).toBe(entry.expect.error);
        return;
      }
      const r = await serveAndFetch(entry, bytes);
      if (entry.kind === 'rss') checkFeedItems(entry, r.items);
      else checkPosts(entry, r.items, bytes);
    });
  }
});

function checkFeedItems(entry: Entry, items: SourceItem[]) {
  expect(items).toHaveLength(entry.expect.count!);
  for (const [index, want] of Object.entries(entry.expect.items ?? {})) {
    const got = items[Number(index)];
    expect({
      guid: got.guid,
      title: got.title,
      textStart: got.text.slice(0, want.textStart.length),
      published: got.publishedAt?.toISOString() ?? null,
    }).toEqual(want);
  }
}

function checkPosts(entry: Entry, items: SourceItem[], bytes: Buffer) {
  const want = entry.expect.posts!;
  expect(items.map((i) => Number(i.guid.split('/')[1]))).toEqual(want.map((p) => p.id).sort((a, b) => a - b));
  const byId = new Map(items.map((i) => [Number(i.guid.split('/')[1]), i]));
  for (const p of want) {
    const got = byId.get(p.id)!;
    expect(
      {
        id: p.id,
        published: got.publishedAt?.toISOString() ?? null,
        views: got.views ?? null,
        photo: got.media?.includes('photo') ?? false,
        video: (got.media?.includes('video') || got.media?.includes('round_video')) ?? false,
        forwardedFrom: got.forwardedFrom ?? null,
      },
      `post ${p.id}`,
    ).toEqual({ id: p.id, published: p.published, views: p.views, photo: p.photo, video: p.video, forwardedFrom: p.forwardedFrom });
  }
  // text as the independent parser read it: without our " (url)" after links, first 80 code points
  const page = parseTelegramPreview(bytes.toString('utf8'), `https://t.me/s/${entry.channel}`, { expandLinks: false });
  expect(page.beforeId).toBe(entry.expect.before);
  expect(page.posts).toHaveLength(entry.expect.count!);
  for (const p of want) {
    const text = page.posts.find((x) => x.id === p.id)!.text;
    if (p.textStart !== undefined) expect(firstCodePoints(text, 80), `post ${p.id}`).toBe(p.textStart);
    else expect(firstCodePoints(collapse(text), 80), `post ${p.id}`).toBe(p.textStartCollapsed);
  }
}
