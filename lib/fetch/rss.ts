import { createHash } from 'node:crypto';
import Parser from 'rss-parser';
import { feedUrl, type FeedConfig } from '../../config/feedsSchema.ts';
import { cleanText, cleanTitle, htmlToText } from './cleanText.ts';
import { decodeBody } from './encoding.ts';
import { FetchError } from './errors.ts';
import { tokenize } from './tokenize.ts';
import { parseFeedDate } from './feedDate.ts';
import { fetchUrl } from './http.ts';
import { assertRobotsAllow } from './robots.ts';
import type { FetchLimits, Source, SourceItem, SourceResult, SourceState } from './source.ts';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';
const MAX_TITLE_CHARS = 1000;
const MAX_GUID_CHARS = 512;

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
    const parsed = await parseFeed(res.body, headerString(res.headers['content-type']), res.url, limits, { timeZone: feed.timezone });
    return { unchanged: false, status: res.status, items: parsed.items, state: next, itemsDropped: parsed.itemsDropped, notes: parsed.notes };
  },
};

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export interface ParseOptions {
  /** The fetch time: reference for relative dates and for "in the future". @defaultValue now */
  now?: Date;
  /** The feed's zone for times written without one. @defaultValue 'UTC' */
  timeZone?: string;
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
  opts: ParseOptions = {},
): Promise<ParsedFeed> {
  const notes: string[] = [];
  const decoded = decodeBody(bytes, contentType);
  if (decoded.source !== 'utf8-valid') notes.push(`decoded as ${decoded.charset} (${decoded.source})`);
  const prepared = prepareXml(decoded.text);
  notes.push(...prepared.notes);
  const raw = await parseXmlFeed(prepared.xml, url);
  return mapItems(raw, url, limits, { now: opts.now ?? new Date(), timeZone: opts.timeZone ?? 'UTC' }, notes);
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
// The parser. rss-parser recognises RSS 0.9x/1.0/2.0 and Atom and hands us each item's xml2js nodes through
// its public `customFields` (keepArray: the raw nodes, attributes included). Its own item mapping is kept
// away from the content through the documented xml2js passthrough: every element except the feed's skeleton
// is renamed with a prefix, so rss-parser finds no <description>, <content>, <link> or <published> to map.
// That mapping computes snippets with a backtracking regex that is quadratic on text full of '<' without
// '>' (a hang on a hostile 5 MB body), throws on an unreadable Atom date or a <link> without attributes (one
// bad entry would lose the whole feed), and rebuilds nested markup recursively; the mapping below is ours.

type XmlNode = Record<string, unknown>;

interface RawFeed {
  title: string;
  base: string | null;
  items: XmlNode[];
}

/** Elements rss-parser needs under their own names to recognise the format and find the items. */
const SKELETON = new Set(['rss', 'channel', 'item', 'feed', 'entry', 'rdf:RDF']);
/** Prefix of every other element name in the xml2js tree we get back. */
const P = 'raqib:';
/** The item children we read; each comes back as the array of its raw nodes. */
const ITEM_FIELDS = [
  'title',
  'dc:title',
  'content:encoded',
  'content',
  'description',
  'summary',
  'media:description',
  'media:group',
  'link',
  'atom:link',
  'guid',
  'id',
  'pubDate',
  'dc:date',
  'published',
  'updated',
  'issued',
  'modified',
];
/** Deeper than this, an XML document is refused before any tree is built: no real feed comes close. */
export const MAX_XML_DEPTH = 512;

const FEED_TITLE = `${P}title`;

const feedParser = new Parser<{ [FEED_TITLE]?: unknown }, XmlNode>({
  xml2js: { tagNameProcessors: [(name: string) => (SKELETON.has(name) ? name : P + name)] },
  customFields: {
    feed: [FEED_TITLE],
    item: [['$', '$', { keepArray: true }], ...ITEM_FIELDS.map((f) => [P + f, P + f, { keepArray: true }])],
  },
});

async function parseXmlFeed(xml: string, url: string): Promise<RawFeed> {
  if (xml.trim() === '') throw new FetchError('malformed', url, 'empty body, not an RSS/Atom feed');
  if (looksLikeHtml(xml)) throw new FetchError('malformed', url, 'got an HTML page, not an RSS/Atom feed');
  const scan = scanXml(xml, MAX_XML_DEPTH);
  if (scan.depth > MAX_XML_DEPTH) throw new FetchError('malformed', url, `XML nested deeper than ${MAX_XML_DEPTH} elements, not a feed`);
  let out: Awaited<ReturnType<typeof feedParser.parseString>>;
  try {
    out = await feedParser.parseString(xml);
  } catch (e) {
    const msg = String((e as Error).message ?? e)
      .split('\n')[0]
      .slice(0, 200);
    const looksHtml = /<html[\s>]/i.test(xml.slice(0, 4096));
    throw new FetchError('malformed', url, looksHtml ? 'got an HTML page, not an RSS/Atom feed' : `not a valid RSS/Atom feed (${msg})`);
  }
  // an empty <item/> comes back without fields; it is kept so it is counted, not lost
  const items = (out.items ?? []).map((i) => i as XmlNode);
  return { title: textOf(out[FEED_TITLE]), base: scan.feedBase, items };
}

/**
 * One linear pass of htmlparser2's tokenizer in XML mode (no tree, no recursion) before any parser builds a
 * tree: the deepest element nesting (counting stops once past `cap`), and the xml:base of the <channel> or
 * <feed>, which items' relative links resolve against.
 */
export function scanXml(xml: string, cap: number): { depth: number; feedBase: string | null } {
  let depth = 0;
  let deepest = 0;
  let tag = '';
  let attrName = '';
  let attrValue = '';
  let feedBase: string | null = null;
  tokenize(xml, { xmlMode: true, decodeEntities: false }, (stop) => ({
    onopentagname(start, end) {
      tag = xml.slice(start, end);
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > cap) stop();
    },
    onselfclosingtag() {
      depth--;
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
    onattribname(start, end) {
      attrName = xml.slice(start, end);
      attrValue = '';
    },
    onattribdata(start, end) {
      if (attrName === 'xml:base') attrValue += xml.slice(start, end);
    },
    onattribend() {
      if (attrName === 'xml:base' && feedBase === null && depth <= 2 && (tag === 'channel' || tag === 'feed')) feedBase = attrValue;
    },
  }));
  return { depth: deepest, feedBase };
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

/** The first child element named `key` (xml2js keeps children in arrays; names carry our prefix). */
function child(node: XmlNode, key: string): unknown {
  const v = node[P + key];
  return Array.isArray(v) ? v[0] : undefined;
}

function children(node: XmlNode, key: string): unknown[] {
  const v = node[P + key];
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

function mapItems(
  raw: RawFeed,
  url: string,
  limits: Pick<FetchLimits, 'maxItems' | 'maxItemChars'>,
  opts: Required<ParseOptions>,
  notes: string[],
): ParsedFeed {
  const now = opts.now;
  const feedBase = resolveBase(raw.base, url);
  const seen = new Set<string>();
  const items: SourceItem[] = [];
  let duplicates = 0;
  let dropped = 0;
  let cut = 0;
  let empty = 0;
  let unreadableDates = 0;
  let futureDates = 0;
  let oldDates = 0;
  for (const node of raw.items) {
    if (items.length >= limits.maxItems) {
      dropped++;
      continue;
    }
    const base = resolveBase(attr(node, 'xml:base'), feedBase);
    const title = cleanTitle(
      htmlToText(textOf(child(node, 'title') ?? child(node, 'dc:title')), MAX_TITLE_CHARS).replace(/\n+/g, ' '),
      MAX_TITLE_CHARS,
    );
    const body = richestBody(node, limits.maxItemChars);
    const text = body.text;
    if (text.length >= limits.maxItemChars || body.rawLength > limits.maxItemChars * 2 + 1024) cut++;
    const link = itemLink(node, base);
    const rawDate = textOf(
      child(node, 'pubDate') ??
        child(node, 'dc:date') ??
        child(node, 'published') ??
        child(node, 'updated') ??
        child(node, 'issued') ??
        child(node, 'modified'),
    ).trim();
    const date = parseFeedDate(rawDate, { now, timeZone: opts.timeZone });
    if (date.problem === 'unreadable') unreadableDates++;
    if (date.problem === 'future') futureDates++;
    if (date.problem === 'too_old') oldDates++;
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
  if (oldDates) notes.push(`${plural(oldDates, 'date')} before 1990 left empty`);
  return { title: cleanText(raw.title, MAX_TITLE_CHARS), items, itemsDropped: dropped, notes };
}

/** Where an item's body may be, in order of preference when two say as much. */
const BODY_FIELDS = ['content:encoded', 'content', 'description', 'summary', 'media:description'] as const;

/**
 * The body that says the most: an outlet may send an empty <content:encoded/> beside a full <description>,
 * or a one-line description beside the full article, so the longest text wins and order only breaks ties.
 * Each candidate's conversion is bounded by `maxChars`.
 */
function richestBody(node: XmlNode, maxChars: number): { text: string; rawLength: number } {
  let best = { text: '', rawLength: 0 };
  const group = child(node, 'media:group');
  for (const field of BODY_FIELDS) {
    const holder =
      field === 'media:description' && child(node, field) === undefined && group && typeof group === 'object' ? (group as XmlNode) : node;
    const raw = textOf(child(holder, field));
    if (!raw.trim()) continue;
    const text = htmlToText(raw, maxChars);
    if (text.length > best.text.length) best = { text, rawLength: raw.length };
  }
  return best;
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

function itemLink(node: XmlNode, base: string): string | null {
  const links = children(node, 'link');
  if (links.some((l) => attr(l, 'href'))) {
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
