import { Parser } from 'htmlparser2';

/** Elements whose content is never text a reader sees (and must never reach storage as if it were). */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title']);

/** Elements that end a line or a paragraph in the plain text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'tr', 'ul',
]);
const PARAGRAPH = new Set(['p', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'ul', 'ol', 'figure']);

/**
 * Markup to readable plain text: entities decoded, script/style and the like dropped, paragraphs as blank
 * lines, block elements as line breaks. A streaming tokenizer, so deep nesting or a huge single line costs
 * linear time and no recursion. The result goes through `cleanText`.
 */
export function htmlToText(html: string, maxChars = Number.MAX_SAFE_INTEGER): string {
  if (!html.includes('<') && !html.includes('&')) return cleanText(html, maxChars);
  const out: string[] = [];
  let size = 0;
  let dropDepth = 0;
  let full = false;
  const push = (s: string) => {
    if (full) return;
    out.push(s);
    size += s.length;
    // stop collecting well past the cap: whitespace collapsing can only shorten what we keep
    if (size > maxChars * 2 + 1024) full = true;
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropDepth++;
        else if (PARAGRAPH.has(name)) push('\n\n');
        else if (BLOCK.has(name)) push('\n');
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (PARAGRAPH.has(name)) push('\n\n');
        else if (BLOCK.has(name) || name === 'td' || name === 'th') push(name === 'td' || name === 'th' ? ' ' : '\n');
      },
      ontext(text) {
        if (dropDepth === 0) push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  return cleanText(out.join(''), maxChars);
}

/**
 * Text safe to store and show: no NUL or other control characters (Postgres rejects U+0000 in text), lone
 * surrogates replaced with U+FFFD, spaces collapsed within lines, at most one blank line between
 * paragraphs, and at most `maxChars` characters without splitting a surrogate pair.
 */
export function cleanText(s: string, maxChars = Number.MAX_SAFE_INTEGER): string {
  // bound the work on a 20 MB item: collapsing can only shorten, so far past the cap is never needed
  const bounded = s.length > maxChars * 2 + 1024 ? s.slice(0, maxChars * 2 + 1024) : s;
  let t = bounded
    .replace(/\r\n?/g, '\n')
    // C0 controls except tab and newline, DEL, C1 controls, and the noncharacters U+FFFE/U+FFFF
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    // U+2028/2029 are line breaks in text but break JSON-in-script and some log readers
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\t\f\v \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (t.length > maxChars) {
    let end = maxChars;
    const c = t.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--;
    t = t.slice(0, end).trimEnd();
  }
  return t;
}
