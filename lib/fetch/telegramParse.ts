import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { assertHtmlDepth } from './htmlDepth.ts';
import type { MediaKind } from './source.ts';

/**
 * Parser for Telegram's public channel preview (`https://t.me/s/<channel>`), pure: HTML in, posts out.
 * The structure was taken from real saved pages (2023 and 2026 markup): each post is a
 * `.tgme_widget_message[data-post="<channel>/<n>"]`, its own text is the `.tgme_widget_message_text` that is not
 * inside a reply quote or a link preview, and the "more" link `a.tme_messages_more[data-before]` pages back.
 */

/** What a post carries besides text (see MediaKind). */
export type TelegramMedia = MediaKind;

export interface TelegramPost {
  /** `data-post`, e.g. `kataib_news/1234`: the item's guid. */
  guid: string;
  channel: string;
  /** Post number within the channel. */
  id: number;
  /** Permanent link `https://t.me/<channel>/<n>`. */
  link: string;
  /** ISO time from `<time datetime>`, or null when the page shows none. */
  publishedAt: string | null;
  /** Readable plain text: emoji kept, `<br>` as newline, a link's URL after its text when they differ. */
  text: string;
  /** Name of the channel or user the post was forwarded from. */
  forwardedFrom: string | null;
  /** `1.2K` → 1200; null when the page shows no counter. */
  views: number | null;
  /** Kinds of media attached, each once, in a fixed order. */
  media: TelegramMedia[];
  photoCount: number;
  videoCount: number;
  /** The footer carries Telegram's "edited" label. */
  edited: boolean;
  /** The post quotes another one (reply). */
  isReply: boolean;
}

export interface TelegramPage {
  /** Channel name as in the URL, from the posts, the header or the page URL. */
  channel: string | null;
  /** Posts in page order (oldest first, as t.me serves them). Service messages are left out. */
  posts: TelegramPost[];
  /** `?before=<id>` of the link to older posts, or null on the oldest page. */
  beforeId: number | null;
  /** True for a channel preview (even an empty one); false for a landing page or anything else. */
  isPreview: boolean;
  /** Posts left out and why (an id that is not a positive integer, another channel's post). */
  rejected: string[];
}

export interface ParseOptions {
  /** Write a link's URL after its text when they differ (default true); off to compare with plain text. */
  expandLinks?: boolean;
  /**
   * The channel this page must belong to (compared case-insensitively); a post whose `data-post` names
   * another channel is left out. Defaults to the channel in the page URL, else the page header's.
   */
  channel?: string;
}

/** Quotes and cards inside a post carry text, media and times of their own that are not the post's. */
const FOREIGN = ['tgme_widget_message_reply', 'tgme_widget_message_link_preview'];

/** Throws FetchError 'malformed' for a page nested deeper than MAX_HTML_DEPTH, before any tree is built. */
export function parseTelegramPreview(html: string, pageUrl: string, opts: ParseOptions = {}): TelegramPage {
  assertHtmlDepth(html, pageUrl);
  const $ = load(html);
  const expandLinks = opts.expandLinks ?? true;
  const expected = (opts.channel ?? channelFromUrl(pageUrl) ?? channelFromHeader($))?.toLowerCase() ?? null;
  const posts: TelegramPost[] = [];
  const rejected: string[] = [];
  $('.tgme_widget_message[data-post]').each((_, el) => {
    const post = parsePost(el, pageUrl, expandLinks, expected);
    if (typeof post === 'string') rejected.push(post);
    else if (post) posts.push(post);
  });
  const isPreview = $('.tgme_channel_history').length > 0 || posts.length > 0;
  const beforeAttr = $('a.tme_messages_more[data-before]').first().attr('data-before');
  const before = beforeAttr !== undefined && /^\d{1,15}$/.test(beforeAttr) ? Number(beforeAttr) : NaN;
  return {
    channel: posts[0]?.channel ?? channelFromHeader($) ?? channelFromUrl(pageUrl),
    posts,
    beforeId: Number.isSafeInteger(before) && before > 0 ? before : null,
    isPreview,
    rejected,
  };
}

/**
 * A post number as Telegram writes it in `data-post`: a positive integer, at most 15 digits. Real ids are
 * 32-bit; the bound keeps every accepted id exact as a JS number (cursor arithmetic) and inside Postgres's
 * bigint, so `channel/99999999999999999999999` is refused rather than rounded into another post's id.
 */
export function parsePostId(raw: string): number | null {
  if (!/^[0-9]{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

/** What one walk over a post's own elements (outside quotes and cards) finds. */
interface PostParts {
  textEl: Element | null;
  dateTime: string | null;
  anyTime: string | null;
  forwardedEl: Element | null;
  views: string | null;
  photos: number;
  videos: number;
  documents: number;
  audios: number;
  roundVideos: number;
  voices: number;
  stickers: number;
  locations: number;
  grouped: boolean;
  pollEl: Element | null;
  edited: boolean;
  reply: boolean;
  service: boolean;
}

const classesOf = (el: Element): string[] => (el.attribs.class ? el.attribs.class.split(/\s+/) : []);

/**
 * One pass over the post's subtree instead of a selector query per field: each query would compile a selector
 * and walk the post again, which made the parser several times slower than parsing the page.
 */
function collectParts(msg: Element): PostParts {
  const parts: PostParts = {
    textEl: null,
    dateTime: null,
    anyTime: null,
    forwardedEl: null,
    views: null,
    photos: 0,
    videos: 0,
    documents: 0,
    audios: 0,
    roundVideos: 0,
    voices: 0,
    stickers: 0,
    locations: 0,
    grouped: false,
    pollEl: null,
    edited: false,
    reply: false,
    service: false,
  };
  if (classesOf(msg).includes('service_message')) parts.service = true;
  // [node, inside a quote/card, inside the date link, inside the footer/meta]
  const stack: Array<[AnyNode, boolean, boolean, boolean]> = [];
  for (let i = msg.children.length - 1; i >= 0; i--) stack.push([msg.children[i], false, false, false]);
  while (stack.length) {
    const [node, foreignAbove, inDate, inFooter] = stack.pop()!;
    if (node.type !== 'tag') continue;
    const el = node as Element;
    const cls = classesOf(el);
    if (cls.includes('tgme_widget_message_reply')) parts.reply = true;
    const foreign = foreignAbove || cls.some((c) => FOREIGN.includes(c));
    let date = inDate;
    let footer = inFooter;
    if (!foreign) {
      for (const c of cls) {
        switch (c) {
          case 'tgme_widget_message_text':
            parts.textEl ??= el;
            break;
          case 'tgme_widget_message_date':
            date = true;
            break;
          case 'tgme_widget_message_footer':
            footer = true;
            break;
          case 'tgme_widget_message_meta':
            footer = true;
            // t.me writes "edited" as a bare text node here (`edited &nbsp;<a …date>`); only the meta's own
            // text nodes are read, so an author called "edited" cannot set it
            for (const ch of el.children) if (ch.type === 'text' && /\bedited\b/i.test(ch.data)) parts.edited = true;
            break;
          case 'tgme_widget_message_edited':
            parts.edited = true;
            break;
          case 'tgme_widget_message_forwarded_from_name':
            parts.forwardedEl ??= el;
            break;
          case 'tgme_widget_message_views':
            parts.views ??= textOf(el);
            break;
          case 'tgme_widget_message_photo_wrap':
            parts.photos++;
            break;
          case 'tgme_widget_message_video_player':
            parts.videos++;
            break;
          case 'tgme_widget_message_roundvideo_player':
            parts.roundVideos++;
            break;
          case 'tgme_widget_message_voice_player':
          case 'tgme_widget_message_voice':
            parts.voices++;
            break;
          case 'tgme_widget_message_sticker_wrap':
          case 'tgme_widget_message_sticker':
          case 'tgme_widget_message_tgsticker_wrap':
          case 'tgme_widget_message_videosticker_wrap':
            parts.stickers++;
            break;
          case 'tgme_widget_message_grouped_wrap':
            parts.grouped = true;
            break;
          case 'tgme_widget_message_location_wrap':
            parts.locations++;
            break;
          case 'tgme_widget_message_poll':
            parts.pollEl ??= el;
            break;
          case 'tgme_widget_message_document':
            if (hasDescendantClass(el, 'audio')) parts.audios++;
            else parts.documents++;
            break;
          case 'service_message':
            parts.service = true;
            break;
        }
      }
      if (el.name === 'time' && el.attribs.datetime) {
        if (date) parts.dateTime ??= el.attribs.datetime;
        else if (footer) parts.anyTime ??= el.attribs.datetime;
      }
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i], foreign, date, footer]);
  }
  return parts;
}

/** The post, null for a service message, or why it was left out. */
function parsePost(msg: Element, pageUrl: string, expandLinks: boolean, expectedChannel: string | null): TelegramPost | string | null {
  const dataPost = msg.attribs['data-post'] ?? '';
  const m = /^([A-Za-z0-9_]{1,64})\/([^/]*)$/.exec(dataPost);
  if (!m) return `data-post "${dataPost.slice(0, 80)}" is not <channel>/<id>`;
  const [, channel, num] = m;
  const id = parsePostId(num);
  if (id === null) return `data-post "${dataPost.slice(0, 80)}": the post id is not a positive integer of at most 15 digits`;
  if (expectedChannel !== null && channel.toLowerCase() !== expectedChannel)
    return `data-post "${dataPost.slice(0, 80)}" belongs to another channel than ${expectedChannel}`;
  const parts = collectParts(msg);
  // "Channel photo updated" and the like: not something anyone wrote
  if (parts.service) return null;
  const time = parts.dateTime ?? parts.anyTime;
  const own = parts.textEl ? readableText(parts.textEl, pageUrl, expandLinks) : '';
  const poll = parts.pollEl ? pollText(parts.pollEl) : '';
  return {
    guid: `${channel}/${id}`,
    channel,
    id,
    link: `https://t.me/${channel}/${id}`,
    publishedAt: time ? normalizeTime(time) : null,
    // a poll's question and options are what the post says; a caption, when there is one, comes first
    text: [own, poll].filter(Boolean).join('\n\n'),
    forwardedFrom: parts.forwardedEl ? collapse(textOf(parts.forwardedEl)) || null : null,
    views: parts.views === null ? null : parseCount(parts.views),
    media: mediaKinds(parts),
    photoCount: parts.photos,
    videoCount: parts.videos,
    edited: parts.edited,
    isReply: parts.reply,
  };
}

/** Each kind once, in a fixed order. */
function mediaKinds(parts: PostParts): TelegramMedia[] {
  const media: TelegramMedia[] = [];
  if (parts.grouped) media.push('album');
  if (parts.photos) media.push('photo');
  if (parts.videos) media.push('video');
  if (parts.roundVideos) media.push('round_video');
  if (parts.voices) media.push('voice');
  if (parts.audios) media.push('audio');
  if (parts.documents) media.push('document');
  if (parts.stickers) media.push('sticker');
  if (parts.pollEl) media.push('poll');
  if (parts.locations) media.push('location');
  return media;
}

/** A poll as a reader sees it: the question, then one option per line. Vote counts and percentages are left out. */
function pollText(poll: Element): string {
  let question = '';
  const options: string[] = [];
  const stack: AnyNode[] = [poll];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag') continue;
    const el = n as Element;
    const cls = classesOf(el);
    if (cls.includes('tgme_widget_message_poll_question')) {
      question ||= collapse(textOf(el));
      continue;
    }
    if (cls.includes('tgme_widget_message_poll_option_text')) {
      const t = collapse(textOf(el));
      if (t) options.push(t);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
  return [question, ...options].filter(Boolean).join('\n');
}

function hasDescendantClass(root: Element, cls: string): boolean {
  const stack: AnyNode[] = [...root.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag') continue;
    if (classesOf(n as Element).includes(cls)) return true;
    stack.push(...(n as Element).children);
  }
  return false;
}

/** Concatenated text of all descendant text nodes. */
function textOf(root: Element): string {
  let out = '';
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'text') out += n.data;
    else if (n.type === 'tag') for (let i = (n as Element).children.length - 1; i >= 0; i--) stack.push((n as Element).children[i]);
  }
  return out;
}

/** `1.2K` → 1200, `8.67M` → 8670000, `826` → 826; commas and spaces as thousands separators. */
export function parseCount(raw: string): number | null {
  const s = raw.replace(/[\s,\u00a0]/g, '');
  const m = /^(\d+(?:\.\d+)?)([KMB]?)$/i.exec(s);
  if (!m) return null;
  const mult = { '': 1, K: 1e3, M: 1e6, B: 1e9 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'B'];
  return Math.round(Number(m[1]) * mult);
}

function normalizeTime(t: string): string | null {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const BLOCK = new Set(['p', 'div', 'blockquote', 'pre', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * The post's text as a reader sees it. Whitespace inside text nodes collapses as a browser would (saved pages
 * are often pretty-printed), `<br>` and block edges become newlines, and spaces next to newlines are dropped.
 */
function readableText(root: Element, pageUrl: string, expandLinks: boolean): string {
  let out = '';
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      out += node.data.replace(/[ \t\r\n\f]+/g, ' ');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (name === 'script' || name === 'style') return;
    if (name === 'br') {
      out += '\n';
      return;
    }
    const block = BLOCK.has(name);
    if (block && out && !out.endsWith('\n')) out += '\n';
    if (name === 'a') {
      const start = out.length;
      for (const c of el.children) walk(c);
      if (expandLinks) out += linkSuffix(out.slice(start), el.attribs.href, pageUrl);
    } else {
      for (const c of el.children) walk(c);
    }
    if (block && !out.endsWith('\n')) out += '\n';
  };
  for (const c of root.children) walk(c);
  return out
    .replace(/\u00a0/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** ` (https://…)` after a link whose text does not already say where it goes; hashtags and @names stay as they are. */
function linkSuffix(text: string, href: string | undefined, pageUrl: string): string {
  if (!href) return '';
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const t = text.trim();
  if (!t || /^[#@$]/.test(t)) return '';
  const bare = (s: string) =>
    s
      .replace(/^https?:\/\//i, '')
      .replace(/^www\./i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  const full = url.toString();
  if (bare(t) === bare(full) || bare(t) === bare(safeDecode(full))) return '';
  // Telegram shortens long URLs in the text with an ellipsis: the href says the same thing in full
  if (/…$|\.\.\.$/.test(t) && bare(full).startsWith(bare(t).replace(/(…|\.\.\.)$/, ''))) return '';
  return ` (${full})`;
}

function channelFromHeader($: CheerioAPI): string | null {
  const u = collapse($('.tgme_channel_info_header_username').first().text()).replace(/^@/, '');
  return /^[A-Za-z0-9_]{3,64}$/.test(u) ? u : null;
}

/** `/s/<channel>`, `/<channel>` or a single post's `/<channel>/<n>` (`/s/<channel>/<n>`) of the page URL. */
export function channelFromUrl(pageUrl: string): string | null {
  try {
    const m = /^\/(?:s\/)?([A-Za-z0-9_]{3,64})(?:\/\d{1,15})?\/?$/.exec(new URL(pageUrl).pathname);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
