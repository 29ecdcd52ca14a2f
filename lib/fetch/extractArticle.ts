import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanText, cleanTitle, htmlToText } from './cleanText.ts';
import { toDate, type DateContext } from './feedDate.ts';
import { assertHtmlDepth } from './htmlDepth.ts';

/**
 * An article page's main text, readability-style (@mozilla/readability on a linkedom DOM, no browser), pure.
 * Navigation, ads, related links and comments are left out. When Readability finds no article (a very short
 * page, or under 200 characters of text), the text of `<article>`, `<main>` or the body is used instead so a short statement is not lost.
 */
export interface ExtractedArticle {
  title: string;
  /** Plain text, paragraphs separated by blank lines. */
  text: string;
  byline: string | null;
  /** From the page's metadata (article:published_time, JSON-LD, <time datetime>), when it has any. */
  publishedAt: Date | null;
  lang: string | null;
  /** `readability`, or `fallback` when Readability gave up. */
  method: 'readability' | 'fallback';
}

/** Readability walks the whole DOM; a pathological page is cut off rather than allowed to take seconds. */
const MAX_ELEMS = 20_000;
/** Below this much article text, Readability's pick is not trusted over the page's <article>/<main>. */
const SHORT_PAGE_CHARS = 200;

/**
 * Throws FetchError 'malformed' for a page nested deeper than MAX_HTML_DEPTH (checked before any tree is
 * built). `dates` reads zone-less times in the feed's zone.
 */
export function extractArticle(html: string, url: string, maxChars = 100_000, dates: DateContext = { now: new Date() }): ExtractedArticle {
  assertHtmlDepth(html, url);
  const { document } = parseHTML(withBase(html, url));
  const metaTime = publishedFromMeta(document, dates);
  const lang = document.documentElement?.getAttribute('lang') || null;
  let parsed: ReturnType<Readability['parse']> = null;
  try {
    // Readability mutates the DOM it is given, so it gets its own copy
    const { document: copy } = parseHTML(withBase(html, url));
    parsed = new Readability(copy as unknown as Document, { maxElemsToParse: MAX_ELEMS, charThreshold: 200 }).parse();
  } catch {
    parsed = null;
  }
  // on a very short page Readability keeps whatever is there, menus included; the plain fallback does better
  if (parsed && parsed.content && (parsed.textContent ?? '').trim().length >= SHORT_PAGE_CHARS) {
    return {
      title: cleanTitle(parsed.title ?? document.title ?? '', 1000),
      text: htmlToText(parsed.content, maxChars),
      byline: parsed.byline ? cleanText(parsed.byline, 300) : null,
      publishedAt: toDate(parsed.publishedTime, dates) ?? metaTime,
      lang: parsed.lang || lang,
      method: 'readability',
    };
  }
  const root = document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  if (root) for (const el of Array.from(root.querySelectorAll('nav, header, footer, aside, script, style, noscript, form'))) el.remove();
  return {
    title: cleanTitle(document.querySelector('h1')?.textContent || document.title || '', 1000),
    text: root ? htmlToText(root.innerHTML ?? '', maxChars) : '',
    byline: null,
    publishedAt: metaTime,
    lang,
    method: 'fallback',
  };
}

/** Readability resolves relative links against the document's base; linkedom has no URL, so give it one. */
function withBase(html: string, url: string): string {
  if (/<base\s/i.test(html.slice(0, 4096))) return html;
  const base = `<base href="${url.replace(/"/g, '&quot;')}">`;
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${base}`) : `${base}${html}`;
}

function publishedFromMeta(
  document: { querySelector(sel: string): { getAttribute(n: string): string | null } | null },
  dates: DateContext,
): Date | null {
  for (const sel of ['meta[property="article:published_time"]', 'meta[name="pubdate"]', 'meta[itemprop="datePublished"]', 'meta[name="date"]']) {
    const d = toDate(document.querySelector(sel)?.getAttribute('content'), dates);
    if (d) return d;
  }
  return toDate(document.querySelector('time[datetime]')?.getAttribute('datetime'), dates);
}
