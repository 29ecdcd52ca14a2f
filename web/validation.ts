import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Every route's query, path parameters and body go through a zod schema before the handler (Fastify's
 * validation step, see `useZodValidation`), so handlers only ever see well-formed, bounded values. A failure
 * is a 400 whose message names the parameter and what is wrong with it. The builders below are the only
 * parameter types routes use: each refuses repeats, control characters and oversized text with its own
 * message.
 */

/** A bad request parameter or body; the error handler answers 400 with its message. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly statusCode = 400;
}

// C0 controls and DEL; body text may keep tab and newlines (text areas), query values may not
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// a UTF-16 surrogate without its partner: not text, and Postgres refuses it inside JSON
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (v: string): boolean => !LONE_SURROGATE.test(v);
const shown = (v: unknown): string => JSON.stringify(typeof v === 'string' ? v.slice(0, 60) : v)?.slice(0, 80) ?? String(v);

/** The input as one string: a repeated parameter (an array) or a non-string is refused with a clear message. */
const scalar = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string') return v;
  const message = Array.isArray(v) ? `is given ${v.length} times; give it once` : `must be text (got ${typeof v})`;
  ctx.addIssue({ code: 'custom', message, input: v });
  return z.NEVER;
});

/** Text of at most `max` characters, none of them matching `forbidden`, valid Unicode; trimmed when asked. */
const boundedText = (max: number, forbidden: RegExp, trim: boolean, forbiddenMessage: string) =>
  scalar.transform((v, ctx) => {
    if (v.length > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters (got ${v.length})`, input: v });
    else if (forbidden.test(v)) ctx.addIssue({ code: 'custom', message: forbiddenMessage, input: v });
    else if (!wellFormed(v)) ctx.addIssue({ code: 'custom', message: 'must be valid Unicode text', input: v });
    else return trim ? v.trim() : v;
    return z.NEVER;
  });

/** Text of at most `max` characters without control characters (no NUL, no CR/LF), trimmed. */
export const text = (max: number) => boundedText(max, CONTROL, true, 'must not contain control characters');

/** Multi-line text (a text area): like `text`, but tab and line breaks are kept and it is not trimmed. */
export const lines = (max: number) => boundedText(max, CONTROL_EXCEPT_LINES, false, 'must not contain control characters');

/** A password or shared secret: kept exactly as sent (not trimmed), no control characters. */
export const secret = (max: number) => boundedText(max, CONTROL, false, 'must be printable text');

/** An id or slug (figure, feed, kind, language); empty means "not given". */
export const slug = () =>
  text(100).refine((v) => v === '' || /^[A-Za-z0-9_:.-]+$/.test(v), {
    error: (iss) => `must be an id (letters, digits, - _ : .), got ${shown(iss.input)}`,
  });

/** A whole number from min to max written in plain digits ("12", not "1e1", "0x0c" or " 12"). */
export const wholeNumber = (min: number, max: number) =>
  text(20).transform((v, ctx) => {
    const n = /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max} (got ${shown(v)})`, input: v });
    return z.NEVER;
  });

/** A database row id in a path: positive, plain digits. */
export const rowId = (what: string) =>
  text(20).transform((v, ctx) => {
    const n = /^\d{1,15}$/.test(v) ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n > 0) return n;
    ctx.addIssue({ code: 'custom', message: `must be a ${what} id, a positive whole number (got ${shown(v)})`, input: v });
    return z.NEVER;
  });

/** A repeatable parameter (`kinds=a&kinds=b`) as a list, each element checked by `item`; at most `max`. */
export const list = <T extends z.ZodType>(item: T, max: number) =>
  z
    .unknown()
    .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(item).max(max, { error: `must list at most ${max} values` }));

/** An HTML checkbox or a JSON boolean. */
export const flag = z
  .union([z.boolean(), z.enum(['1', 'on', 'true', '0', 'off', 'false', ''])])
  .transform((v) => v === true || v === '1' || v === 'on' || v === 'true');

export const EARLIEST = Date.UTC(1990, 0, 1);
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(\.\d{1,9})?)?(Z|[+-]\d\d(?::?\d\d)?)?$/i;

/** Days in a month of a year (1-based month), so 2026-02-30 is refused instead of rolling over. */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A calendar day `YYYY-MM-DD` (UTC midnight) or an ISO time with an optional zone (UTC when absent), from
 * 1990-01-01 to now + 1 day, every field in range; null when it is none of these.
 */
export function parseInstant(v: string, now = Date.now()): { at: Date; dayOnly: boolean } | null {
  const m = DAY.exec(v) ?? TIME.exec(v);
  if (!m) return null;
  const [y, mo, d, h = '00', mi = '00', s = '00'] = m.slice(1);
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8] ? m[8].toUpperCase() : 'Z';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${m[7] ?? ''}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d\d):?(\d\d)?$/, (_, hh: string, mm = '00') => `${hh}:${mm}`)}`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.getTime() < EARLIEST || at.getTime() > now + DAY_MS) return null;
  return { at, dayOnly: DAY.test(v) };
}

/** `since`/`until` filters: a day or an ISO time (see parseInstant); empty means "not given". */
export const instant = () =>
  text(40).transform((v, ctx) => {
    if (v === '') return null;
    const r = parseInstant(v);
    // the text as typed, to show it back in a form
    if (r) return { ...r, text: v };
    ctx.addIssue({
      code: 'custom',
      message: `must be a date (YYYY-MM-DD) or an ISO time (2026-03-01T12:00:00Z) from 1990-01-01 to tomorrow (got ${shown(v)})`,
      input: v,
    });
    return z.NEVER;
  });

/** An API route that takes no query parameters: anything given is refused, not ignored. */
export const NoQuery = z.strictObject({});
/** A page that takes no query parameters; links from elsewhere may carry some (tracking and the like). */
export const PageNoQuery = z.object({});
/** Path parameters `:id` of a numbered row. */
export const IdParams = (what: string) => z.strictObject({ id: rowId(what) });

/** Where in a request a schema applies, as people say it. */
const PART_NAMES: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' };

function describeIssues(error: z.ZodError, part: string, label: string | undefined): string {
  const parts = error.issues.map((i) => {
    if (i.code === 'unrecognized_keys')
      return `unknown ${part === 'body' ? 'field' : 'parameter'}${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`;
    const where = i.path.map(String).join('.');
    // zod's own messages ("Invalid input: expected string, received number") read better after a colon
    if (i.code === 'custom') return where ? `${where} ${i.message}` : i.message;
    return `${where || PART_NAMES[part] || part}: ${i.message}`;
  });
  const line = parts.join('; ');
  return label ? `${label}: ${line}` : line;
}

/** The first string inside a JSON body that Postgres could not store (NUL, lone surrogates), as a path. */
function unstorableString(v: unknown, path: string, depth = 0): string | null {
  if (depth > 20) return `${path || 'body'} is nested too deeply`;
  if (typeof v === 'string') {
    if (v.includes('\u0000')) return `${path || 'body'} must not contain NUL characters`;
    if (!wellFormed(v)) return `${path || 'body'} must be valid Unicode text`;
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = unstorableString(v[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = unstorableString(x, path ? `${path}.${k}` : k, depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

/**
 * Makes zod schemas the language of `schema: { querystring, params, body }` on every route. The schema's
 * `description` (zod `.describe('feed')`) prefixes body messages, e.g. "feed: url: must be an http(s) URL".
 * A route given a JSON schema instead fails at start-up with a message saying so.
 */
export function useZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, method, url, httpPart }) => {
    if (!(schema instanceof z.ZodType))
      throw new Error(`${method} ${url}: schema.${httpPart} must be a zod schema (see web/validation.ts), not a JSON schema`);
    const part = httpPart ?? 'body';
    return (data: unknown) => {
      if (part === 'body') {
        const bad = unstorableString(data, '');
        if (bad) return { error: new ValidationError(bad) };
      }
      const r = schema.safeParse(data ?? {});
      return r.success ? { value: r.data } : { error: new ValidationError(describeIssues(r.error, part, schema.description)) };
    };
  });
}
