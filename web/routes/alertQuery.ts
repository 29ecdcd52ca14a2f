import { z } from 'zod';
import { ALERT_ORDERS, type AlertCursor, type AlertFilters, type AlertOrder } from '../../db/sql/listAlerts.ts';
import type { AlertFilterForm } from '../views/alerts.ts';
import { instant, parseInstant, slug, text, wholeNumber } from '../validation.ts';

export interface AlertQuery {
  filters: AlertFilters;
  form: AlertFilterForm;
  after: AlertCursor | null;
  limit: number;
  /** `sort`: created (default) or activity (latest activity first: an upgraded alert comes back to the top) */
  order: AlertOrder;
  /** the filters alone, URL-encoded, for links and the live stream */
  filterQuery: string;
}

// "<created_at as Postgres prints it>~<id>", e.g. "2026-03-01 12:00:00.123456+00~42"
const CURSOR = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?)([+-]\d\d(?::\d\d){0,2})~(\d{1,15})$/;

/** Cursor text for the row after which the next page starts: "<created_at>~<id>". */
export const encodeCursor = (c: AlertCursor): string => `${c.createdAt}~${c.id}`;

/**
 * A cursor from a previous page, checked field by field (a real date and time in the sane range, a
 * positive id) so nothing Postgres would refuse or misread ever reaches the query; null when it is not one.
 */
export function parseCursor(v: string): AlertCursor | null {
  const m = CURSOR.exec(v);
  if (!m) return null;
  const [, day, time, zone, id] = m;
  // the time must be one parseInstant accepts (calendar, range) once written the ISO way
  const zoneIso = zone.length === 3 ? `${zone}:00` : zone.slice(0, 6);
  if (!parseInstant(`${day}T${time}${zoneIso}`)) return null;
  const n = Number(id);
  return n > 0 ? { createdAt: `${day} ${time}${zone}`, id: n } : null;
}

const cursor = () =>
  text(80).transform((v, ctx) => {
    if (v === '') return null;
    const c = parseCursor(v);
    if (c) return c;
    ctx.addIssue({
      code: 'custom',
      message: `must be a cursor from a previous page's "next" link (got ${JSON.stringify(v.slice(0, 60))})`,
      input: v,
    });
    return z.NEVER;
  });

/** The filter parameters of /alerts and /api/alerts; each may be given once. */
const filterFields = {
  figure: slug().optional(),
  kind: slug().optional(),
  feed: slug().optional(),
  lang: slug().optional(),
  since: instant().optional(),
  until: instant().optional(),
  after: cursor().optional(),
  limit: wholeNumber(1, 500).optional(),
  /** created (default) or activity (latest activity first: an upgraded alert comes back to the top) */
  sort: z.enum(ALERT_ORDERS as [AlertOrder, ...AlertOrder[]]).optional(),
};

/** /api/alerts: unknown parameters are refused (a typo must not silently return everything). */
export const AlertApiQuery = z.strictObject(filterFields);
/** /alerts and the live row: pages may be opened with tracking parameters and the like; those are ignored. */
export const AlertPageQuery = z.object(filterFields);
export type AlertQueryInput = z.infer<typeof AlertApiQuery>;

export const DEFAULT_LIMIT = 50;

/** The validated query as filters, the form's values, the cursor and the page size. */
export function alertQuery(q: AlertQueryInput, defaultLimit = DEFAULT_LIMIT): AlertQuery {
  const form: AlertFilterForm = {
    figure: q.figure ?? '',
    kind: q.kind ?? '',
    feed: q.feed ?? '',
    lang: q.lang ?? '',
    since: q.since?.text ?? '',
    until: q.until?.text ?? '',
  };
  const filters: AlertFilters = {
    figureId: form.figure || undefined,
    kind: form.kind || undefined,
    feedId: form.feed || undefined,
    lang: form.lang || undefined,
    since: q.since?.at,
    // a "To" day is inclusive
    until: q.until ? new Date(q.until.at.getTime() + (q.until.dayOnly ? 86_400_000 : 0)) : undefined,
  };
  const sort: AlertOrder = q.sort ?? 'created';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) params.set(k, v);
  if (sort !== 'created') params.set('sort', sort);
  return { filters, form, after: q.after ?? null, limit: q.limit ?? defaultLimit, order: sort, filterQuery: params.toString() };
}

/** The query for the page after `last`, or null when this page was not full. */
export function nextPageQuery(q: AlertQuery, rows: ReadonlyArray<{ cursor_ts: string; id: number }>): string | null {
  if (rows.length < q.limit) return null;
  const last = rows[rows.length - 1];
  const params = new URLSearchParams(q.filterQuery);
  // the next page is as long as this one
  if (q.limit !== DEFAULT_LIMIT) params.set('limit', String(q.limit));
  params.set('after', encodeCursor({ createdAt: last.cursor_ts, id: last.id }));
  return params.toString();
}
