import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { feedUrl, type FeedConfig } from '../../config/feedsSchema.ts';
import { cleanText, htmlToText } from './cleanText.ts';
import { decodeBody } from './encoding.ts';
import { FetchError } from './errors.ts';
import { fetchUrl } from './http.ts';
import { assertRobotsAllow } from './robots.ts';
import type { FetchLimits, Source, SourceItem, SourceResult, SourceState } from './source.ts';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
const MAX_TITLE_CHARS = 1000;
const MAX_GUID_CHARS = 512;
/** A date this far ahead of the fetch is a wrong clock or garbage, not a scheduled post. */
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

/** RSS 0.9x/1.0/2.0 and Atom over HTTP, parsed by rss-parser from text we decoded ourselves. */
export const rssSource: Source = {
  async fetch(feed: FeedConfig, state: SourceState, limits: FetchLimits, signal?: AbortSignal): Promise<SourceResult> {
    await assertRobotsAllow(feedUrl(feed), feed, limits, { signal });
    const res = await fetchUrl(feedUrl(feed), {
      ...limits,
      etag: state.etag,
      lastModified: state.lastModified,
      accept: FEED_ACCEPT,
      signal,
    });
    if (res.notModified) {
      const kept = { ...state, etag: res.etag ?? state.etag ?? null, lastModified: res.lastModified ?? state.lastModified ?? null };
      return { unchanged: true, status: res.status, items: [], state: kept, itemsDropped: 0, notes: [] };
    }
    const next: SourceState = { ...state, etag: res.etag ?? null, lastModified: res.lastModified ?? null, bodyHash: res.bodyHash };
    // some servers send a fresh ETag/Last-Modified (or none) on every request: the body's hash decides
    if (state.bodyHash && state.bodyHash === res.bodyHash)
      return {
        unchanged: true,
        status: res.status,
        items: [],
        state: next,
        itemsDropped: 0,
        notes: ['body unchanged (same sha256) although the server sent it again'],
      };
    const parsed = await parseFeed(res.body, headerString(res.headers['content-type']), res.url, limits);
    return { unchanged: false, status: res.status, items: parsed.items, state: next, itemsDropped: parsed.itemsDropped, notes: parsed.notes };
  },
};

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export interface ParsedFeed {
  title: string;
  items: SourceItem[];
  itemsDropped: number;
  notes: string[];
}

/**
 * Feed bytes to items: decode (see encoding.ts), neutralise DTDs, parse, map. Throws FetchError
 * 'malformed' naming `url` when the body is not a feed.
 */
export async function parseFeed(
  bytes: Buffer,
  contentType: string | undefined,
  url: string,
  limits: Pick<FetchLimits, 'maxItems' | 'maxItemChars'>,
  now: Date = new Date(),
): Promise<ParsedFeed> {
  const notes: string[] = [];
  const decoded = decodeBody(bytes, contentType);
  if (decoded.source !== 'utf8-valid') notes.push(`decoded as ${decoded.charset} (${decoded.source})`);
  const prepared = prepareXml(decoded.text);
  notes.push(...prepared.notes);
  const raw = await parseXmlFeed(prepared.xml, url);
  return mapItems(raw, url, limits, now, notes);
}

// ---------------------------------------------------------------------------------------------------------
// Before the parser: DTDs out, stray ampersands and HTML entities made well-formed.

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Makes hostile or sloppy XML safe and parseable. A DOCTYPE (with any internal subset of <!ENTITY>
 * declarations) is cut out before the parser sees it, so "billion laughs" cannot expand and an external
 * `file://` entity can never be resolved: its reference is left as literal text. HTML entities (&nbsp;)
 * and bare ampersands, common in real feeds and fatal to a strict XML parser, are escaped so the text
 * keeps them literally (htmlToText decodes them later); references to characters XML forbids (&#0;) go. CDATA sections are left as they are.
 */
export function prepareXml(text: string): { xml: string; notes: string[] } {
  const notes: string[] = [];
  let s = text.replace(/^[\uFEFF\s]+/, '');
  const controls = s.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g)?.length ?? 0;
  if (controls > 0) {
    // XML 1.0 forbids them; a strict parser would reject the whole feed for one stray NUL
    s = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
    notes.push(`${controls} control character${controls === 1 ? '' : 's'} removed`);
  }
  const dtd = stripDoctype(s);
  if (dtd.removed)
    notes.push(dtd.entities > 0 ? `DOCTYPE with ${dtd.entities} entity declaration${dtd.entities === 1 ? '' : 's'} removed` : 'DOCTYPE removed');
  s = dtd.text;
  const out: string[] = [];
  let pos = 0;
  while (pos < s.length) {
    const cdata = s.indexOf('<![CDATA[', pos);
    const stop = cdata < 0 ? s.length : cdata;
    out.push(escapeLooseAmpersands(s.slice(pos, stop)));
    if (cdata < 0) break;
    const end = s.indexOf(']]>', cdata);
    const close = end < 0 ? s.length : end + 3;
    out.push(s.slice(cdata, close));
    pos = close;
  }
  return { xml: out.join(''), notes };
}

function escapeLooseAmpersands(s: string): string {
  return s.replace(/&(?:#(\d{1,8});|#[xX]([0-9a-fA-F]{1,7});|([A-Za-z][A-Za-z0-9._-]{0,40};))?/g, (m, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) return xmlAllowsCodePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16)) ? m : '';
    return name && XML_ENTITIES.has(name.slice(0, -1)) ? m : `&amp;${name ?? ''}`;
  });
}

/** XML 1.0 Char production: a reference to anything else (&#0;, a lone surrogate) fails the whole parse. */
function xmlAllowsCodePoint(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Removes every <!DOCTYPE …> (internal subset included) and stray <!ENTITY …>, in one linear scan. */
function stripDoctype(s: string): { text: string; removed: boolean; entities: number } {
  let removed = false;
  let entities = 0;
  let out = '';
  let pos = 0;
  for (;;) {
    const at = findDeclaration(s, pos);
    if (at < 0) break;
    out += s.slice(pos, at);
    // scan to the closing '>' outside quotes and outside [ … ]
    let i = at + 2;
    let quote = '';
    let bracket = 0;
    for (; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[') bracket++;
      else if (c === ']') bracket = Math.max(0, bracket - 1);
      else if (c === '>' && bracket === 0) break;
    }
    const decl = s.slice(at, i + 1);
    entities += (decl.match(/<!ENTITY/gi) ?? []).length;
    removed = true;
    pos = i + 1;
  }
  return { text: removed ? out + s.slice(pos) : s, removed, entities };
}

function findDeclaration(s: string, from: number): number {
  const re = /<!(DOCTYPE|ENTITY)\b/gi;
  re.lastIndex = from;
  const m = re.exec(s);
  return m ? m.index : -1;
}

// ---------------------------------------------------------------------------------------------------------
// The parser. rss-parser recognises RSS 0.9x/1.0/2.0 and Atom; we take its raw xml2js nodes rather than its
// mapped items, because its item mapping computes snippets with a backtracking regex that is quadratic on
// text full of '<' without '>' (a hang on a hostile 5 MB body), throws on an unreadable Atom date (one bad
// entry would lose the whole feed), and drops xml:base.

type XmlNode = Record<string, unknown>;

interface RawFeed {
  kind: 'rss' | 'atom';
  title: string;
  base: string | null;
  items: XmlNode[];
}

/** The rss-parser methods we replace on our own instance; not part of its typed API. */
interface RssParserInternals {
  parseItemRss(xmlItem: XmlNode): unknown;
  parseItemAtom(entry: XmlNode): unknown;
  buildAtomFeed(xmlObj: { feed: XmlNode }): unknown;
  buildRSS(channel: XmlNode, items: XmlNode[] | undefined): unknown;
}

interface RawMarker {
  raw: XmlNode;
}

async function parseXmlFeed(xml: string, url: string): Promise<RawFeed> {
  if (xml.trim() === '') throw new FetchError('malformed', url, 'empty body, not an RSS/Atom feed');
  if (looksLikeHtml(xml)) throw new FetchError('malformed', url, 'got an HTML page, not an RSS/Atom feed');
  const parser = new Parser();
  const hooks = parser as unknown as RssParserInternals;
  let kind: RawFeed['kind'] = 'rss';
  let base: string | null = null;
  const originalAtom = hooks.buildAtomFeed.bind(parser);
  const originalRss = hooks.buildRSS.bind(parser);
  hooks.parseItemRss = (xmlItem) => ({ raw: xmlItem }) satisfies RawMarker;
  hooks.parseItemAtom = (entry) => ({ raw: entry }) satisfies RawMarker;
  hooks.buildAtomFeed = (xmlObj) => {
    kind = 'atom';
    base = attr(xmlObj.feed, 'xml:base');
    return originalAtom(xmlObj);
  };
  hooks.buildRSS = (channel, items) => {
    base = attr(channel, 'xml:base');
    return originalRss(channel, items);
  };
  let out: { title?: string; items: unknown[] };
  try {
    out = await parser.parseString(xml);
  } catch (e) {
    const msg =
      e instanceof RangeError
        ? 'nesting too deep to parse'
        : String((e as Error).message ?? e)
            .split('\n')[0]
            .slice(0, 200);
    const looksHtml = /<html[\s>]/i.test(xml.slice(0, 4096));
    throw new FetchError('malformed', url, looksHtml ? 'got an HTML page, not an RSS/Atom feed' : `not a valid RSS/Atom feed (${msg})`);
  }
  // an empty <item/> comes back as '' from xml2js; keep it as an empty node so it is counted, not lost
  const items = (out.items ?? []).map((i) => {
    const r = (i as RawMarker).raw;
    return r && typeof r === 'object' ? r : {};
  });
  return { kind, title: typeof out.title === 'string' ? out.title : '', base, items };
}

/** An HTML page (after any XML declaration and comments) rather than XML. A loop with indexOf: a regex over
 * repeated comments backtracks exponentially. */
function looksLikeHtml(text: string): boolean {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  for (skipSpace(); ; skipSpace()) {
    const close = text.startsWith('<!--', i) ? '-->' : text.startsWith('<?', i) ? '?>' : '';
    if (!close) break;
    const end = text.indexOf(close, i);
    if (end < 0) return false;
    i = end + close.length;
  }
  const head = text.slice(i, i + 4096);
  return /^<(!doctype\s+html|html[\s>])/i.test(head) || (!head.startsWith('<') && /<html[\s>]/i.test(head));
}

function attr(node: unknown, name: string): string | null {
  if (!node || typeof node !== 'object') return null;
  const a = (node as XmlNode).$;
  if (!a || typeof a !== 'object') return null;
  const v = (a as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** The first child element named `key` (xml2js keeps children in arrays). */
function child(node: XmlNode, key: string): unknown {
  const v = node[key];
  return Array.isArray(v) ? v[0] : undefined;
}

function children(node: XmlNode, key: string): unknown[] {
  const v = node[key];
  return Array.isArray(v) ? v : [];
}

/** Text content of an xml2js value; nested markup (Atom type="xhtml") is walked without recursion. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!v || typeof v !== 'object') return '';
  const own = (v as XmlNode)._;
  if (typeof own === 'string' && Object.keys(v).every((k) => k === '_' || k === '$')) return own;
  const parts: string[] = [];
  const stack: unknown[] = [v];
  while (stack.length) {
    const n = stack.pop();
    if (typeof n === 'string') parts.push(n);
    else if (Array.isArray(n)) for (let i = n.length - 1; i >= 0; i--) stack.push(n[i]);
    else if (n && typeof n === 'object') {
      const entries = Object.entries(n as XmlNode).filter(([k]) => k !== '$');
      for (let i = entries.length - 1; i >= 0; i--) stack.push(entries[i][1]);
    }
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// Items

function mapItems(raw: RawFeed, url: string, limits: Pick<FetchLimits, 'maxItems' | 'maxItemChars'>, now: Date, notes: string[]): ParsedFeed {
  const feedBase = resolveBase(raw.base, url);
  const seen = new Set<string>();
  const items: SourceItem[] = [];
  let duplicates = 0;
  let dropped = 0;
  let cut = 0;
  let empty = 0;
  let unreadableDates = 0;
  let futureDates = 0;
  for (const node of raw.items) {
    if (items.length >= limits.maxItems) {
      dropped++;
      continue;
    }
    const base = resolveBase(attr(node, 'xml:base'), feedBase);
    const title = cleanText(
      htmlToText(textOf(child(node, 'title') ?? child(node, 'dc:title')), MAX_TITLE_CHARS).replace(/\n+/g, ' '),
      MAX_TITLE_CHARS,
    );
    const bodyRaw = textOf(
      child(node, 'content:encoded') ??
        child(node, 'content') ??
        child(node, 'description') ??
        child(node, 'summary') ??
        child(node, 'media:description'),
    );
    const text = htmlToText(bodyRaw, limits.maxItemChars);
    if (text.length >= limits.maxItemChars || bodyRaw.length > limits.maxItemChars * 2 + 1024) cut++;
    const link = itemLink(node, raw.kind, base);
    const rawDate = textOf(
      child(node, 'pubDate') ??
        child(node, 'dc:date') ??
        child(node, 'published') ??
        child(node, 'updated') ??
        child(node, 'issued') ??
        child(node, 'modified'),
    ).trim();
    const date = parseFeedDate(rawDate, now);
    if (date.problem === 'unreadable') unreadableDates++;
    if (date.problem === 'future') futureDates++;
    const idRaw = cleanText(textOf(child(node, 'guid') ?? child(node, 'id'))).trim();
    let guid = idRaw || link || '';
    if (!guid) {
      if (!title && !text) {
        empty++;
        continue;
      }
      guid = `sha256:${sha256(`${title}\n${rawDate}\n${title || rawDate ? '' : text}`)}`;
    }
    if (guid.length > MAX_GUID_CHARS) guid = `sha256:${sha256(guid)}`;
    if (seen.has(guid)) {
      duplicates++;
      continue;
    }
    seen.add(guid);
    items.push({ guid, url: link, title, text, publishedAt: date.date });
  }
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  if (dropped) notes.push(`${plural(dropped, 'item')} over the per-fetch cap of ${limits.maxItems} dropped`);
  if (duplicates) notes.push(`${plural(duplicates, 'duplicate GUID')} collapsed`);
  if (cut) notes.push(`${plural(cut, 'item text')} cut to ${limits.maxItemChars} characters`);
  if (empty) notes.push(`${plural(empty, 'empty item')} without id, link, title or text skipped`);
  if (unreadableDates) notes.push(`${plural(unreadableDates, 'unreadable date')} left empty`);
  if (futureDates) notes.push(`${plural(futureDates, 'date')} more than a day in the future left empty`);
  return { title: cleanText(raw.title, MAX_TITLE_CHARS), items, itemsDropped: dropped, notes };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function resolveBase(base: string | null, against: string): string {
  if (!base) return against;
  try {
    return new URL(base.trim(), against).href;
  } catch {
    return against;
  }
}

/** An absolute http(s) URL, or null (javascript:, data:, unparsable). */
export function resolveLink(raw: string, base: string): string | null {
  const r = raw.trim();
  if (!r) return null;
  try {
    const u = new URL(r, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function itemLink(node: XmlNode, kind: RawFeed['kind'], base: string): string | null {
  const links = children(node, 'link');
  if (kind === 'atom' || links.some((l) => attr(l, 'href'))) {
    const withHref = links.filter((l) => attr(l, 'href'));
    const alt = withHref.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ?? withHref[0];
    if (alt) return resolveLink(attr(alt, 'href')!, resolveBase(attr(alt, 'xml:base'), base));
  }
  const text = textOf(links[0]);
  if (text.trim()) return resolveLink(text, base);
  const atomLink = children(node, 'atom:link').find((l) => attr(l, 'href'));
  if (atomLink) return resolveLink(attr(atomLink, 'href')!, base);
  // RSS 2.0: a guid with isPermaLink (the default) is the item's link
  const guid = child(node, 'guid');
  if (guid !== undefined && attr(guid, 'isPermaLink') !== 'false') {
    const g = textOf(guid).trim();
    if (/^https?:\/\//i.test(g)) return resolveLink(g, base);
  }
  return null;
}

const ARABIC_INDIC = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * A feed date as a Date, or null with the reason. Arabic-Indic and Persian digits become ASCII first
 * (outlets in the region write «٢٠٢٤-٠٥-٠١»); a date more than a day ahead of `now` is not believed.
 */
export function parseFeedDate(raw: string, now: Date): { date: Date | null; problem?: 'missing' | 'unreadable' | 'future' } {
  // nothing longer is a date; a 1 MB <pubDate> is not worth parsing
  if (raw.length > 200) return { date: null, problem: 'unreadable' };
  const s = raw
    .replace(ARABIC_INDIC, (d) => String((d.charCodeAt(0) & 0x0f) % 10))
    .replace(/[\u060C]/g, ',')
    .trim();
  if (!s) return { date: null, problem: 'missing' };
  let t = Date.parse(s);
  // "2024-05-01 10:00:00" without a zone: read as UTC rather than the server's local time
  if (Number.isNaN(t) && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(s)) t = Date.parse(`${s.replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) return { date: null, problem: 'unreadable' };
  if (t > now.getTime() + FUTURE_TOLERANCE_MS) return { date: null, problem: 'future' };
  if (t < Date.UTC(1900, 0, 1)) return { date: null, problem: 'unreadable' };
  return { date: new Date(t) };
}
