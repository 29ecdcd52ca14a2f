import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Parser for Telegram's public channel preview (`https://t.me/s/<channel>`), pure: HTML in, posts out.
 * The structure was taken from real saved pages (2023 and 2026 markup): each post is a
 * `.tgme_widget_message[data-post="<channel>/<n>"]`, its own text is the `.tgme_widget_message_text` that is not
 * inside a reply quote or a link preview, and the "more" link `a.tme_messages_more[data-before]` pages back.
 */

export type TelegramMedia = 'photo' | 'video' | 'document' | 'audio';

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
}

export interface ParseOptions {
  /** Write a link's URL after its text when they differ (default true); off to compare with plain text. */
  expandLinks?: boolean;
}

/** Quotes and cards inside a post carry text, media and times of their own that are not the post's. */
const FOREIGN = '.tgme_widget_message_reply, .tgme_widget_message_link_preview, .tgme_widget_message_poll';

export function parseTelegramPreview(html: string, pageUrl: string, opts: ParseOptions = {}): TelegramPage {
  const $ = load(html);
  const expandLinks = opts.expandLinks ?? true;
  const posts: TelegramPost[] = [];
  $('.tgme_widget_message[data-post]').each((_, el) => {
    const post = parsePost($, $(el), pageUrl, expandLinks);
    if (post) posts.push(post);
  });
  const isPreview = $('.tgme_channel_history').length > 0 || posts.length > 0;
  const beforeAttr = $('a.tme_messages_more[data-before]').first().attr('data-before');
  const before = beforeAttr !== undefined ? Number(beforeAttr) : NaN;
  return {
    channel: posts[0]?.channel ?? channelFromHeader($) ?? channelFromUrl(pageUrl),
    posts,
    beforeId: Number.isInteger(before) && before > 0 ? before : null,
    isPreview,
  };
}

function parsePost($: CheerioAPI, msg: Cheerio<Element>, pageUrl: string, expandLinks: boolean): TelegramPost | null {
  const m = /^([A-Za-z0-9_]+)\/(\d+)$/.exec(msg.attr('data-post') ?? '');
  if (!m) return null;
  // "Channel photo updated" and the like: not something anyone wrote
  if (msg.hasClass('service_message') || msg.find('.service_message').length) return null;
  const [, channel, num] = m;
  const own = (sel: string) => msg.find(sel).filter((_, e) => $(e).closest(FOREIGN).length === 0);

  const textEl = own('.tgme_widget_message_text').first();
  const text = textEl.length ? readableText($, textEl.get(0) as Element, pageUrl, expandLinks) : '';

  const time = own('.tgme_widget_message_date time[datetime]').first().attr('datetime') ?? own('.tgme_widget_message_footer time[datetime], .tgme_widget_message_meta time[datetime]').first().attr('datetime');
  const fwd = own('.tgme_widget_message_forwarded_from_name').first();
  const viewsText = own('.tgme_widget_message_views').first().text();

  const photoCount = own('.tgme_widget_message_photo_wrap').length;
  const videoCount = own('.tgme_widget_message_video_player, .tgme_widget_message_roundvideo_player').length;
  const docs = own('.tgme_widget_message_document');
  const audioCount = own('.tgme_widget_message_voice').length + docs.filter((_, e) => $(e).find('.audio').length > 0).length;
  const documentCount = docs.length - docs.filter((_, e) => $(e).find('.audio').length > 0).length;
  const media: TelegramMedia[] = [];
  if (photoCount) media.push('photo');
  if (videoCount) media.push('video');
  if (documentCount) media.push('document');
  if (audioCount) media.push('audio');

  return {
    guid: `${channel}/${num}`,
    channel,
    id: Number(num),
    link: `https://t.me/${channel}/${num}`,
    publishedAt: time ? normalizeTime(time) : null,
    text,
    forwardedFrom: fwd.length ? collapse(fwd.text()) || null : null,
    views: parseCount(viewsText),
    media,
    photoCount,
    videoCount,
    edited: isEdited($, msg),
    isReply: msg.find('.tgme_widget_message_reply').length > 0,
  };
}

/**
 * t.me writes `edited` as a bare text node in the footer meta (`<span class="…_meta">edited &nbsp;<a …date>`);
 * some versions use a `.tgme_widget_message_edited` element. Only the meta's own text nodes are read so an
 * author called "edited" cannot set it.
 */
function isEdited($: CheerioAPI, msg: Cheerio<Element>): boolean {
  if (msg.find('.tgme_widget_message_edited').filter((_, e) => $(e).closest(FOREIGN).length === 0).length) return true;
  let found = false;
  msg.find('.tgme_widget_message_meta').each((_, meta) => {
    if ($(meta).closest(FOREIGN).length) return;
    for (const child of meta.children) if (child.type === 'text' && /\bedited\b/i.test(child.data)) found = true;
  });
  return found;
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
function readableText($: CheerioAPI, root: Element, pageUrl: string, expandLinks: boolean): string {
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
  const bare = (s: string) => s.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '').toLowerCase();
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

/** `/s/<channel>` or `/<channel>` of the page URL. */
export function channelFromUrl(pageUrl: string): string | null {
  try {
    const m = /^\/(?:s\/)?([A-Za-z0-9_]{3,64})\/?$/.exec(new URL(pageUrl).pathname);
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
