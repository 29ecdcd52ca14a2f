import {
  AGO_AFTER,
  AGO_BEFORE,
  AM_WORDS,
  FILLER_WORDS,
  foldDateWord,
  GREGORIAN_MONTHS,
  HIJRI_MONTHS,
  JALALI_MONTHS,
  NOW_WORDS,
  ONE_WORDS,
  PM_WORDS,
  RELATIVE_UNITS,
} from './dateWords.ts';

/**
 * A date as feeds and pages in the region write it, to an instant, pure and independent of the server's TZ.
 *
 * - A time with a zone (`Z`, `+03:00`, `GMT`, `EST`…) is that instant.
 * - A time without one is read in the feed's `timeZone` (IANA name, default UTC): Iraqi and Iranian outlets
 *   often print local wall-clock time.
 * - Arabic-Indic and Persian digits; Gregorian month names in English, Arabic (both naming traditions), Persian
 *   and Sorani; Solar Hijri (Jalali) dates by month name; unix seconds (and milliseconds); relative times
 *   («منذ ساعتين», «۲ ساعت پیش», "2 hours ago") counted back from `now`.
 * - Anything ambiguous is unknown rather than guessed: a lunar Hijri date (its month starts by moon sighting),
 *   `03/04/2024` (which is the month?), a word we do not know.
 * - A date before {@link OLDEST} (1970-01-01 from a zero timestamp, a Hijri year read as Gregorian) or more
 *   than a day after `now` is not believed.
 */

export type DateProblem = 'missing' | 'unreadable' | 'too_old' | 'future';

export interface FeedDate {
  date: Date | null;
  problem?: DateProblem;
}

export interface DateContext {
  /** The fetch time: the reference for "2 hours ago" and for "in the future". */
  now: Date;
  /** IANA zone for times written without one. @defaultValue 'UTC' */
  timeZone?: string;
}

/** Nothing before this is a news item's date: older values come from zero timestamps and misread calendars. */
export const OLDEST = Date.UTC(1990, 0, 1);
/** A date this far ahead of the fetch is a wrong clock or garbage, not a scheduled post. */
export const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;
/** Nothing longer is a date; a 1 MB <pubDate> is not worth parsing. */
const MAX_DATE_CHARS = 200;

export function parseFeedDate(raw: string | null | undefined, ctx: DateContext): FeedDate {
  if (!raw) return { date: null, problem: 'missing' };
  if (raw.length > MAX_DATE_CHARS) return { date: null, problem: 'unreadable' };
  const s = normalize(raw);
  if (!s) return { date: null, problem: 'missing' };
  const t = readInstant(s, ctx);
  if (t === null || Number.isNaN(t)) return { date: null, problem: 'unreadable' };
  if (t > ctx.now.getTime() + FUTURE_TOLERANCE_MS) return { date: null, problem: 'future' };
  if (t < OLDEST) return { date: null, problem: 'too_old' };
  return { date: new Date(t) };
}

/** A readable, believable date or null: for callers that need no reason. */
export function toDate(raw: string | null | undefined, ctx: DateContext): Date | null {
  return parseFeedDate(raw, ctx).date;
}

// ---------------------------------------------------------------------------------------------------------

/** ASCII digits, Arabic punctuation as Latin, direction marks and NBSP gone, spaces collapsed. */
function normalize(raw: string): string {
  return (
    raw
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/\u060C/g, ',')
      .replace(/\u066B/g, '.')
      .replace(/\u066C/g, ',')
      .replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
      .replace(/[\u00A0\u2000-\u200B\u202F\u3000]/g, ' ')
      // "GMT+0300 (Arabian Standard Time)": the name in brackets only repeats the offset
      .replace(/\([^()]{0,60}\)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[\sT,-]+(.+))?$/;
const DMY_NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[\sT,-]+(.+))?$/;

function readInstant(s: string, ctx: DateContext): number | null {
  const tz = ctx.timeZone ?? 'UTC';
  // unix time: 9–10 digits are seconds (1990 onwards), 12–13 are milliseconds
  if (/^\d{9,10}$/.test(s)) return Number(s) * 1000;
  if (/^\d{12,13}$/.test(s)) return Number(s);
  if (/^-?\d+$/.test(s)) return null;
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = iso;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    return civilToInstant({ y: +y, mo: +mo, d: +d, h: +h, mi: +mi, s: +sec, ms }, zone ? zoneOffsetMinutes(zone) : null, tz);
  }
  const ymd = YMD_SLASH.exec(s);
  if (ymd) return withTime({ y: +ymd[1], mo: +ymd[2], d: +ymd[3] }, ymd[4], tz);
  const dmy = DMY_NUMERIC.exec(s);
  if (dmy) {
    const a = +dmy[1];
    const b = +dmy[2];
    // 03/04/2024 is March or April depending on the writer: only take it when one reading is impossible
    if (a !== b && a <= 12 && b <= 12) return null;
    const [d, mo] = a > 12 ? [a, b] : b > 12 ? [b, a] : [a, b];
    return withTime({ y: +dmy[3], mo, d }, dmy[4], tz);
  }
  return readWords(s, ctx, tz);
}

interface Civil {
  y: number;
  mo: number;
  d: number;
  h?: number;
  mi?: number;
  s?: number;
  ms?: number;
}

/** A date followed by free text holding a time (and maybe a zone): the words reader parses the rest. */
function withTime(day: Civil, rest: string | undefined, tz: string): number | null {
  if (!rest) return civilToInstant(day, null, tz);
  const t = readTimeAndZone(tokenize(rest));
  if (!t || t.rest.length) return null;
  return civilToInstant({ ...day, ...t.time }, t.zone, tz);
}

// ---------------------------------------------------------------------------------------------------------
// Dates in words: "Wed, 01 May 2024 10:30:00 +0300", «الأربعاء 1 أيار 2024 - 10:30 ص», «۱۲ اردیبهشت ۱۴۰۳ ساعت ۱۰:۳۰»

function tokenize(s: string): string[] {
  return (
    s
      // a number glued to letters («2024م», "10am") is two tokens
      .replace(/(\d)([^\d\s:.,/+-])/g, '$1 $2')
      .replace(/([^\d\s:.,/+-])(\d)/g, '$1 $2')
      // a dash between spaces separates date from time («1 أيار 2024 - 10:30»); "-0500" is a zone
      .replace(/\s[-–—]\s/g, ' ')
      .split(/[\s,،|]+/)
      .filter(Boolean)
  );
}

interface TimeParts {
  time: Pick<Civil, 'h' | 'mi' | 's'>;
  /** Minutes east of UTC, or null when no zone was written. */
  zone: number | null;
  /** Tokens that were neither the time, its AM/PM mark nor a zone. */
  rest: string[];
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

function readTimeAndZone(tokens: string[]): TimeParts | null {
  const rest: string[] = [];
  let time: TimeParts['time'] | null = null;
  let zone: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const m = TIME.exec(tok);
    if (m && !time) {
      let h = +m[1];
      const next = foldDateWord(tokens[i + 1] ?? '');
      // «10:30 م» is evening, «2024 م» is the Gregorian era: the mark only counts right after a time
      const pm = PM_WORDS.has(next) || next === 'م';
      const am = AM_WORDS.has(next) || next === 'ص';
      if (pm || am) {
        if (h < 1 || h > 12) return null;
        h = (h % 12) + (pm ? 12 : 0);
        i++;
      }
      time = { h, mi: +m[2], s: m[3] ? +m[3] : 0 };
      continue;
    }
    const z = zoneOffsetMinutes(tok);
    if (z !== null && zone === null) {
      zone = z;
      continue;
    }
    rest.push(tok);
  }
  return { time: time ?? { h: 0, mi: 0, s: 0 }, zone, rest };
}

function readWords(s: string, ctx: DateContext, tz: string): number | null {
  const tokens = tokenize(s);
  const relative = readRelative(tokens, ctx.now);
  if (relative !== undefined) return relative;
  const tz0 = readTimeAndZone(tokens);
  if (!tz0) return null;
  let month: number | null = null;
  let jalali = false;
  const numbers: number[] = [];
  const words = tz0.rest;
  for (let i = 0; i < words.length; i++) {
    const w = foldDateWord(words[i]);
    const pair = i + 1 < words.length ? `${w}_${foldDateWord(words[i + 1])}` : '';
    if (/^\d+$/.test(w)) {
      numbers.push(Number(w));
      continue;
    }
    if (pair && (HIJRI_MONTHS.has(pair) || HIJRI_MONTHS.has(w))) return null;
    if (HIJRI_MONTHS.has(w)) return null;
    const two = pair ? (GREGORIAN_MONTHS[pair] ?? JALALI_MONTHS[pair]) : undefined;
    if (two !== undefined && month === null) {
      month = two;
      jalali = JALALI_MONTHS[pair] !== undefined;
      i++;
      continue;
    }
    const g = GREGORIAN_MONTHS[w.replace(/\.$/, '')];
    const j = JALALI_MONTHS[w];
    // «مه»/«می» (May in Persian) and «مهر»/«دی» (Jalali) never collide; a Jalali name wins only with a Jalali year
    if ((g !== undefined || j !== undefined) && month === null) {
      month = g ?? j!;
      jalali = g === undefined;
      if (g !== undefined && j !== undefined) jalali = false;
      continue;
    }
    if (FILLER_WORDS.has(w) || w === 'م' || w === 'هـ' || w === 'ش' || w === 'ه.ش') continue;
    return null;
  }
  if (month === null || numbers.length !== 2) return null;
  const yearIdx = numbers.findIndex((n) => n >= 1000);
  if (yearIdx < 0 || numbers[1 - yearIdx] > 31) return null;
  const year = numbers[yearIdx];
  const day = numbers[1 - yearIdx];
  if (jalali) {
    const g = jalaliToGregorian(year, month, day);
    if (!g) return null;
    return civilToInstant({ ...g, ...tz0.time }, tz0.zone, tz);
  }
  return civilToInstant({ y: year, mo: month, d: day, ...tz0.time }, tz0.zone, tz);
}

/** "2 hours ago", «منذ ساعتين», «۳ روز پیش», «منذ 5 دقائق»; undefined when the text is not relative at all. */
function readRelative(tokens: string[], now: Date): number | null | undefined {
  const words = tokens.map(foldDateWord);
  const joined = words.join('_');
  if (NOW_WORDS.has(joined)) return now.getTime();
  let i = 0;
  let agoFirst = false;
  if (AGO_BEFORE.has(words[0]) && words.length >= 2) {
    agoFirst = true;
    i = 1;
  }
  let count: number | null = null;
  if (/^\d+$/.test(words[i] ?? '')) count = Number(words[i++]);
  else if (ONE_WORDS.has(words[i] ?? '')) {
    count = 1;
    i++;
  }
  const unit = RELATIVE_UNITS[words[i] ?? ''];
  if (!unit) return undefined;
  i++;
  if (unit.count) count = count === null ? unit.count : null;
  else if (count === null) count = agoFirst ? 1 : null; // «منذ ساعة»: one hour
  if (count === null) return undefined;
  const agoAfter = i < words.length && AGO_AFTER.has(words[i]);
  if (agoAfter) i++;
  if (!(agoFirst || agoAfter) || i !== words.length) return undefined;
  return now.getTime() - count * unit.seconds * 1000;
}

// ---------------------------------------------------------------------------------------------------------
// Zones and calendars

const NAMED_ZONES: Record<string, number> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** `Z`, `GMT`, `+03:00`, `+0330`, `-05`, `GMT+3` as minutes east of UTC; null when `tok` is not a zone. */
function zoneOffsetMinutes(tok: string): number | null {
  const up = tok.toUpperCase();
  if (up in NAMED_ZONES) return NAMED_ZONES[up];
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(up);
  if (!m || (!up.startsWith('GMT') && !up.startsWith('UTC') && m[2].length !== 2)) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * minutes;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Civil date and time to epoch ms: at `offsetMinutes` when the text gave a zone, else as wall time in `tz`. */
function civilToInstant(c: Civil, offsetMinutes: number | null, tz: string): number | null {
  const { y, mo, d, h = 0, mi = 0, s = 0, ms = 0 } = c;
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1] || h > 23 || mi > 59 || s > 60) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  // Date.UTC rolls 29 February of a common year over to 1 March: that date does not exist
  if (new Date(wall).getUTCDate() !== d) return null;
  if (offsetMinutes !== null) return wall - offsetMinutes * 60_000;
  return wallTimeToInstant(wall, tz);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** How far `tz`'s wall clock is ahead of UTC at `instant`, in ms. */
function zoneOffsetAt(instant: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which `tz`'s clocks show `wall` (a wall time encoded as if UTC); two passes settle DST edges. */
function wallTimeToInstant(wall: number, tz: string): number {
  if (tz === 'UTC' || tz === 'Etc/UTC') return wall;
  const first = wall - zoneOffsetAt(wall, tz);
  const second = wall - zoneOffsetAt(first, tz);
  return second;
}

let persianCalendar: Intl.DateTimeFormat | undefined;

function jalaliOf(instant: number): { y: number; m: number; d: number } {
  // made on first use: most processes never read a Jalali date
  persianCalendar ??= new Intl.DateTimeFormat('en-u-ca-persian', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
  const p: Record<string, number> = {};
  for (const part of persianCalendar.formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day };
}

const jalaliDayOfYear = (m: number, d: number) => (m <= 6 ? (m - 1) * 31 : 186 + (m - 7) * 30) + d - 1;

/**
 * A Solar Hijri date to the Gregorian day, through the runtime's own Persian calendar (ICU) rather than a
 * hand-copied arithmetic: look near 21 March of year + 621 for the day ICU shows as the same Jalali date.
 */
export function jalaliToGregorian(jy: number, jm: number, jd: number): Civil | null {
  if (jm < 1 || jm > 12 || jd < 1 || jd > (jm <= 6 ? 31 : 30)) return null;
  // Nowruz falls on 19–22 March, so the day sought is within three days of this estimate
  const estimate = Date.UTC(jy + 621, 2, 21) + jalaliDayOfYear(jm, jd) * 86_400_000;
  for (const offset of [0, -1, 1, -2, 2, -3, 3]) {
    const t = estimate + offset * 86_400_000;
    const j = jalaliOf(t);
    if (j.y === jy && j.m === jm && j.d === jd) {
      const g = new Date(t);
      return { y: g.getUTCFullYear(), mo: g.getUTCMonth() + 1, d: g.getUTCDate() };
    }
  }
  // 30 Esfand of a common year does not exist
  return null;
}
