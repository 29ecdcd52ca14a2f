import { FetchError } from './errors.ts';
import { tokenize } from './tokenize.ts';

/**
 * A bound on how deep an HTML page nests, checked with htmlparser2's tokenizer alone (linear, no tree, no
 * recursion) before any tree builder sees the page. The tree builders we use (parse5 under cheerio, htmlparser2
 * under linkedom) are quadratic in nesting depth: 20,000 nested <div>s took 4 s in cheerio and 24 s in
 * linkedom + Readability, 100,000 took minutes. No real page nests anywhere near the cap.
 */
export const MAX_HTML_DEPTH = 1024;

/** Elements that never have content. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'keygen',
  'frame',
  'basefont',
  'bgsound',
  'image',
  'isindex',
]);
/** Elements whose end tag may be left out: a page of 10,000 unclosed <p> or <li> is flat, not deep. */
const OPTIONAL_END = new Set([
  'html',
  'head',
  'body',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
  'tfoot',
  'option',
  'optgroup',
  'rb',
  'rt',
  'rtc',
  'rp',
  'colgroup',
  'caption',
]);

/**
 * The nesting depth of `html` as the tree builder will see it, approximately and never below it for
 * elements that need an end tag; counting stops once past `cap`. A close tag only counts against an element of
 * its name that is open, so stray end tags cannot hide depth.
 */
export function htmlNestingDepth(html: string, cap = MAX_HTML_DEPTH): number {
  const open = new Map<string, number>();
  let depth = 0;
  let deepest = 0;
  let name = '';
  tokenize(html, { decodeEntities: false }, (stop) => {
    const opened = () => {
      if (VOID.has(name) || OPTIONAL_END.has(name)) return;
      open.set(name, (open.get(name) ?? 0) + 1);
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > cap) stop();
    };
    return {
      onopentagname(start, end) {
        name = html.slice(start, end).toLowerCase();
      },
      onopentagend: opened,
      onselfclosingtag() {
        // HTML ignores the slash (<div/> opens a div that stays open); inside svg and math it does close
        if ((open.get('svg') ?? 0) + (open.get('math') ?? 0) === 0) opened();
      },
      onclosetag(start, end) {
        const n = html.slice(start, end).toLowerCase();
        const count = open.get(n) ?? 0;
        if (count > 0) {
          open.set(n, count - 1);
          depth--;
        }
      },
    };
  });
  return deepest;
}

/** Throws FetchError 'malformed' naming `url` when `html` nests deeper than {@link MAX_HTML_DEPTH}. */
export function assertHtmlDepth(html: string, url: string): void {
  if (htmlNestingDepth(html, MAX_HTML_DEPTH) > MAX_HTML_DEPTH)
    throw new FetchError('malformed', url, `HTML nested deeper than ${MAX_HTML_DEPTH} elements; refused before parsing`);
}
