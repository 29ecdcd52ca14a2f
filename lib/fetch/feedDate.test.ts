import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FeedConfig, isTimeZone } from '../../config/feedsSchema.ts';
import { jalaliToGregorian, parseFeedDate } from './feedDate.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const iso = (raw: string, timeZone = 'UTC') => parseFeedDate(raw, { now: NOW, timeZone }).date?.toISOString() ?? null;
const problem = (raw: string, timeZone = 'UTC') => parseFeedDate(raw, { now: NOW, timeZone }).problem ?? null;

describe('parseFeedDate: zones', () => {
  it('a time with a zone is that instant, whatever the feed zone', () => {
    expect(iso('Wed, 01 May 2024 10:30:00 GMT', 'Asia/Baghdad')).toBe('2024-05-01T10:30:00.000Z');
    expect(iso('Wed, 01 May 2024 10:30:00 +0300', 'Asia/Tehran')).toBe('2024-05-01T07:30:00.000Z');
    expect(iso('2024-05-02T08:00:00+03:30')).toBe('2024-05-02T04:30:00.000Z');
    expect(iso('2024-05-02T08:00:00.123Z')).toBe('2024-05-02T08:00:00.123Z');
    expect(iso('Wed, 01 May 2024 10:30:00 EST')).toBe('2024-05-01T15:30:00.000Z');
    expect(iso('Wed May 01 2024 10:30:00 GMT+0300 (Arabian Standard Time)')).toBe('2024-05-01T07:30:00.000Z');
  });

  it('a zone-less time is read in the feed zone (default UTC)', () => {
    expect(iso('2024-05-01 10:58:00')).toBe('2024-05-01T10:58:00.000Z');
    expect(iso('2024-05-01 10:58:00', 'Asia/Baghdad')).toBe('2024-05-01T07:58:00.000Z');
    expect(iso('2024-05-01T10:58:00', 'Asia/Tehran')).toBe('2024-05-01T07:28:00.000Z');
    expect(iso('Wed, 01 May 2024 10:58:00', 'Asia/Baghdad')).toBe('2024-05-01T07:58:00.000Z');
    expect(iso('2024-05-01', 'Asia/Baghdad')).toBe('2024-04-30T21:00:00.000Z');
  });

  it('follows daylight saving in the feed zone', () => {
    expect(iso('2024-07-01 12:00', 'Europe/London')).toBe('2024-07-01T11:00:00.000Z');
    expect(iso('2024-01-15 12:00', 'Europe/London')).toBe('2024-01-15T12:00:00.000Z');
    expect(iso('2024-07-01 12:00', 'America/New_York')).toBe('2024-07-01T16:00:00.000Z');
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Asia/Baghdad')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Nowhere')).toBe(false);
    expect(isTimeZone('+03:00')).toBe(false);
    const feed = (timezone?: string) => FeedConfig.safeParse({ id: 'f', name: 'f', kind: 'rss', url: 'https://x.example/rss', timezone });
    expect(feed(undefined).data?.timezone).toBe('UTC');
    expect(feed('Asia/Baghdad').data?.timezone).toBe('Asia/Baghdad');
    expect(feed('Baghdad').error?.issues[0].message).toBe('must be an IANA time zone name such as Asia/Baghdad or UTC (got "Baghdad")');
  });
});

describe('parseFeedDate: digits, month names, calendars', () => {
  it('Arabic-Indic and Persian digits', () => {
    expect(iso('Wed, ٠١ May ٢٠٢٤ ١٠:٣٠:٠٠ GMT')).toBe('2024-05-01T10:30:00.000Z');
    expect(iso('۲۰۲۴-۰۵-۰۲T۰۸:۰۰:۰۰+03:30')).toBe('2024-05-02T04:30:00.000Z');
    expect(iso('٢٠٢٤-٠٥-٠١ ١٠:٠٠', 'Asia/Baghdad')).toBe('2024-05-01T07:00:00.000Z');
  });

  it('Arabic month names, both traditions, with weekday, era mark and 12-hour time', () => {
    expect(iso('الأربعاء، ١ مايو ٢٠٢٤ - ١٠:٣٠ ص', 'Asia/Baghdad')).toBe('2024-05-01T07:30:00.000Z');
    expect(iso('1 أيار 2024 10:30 م', 'Asia/Baghdad')).toBe('2024-05-01T19:30:00.000Z');
    expect(iso('15 تشرين الثاني 2026', 'Asia/Baghdad')).toBe('2026-11-14T21:00:00.000Z');
    expect(iso('3 كانون الثاني 2025م')).toBe('2025-01-03T00:00:00.000Z');
    expect(iso('20 نوفمبر 2026 الساعة 09:15')).toBe('2026-11-20T09:15:00.000Z');
  });

  it('Persian Gregorian and Solar Hijri (Jalali) month names', () => {
    expect(iso('۱ مه ۲۰۲۴')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('۱۲ اردیبهشت ۱۴۰۳', 'Asia/Tehran')).toBe('2024-04-30T20:30:00.000Z');
    expect(iso('چهارشنبه ۱۲ اردیبهشت ۱۴۰۳ ساعت ۱۰:۳۰', 'Asia/Tehran')).toBe('2024-05-01T07:00:00.000Z');
    expect(iso('۱ فروردین ۱۴۰۳')).toBe('2024-03-20T00:00:00.000Z');
    expect(jalaliToGregorian(1403, 12, 30)).toEqual({ y: 2025, mo: 3, d: 20 });
    // 1402 is a common year: 30 Esfand 1402 does not exist
    expect(jalaliToGregorian(1402, 12, 30)).toBeNull();
  });

  it('Sorani month names', () => {
    expect(iso('١ ئایار ٢٠٢٤')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('20 تشرینی دووەم 2026')).toBe('2026-11-20T00:00:00.000Z');
  });

  it('English month names in the usual orders', () => {
    expect(iso('May 1, 2024 10:30 PM')).toBe('2024-05-01T22:30:00.000Z');
    expect(iso('1 May 2024')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('Sept. 3, 2025')).toBe('2025-09-03T00:00:00.000Z');
  });

  it('numeric day/month only when one reading is impossible', () => {
    expect(iso('25/04/2024 10:00')).toBe('2024-04-25T10:00:00.000Z');
    expect(iso('04/25/2024')).toBe('2024-04-25T00:00:00.000Z');
    expect(problem('03/04/2024')).toBe('unreadable');
    expect(iso('2024/05/01 08:00', 'Asia/Baghdad')).toBe('2024-05-01T05:00:00.000Z');
  });

  it('unix seconds and milliseconds', () => {
    expect(iso('1714559400')).toBe('2024-05-01T10:30:00.000Z');
    expect(iso('1714559400000')).toBe('2024-05-01T10:30:00.000Z');
  });
});

describe('parseFeedDate: relative times from the fetch time', () => {
  const ago = (h: number) => new Date(NOW.getTime() - h * 3600_000).toISOString();
  it('Arabic, with dual forms', () => {
    expect(iso('منذ ساعتين')).toBe(ago(2));
    expect(iso('منذ ساعة')).toBe(ago(1));
    expect(iso('منذ ٣ ساعات')).toBe(ago(3));
    expect(iso('قبل 5 دقائق')).toBe(ago(5 / 60));
    expect(iso('منذ يومين')).toBe(ago(48));
  });
  it('Persian, Sorani and English', () => {
    expect(iso('۲ ساعت پیش')).toBe(ago(2));
    expect(iso('یک ساعت پیش')).toBe(ago(1));
    expect(iso('۳ روز قبل')).toBe(ago(72));
    expect(iso('٢ کاتژمێر لەمەوبەر')).toBe(ago(2));
    expect(iso('2 hours ago')).toBe(ago(2));
    expect(iso('an hour ago')).toBe(ago(1));
    expect(iso('just now')).toBe(NOW.toISOString());
  });
});

describe('parseFeedDate: what is not believed', () => {
  it('1970 and anything before 1990 is too old', () => {
    expect(problem('Thu, 01 Jan 1970 00:00:00 GMT')).toBe('too_old');
    expect(problem('0')).toBe('unreadable');
    expect(problem('1970-01-01T00:00:00Z')).toBe('too_old');
    expect(problem('1445-10-22')).toBe('too_old');
  });
  it('more than a day ahead is the future', () => {
    expect(problem('Fri, 01 Jan 2100 00:00:00 GMT')).toBe('future');
    expect(iso('2026-11-21T10:00:00Z')).toBe('2026-11-21T10:00:00.000Z');
  });
  it('lunar Hijri, impossible values, garbage and the empty string', () => {
    expect(problem('٢٢ شوال ١٤٤٥')).toBe('unreadable');
    expect(problem('1 ربيع الأول 1446')).toBe('unreadable');
    expect(problem('2024-02-30')).toBe('unreadable');
    expect(problem('2023-02-29')).toBe('unreadable');
    expect(problem('2024-13-01')).toBe('unreadable');
    expect(problem('31 April 2024')).toBe('unreadable');
    expect(problem('2024-05-01 25:00')).toBe('unreadable');
    expect(problem('not a date')).toBe('unreadable');
    expect(problem('yesterday')).toBe('unreadable');
    expect(problem('x'.repeat(500))).toBe('unreadable');
    expect(problem('  ')).toBe('missing');
    expect(problem('')).toBe('missing');
  });
});

describe('never depends on the server time zone', () => {
  it('gives the same instants under TZ=UTC, Asia/Baghdad, America/Los_Angeles and Pacific/Kiritimati', () => {
    const script = `
      import { parseFeedDate } from './lib/fetch/feedDate.ts';
      const now = new Date('2026-11-20T12:00:00Z');
      const raws = ['2024-05-01 10:58:00', 'Wed, 01 May 2024 10:58:00', '۱۲ اردیبهشت ۱۴۰۳ ساعت ۱۰:۳۰', '1 أيار 2024 10:30 م', 'منذ ساعتين', '1714559400'];
      console.log(JSON.stringify(raws.map((r) => [parseFeedDate(r, { now }).date?.toISOString(), parseFeedDate(r, { now, timeZone: 'Asia/Baghdad' }).date?.toISOString()])));
    `;
    const outputs = ['UTC', 'Asia/Baghdad', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((TZ) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    });
    expect(new Set(outputs).size).toBe(1);
    expect(JSON.parse(outputs[0])[0]).toEqual(['2024-05-01T10:58:00.000Z', '2024-05-01T07:58:00.000Z']);
  });
});
