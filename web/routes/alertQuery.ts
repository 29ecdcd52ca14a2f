import { ALERT_ORDERS, type AlertCursor, type AlertFilters, type AlertOrder } from '../../db/sql/listAlerts.ts';
import type { AlertFilterForm } from '../views/alerts.ts';

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

/** A bad query parameter; routes answer 400 with its message. */
export class QueryError extends Error {
  override name = 'QueryError';
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const SLUG = /^[A-Za-z0-9_:.-]{1,100}$/;
const PG_TIME = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:?\d\d)?|Z)?$/;

function day(name: string, v: string, plusDays: number): Date | undefined {
  if (!v) return undefined;
  const d = /^\d{4}-\d\d-\d\d$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new QueryError(`${name} must be a date (YYYY-MM-DD) or an ISO time (got "${v.slice(0, 40)}")`);
  return /^\d{4}-\d\d-\d\d$/.test(v) ? new Date(d.getTime() + plusDays * 86_400_000) : d;
}

/** Cursor text for the row after which the next page starts: "<created_at>~<id>". */
export const encodeCursor = (c: AlertCursor): string => `${c.createdAt}~${c.id}`;

export function parseCursor(v: string): AlertCursor | null {
  if (!v) return null;
  const at = v.lastIndexOf('~');
  const createdAt = v.slice(0, at);
  const id = Number(v.slice(at + 1));
  if (at < 0 || !PG_TIME.test(createdAt) || !Number.isSafeInteger(id) || id < 0)
    throw new QueryError(`after must be a cursor from a previous page (got "${v.slice(0, 60)}")`);
  return { createdAt, id };
}

/** Reads figure, kind, feed, lang, since, until (a "To" day is inclusive), after and limit. */
export function parseAlertQuery(q: Record<string, unknown>, defaultLimit = 50): AlertQuery {
  const form: AlertFilterForm = {
    figure: str(q.figure),
    kind: str(q.kind),
    feed: str(q.feed),
    lang: str(q.lang),
    since: str(q.since),
    until: str(q.until),
  };
  for (const k of ['figure', 'kind', 'feed', 'lang'] as const)
    if (form[k] && !SLUG.test(form[k])) throw new QueryError(`${k} must be an id (letters, digits, - _ : .), got "${form[k].slice(0, 40)}"`);
  const limitRaw = str(q.limit);
  const limit = limitRaw ? Number(limitRaw) : defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new QueryError(`limit must be a whole number from 1 to 500 (got "${limitRaw}")`);
  const filters: AlertFilters = {
    figureId: form.figure || undefined,
    kind: form.kind || undefined,
    feedId: form.feed || undefined,
    lang: form.lang || undefined,
    since: day('since', form.since, 0),
    until: day('until', form.until, 1),
  };
  const sort = str(q.sort) || 'created';
  if (!(ALERT_ORDERS as readonly string[]).includes(sort))
    throw new QueryError(`sort must be one of ${ALERT_ORDERS.join(', ')} (got "${sort.slice(0, 40)}")`);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) params.set(k, v);
  if (sort !== 'created') params.set('sort', sort);
  return { filters, form, after: parseCursor(str(q.after)), limit, order: sort as AlertOrder, filterQuery: params.toString() };
}

/** The query for the page after `last`, or null when this page was not full. */
export function nextPageQuery(q: AlertQuery, rows: ReadonlyArray<{ cursor_ts: string; id: number }>): string | null {
  if (rows.length < q.limit) return null;
  const last = rows[rows.length - 1];
  const params = new URLSearchParams(q.filterQuery);
  params.set('after', encodeCursor({ createdAt: last.cursor_ts, id: last.id }));
  return params.toString();
}
