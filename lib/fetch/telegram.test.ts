import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { telegramPreviewRoutes } from '../../test/helpers/telegramPreview.ts';
import { FetchError } from './errors.ts';
import { clearRobotsCache } from './robots.ts';
import type { FetchLimits } from './source.ts';
import { telegramSource } from './telegram.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

let server: LocalServer;
let limits: FetchLimits;
/** which version of the channel the server shows: the first day, or a day later */
let day: 'first' | 'later' = 'first';
let robots = 'User-agent: *\nDisallow: /s/secret_demo\n';

beforeAll(async () => {
  server = await startLocalServer({
    '/robots.txt': (_req, res) => {
      res.end(robots);
    },
    ...telegramPreviewRoutes(() => day),
  });
  limits = testFetchLimits([server.hostPort]);
});
afterAll(() => server.close());
beforeEach(() => {
  clearRobotsCache();
  server.requests.length = 0;
  day = 'first';
});

const feed = (channel: string, extra: Record<string, unknown> = {}) =>
  FeedConfig.parse({
    id: `tg-${channel.replace(/_/g, '-')}`,
    name: channel,
    kind: 'telegram',
    channel,
    url: `${server.origin}/s/${channel}`,
    ...extra,
  });

describe('telegramSource', () => {
  it('first fetch: reads the newest page and pages back through ?before= up to backfillPages', async () => {
    const r = await telegramSource.fetch(feed('sabereen_demo', { backfillPages: 3 }), {}, limits);
    expect(r.unchanged).toBe(false);
    expect(r.status).toBe(200);
    expect(r.items.map((i) => i.guid)).toEqual([97, 98, 99, 100, 101, 102, 103, 104, 105, 106].map((n) => `sabereen_demo/${n}`));
    expect(r.state.cursor).toBe('106');
    // the older page has no "more" link, so paging stops there although 3 pages were allowed
    expect(server.requests.filter((p) => p.startsWith('/s/'))).toEqual(['/s/sabereen_demo', '/s/sabereen_demo?before=101']);
    const fwd = r.items.find((i) => i.guid === 'sabereen_demo/102');
    expect(fwd).toMatchObject({ forwardedFrom: 'مراسل الميدان', views: 3_400_000, url: 'https://t.me/sabereen_demo/102' });
    expect(fwd?.publishedAt?.toISOString()).toBe('2026-11-20T09:02:31.000Z');
    const mediaOnly = r.items.find((i) => i.guid === 'sabereen_demo/103');
    expect(mediaOnly).toMatchObject({ text: '', title: '', media: ['photo'] });
    expect(r.items.find((i) => i.guid === 'sabereen_demo/104')?.edited).toBe(true);
    expect(r.items.find((i) => i.guid === 'sabereen_demo/105')?.media).toEqual(['video']);
    expect(r.items.find((i) => i.guid === 'sabereen_demo/106')?.title).toBe(
      '🔴 عاجل | الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي يصل إلى بغداد قادماً من طهران.',
    );
  });

  it('first fetch with backfillPages 0 reads one page only', async () => {
    const r = await telegramSource.fetch(feed('sabereen_demo', { backfillPages: 0 }), {}, limits);
    expect(r.items.map((i) => i.guid.split('/')[1])).toEqual(['101', '102', '103', '104', '105', '106']);
    expect(server.requests.filter((p) => p.startsWith('/s/'))).toEqual(['/s/sabereen_demo']);
  });

  it('later fetch: only posts newer than the cursor, plus edited posts again so storage can update them', async () => {
    day = 'later';
    const r = await telegramSource.fetch(feed('sabereen_demo'), { cursor: '106' }, limits);
    expect(r.items.map((i) => i.guid)).toEqual(['sabereen_demo/104', 'sabereen_demo/107', 'sabereen_demo/108']);
    expect(r.items[0]).toMatchObject({ edited: true, text: 'تصحيح: اللقاء مع محمد الطباطبائي سيعقد في كربلاء وليس في البصرة كما ورد سابقاً.' });
    expect(r.items[1].media).toEqual(['document']);
    expect(r.state.cursor).toBe('108');
    expect(server.requests.filter((p) => p.startsWith('/s/'))).toEqual(['/s/sabereen_demo']);
  });

  it('nothing new: no items but the edited one, and the cursor stays', async () => {
    const r = await telegramSource.fetch(feed('sabereen_demo'), { cursor: '106' }, limits);
    expect(r.items.map((i) => i.guid)).toEqual(['sabereen_demo/104']);
    expect(r.state.cursor).toBe('106');
  });

  it('the same page bytes again: unchanged, nothing parsed or emitted', async () => {
    const first = await telegramSource.fetch(feed('sabereen_demo', { backfillPages: 0 }), {}, limits);
    const again = await telegramSource.fetch(feed('sabereen_demo', { backfillPages: 0 }), first.state, limits);
    expect(again.unchanged).toBe(true);
    expect(again.items).toEqual([]);
    expect(again.state.cursor).toBe('106');
  });

  it('after an outage, pages back until it reaches the cursor so no post is missed', async () => {
    const r = await telegramSource.fetch(feed('sabereen_demo'), { cursor: '99' }, limits);
    expect(r.items.map((i) => Number(i.guid.split('/')[1]))).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(server.requests.filter((p) => p.startsWith('/s/'))).toEqual(['/s/sabereen_demo', '/s/sabereen_demo?before=101']);
  });

  it('keeps the newest posts over the item cap and says how many were left out', async () => {
    const r = await telegramSource.fetch(feed('sabereen_demo', { backfillPages: 3 }), {}, { ...limits, maxItems: 3 });
    expect(r.items.map((i) => i.guid.split('/')[1])).toEqual(['104', '105', '106']);
    expect(r.itemsDropped).toBe(7);
    expect(r.notes.join(' ')).toContain('cap');
    expect(r.state.cursor).toBe('106');
  });

  it('a channel whose preview redirects away from /s/ is unavailable, not "0 posts"', async () => {
    const err = await telegramSource.fetch(feed('closed_demo'), {}, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('unavailable');
    expect((err as FetchError).message).toContain('Telegram preview unavailable for channel closed_demo (redirected to');
    expect((err as FetchError).message).toContain('/closed_demo');
  });

  it('a landing page served at /s/ (no posts, no channel history) is unavailable too', async () => {
    const err = await telegramSource.fetch(feed('landing_demo'), {}, limits).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('unavailable');
  });

  it('a poll post is its question and options; stickers, round videos, voice notes, documents and albums are media; bad ids are refused and said', async () => {
    const r = await telegramSource.fetch(feed('kinds_demo', { backfillPages: 0 }), {}, limits);
    expect(r.items.map((i) => [i.guid, i.title, i.media])).toEqual([
      ['kinds_demo/110', 'هل تصدق رواية مكتب قيس الخزعلي عن وجوده في قم؟', ['poll']],
      ['kinds_demo/111', '', ['sticker']],
      ['kinds_demo/112', '', ['round_video']],
      ['kinds_demo/113', 'تسجيل صوتي لأبو فدك المحمداوي', ['voice']],
      ['kinds_demo/114', 'نص البيان كاملاً', ['document']],
      ['kinds_demo/115', 'صور من مراسم كربلاء اليوم', ['album', 'photo', 'video']],
      ['KINDS_DEMO/119', 'اسم القناة بأحرف كبيرة', []],
    ]);
    expect(r.items[0].text).toBe('هل تصدق رواية مكتب قيس الخزعلي عن وجوده في قم؟\nنعم\nلا، الصور من كربلاء');
    expect(r.notes.join('; ')).toContain(
      '4 post(s) left out: data-post "kinds_demo/99999999999999999999999": the post id is not a positive integer of at most 15 digits;',
    );
    expect(r.state.cursor).toBe('119');
  });

  it('honours robots.txt unless the feed opts out', async () => {
    const err = await telegramSource.fetch(feed('secret_demo'), {}, limits).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('robots');
    expect(server.requests).not.toContain('/s/secret_demo');
    const r = await telegramSource.fetch(feed('secret_demo', { respectRobots: false, backfillPages: 0 }), {}, limits);
    expect(r.items.length).toBe(6);
  });

  it('refuses a loopback preview URL that is not explicitly allowed, sending nothing', async () => {
    const err = await telegramSource.fetch(feed('sabereen_demo'), {}, { ...limits, allow: [] }).catch((e: unknown) => e);
    expect((err as FetchError).kind).toBe('refused_address');
    expect(server.requests).toEqual([]);
  });
});
