import { Tokenizer } from 'htmlparser2';

/** Elements whose content is never text a reader sees (and must never reach storage as if it were). */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'title']);

/** Elements that end a line in the plain text. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'footer',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'section',
  'tr',
]);
/** Elements that make a paragraph (a blank line) in the plain text. */
const PARAGRAPH = new Set(['p', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'ul', 'ol', 'figure']);

// break markers while collecting; runs of them and whitespace collapse to one newline or one blank line
const LINE = '\uE000';
const PARA = '\uE001';

/**
 * Markup to readable plain text: entities decoded, script/style and the like dropped, paragraphs as blank
 * lines, block elements as line breaks. It runs htmlparser2's tokenizer without its tree builder: the
 * builder keeps its open-element stack with Array.unshift, quadratic on deep nesting (a minute for 200,000
 * nested <div>s), while the tokenizer alone is linear and never recurses. The result goes through
 * `cleanText`.
 */
export function htmlToText(html: string, maxChars = Number.MAX_SAFE_INTEGER): string {
  if (!html.includes('<') && !html.includes('&')) return cleanText(html, maxChars);
  const out: string[] = [];
  const budget = maxChars * 2 + 1024;
  let size = 0;
  let dropDepth = 0;
  let tagName = '';
  const push = (s: string) => {
    if (s === LINE || s === PARA) {
      // consecutive breaks merge into the stronger one, so 200,000 nested <div>s cost one marker
      const last = out[out.length - 1];
      if (last === LINE || last === PARA) {
        if (s === PARA) out[out.length - 1] = PARA;
        return;
      }
    }
    out.push(s);
    size += s.length;
    // collapsing can only shorten what we keep, so stop reading well past the cap
    if (size > budget) tokenizer.pause();
  };
  const open = (name: string) => {
    if (DROPPED.has(name)) dropDepth++;
    else if (PARAGRAPH.has(name)) push(PARA);
    else if (BLOCK.has(name)) push(LINE);
  };
  const close = (name: string) => {
    if (DROPPED.has(name)) dropDepth = Math.max(0, dropDepth - 1);
    else if (PARAGRAPH.has(name)) push(PARA);
    else if (BLOCK.has(name)) push(LINE);
    else if (name === 'td' || name === 'th') push(' ');
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      ontext(start, end) {
        // whitespace runs shrink to one character here, so a megabyte of spaces cannot eat the budget
        if (dropDepth === 0)
          push(
            html
              .slice(start, end)
              .replace(/[\uE000\uE001]/g, '')
              .replace(/[ \t\r\n\f]{2,}/g, (run) => (run.includes('\n') ? '\n' : ' ')),
          );
      },
      ontextentity(codepoint) {
        if (dropDepth === 0) push(String.fromCodePoint(codepoint));
      },
      oncdata(start, end) {
        if (dropDepth === 0) push(html.slice(start, end));
      },
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        open(tagName);
      },
      onselfclosingtag() {
        if (DROPPED.has(tagName)) dropDepth = Math.max(0, dropDepth - 1);
      },
      onclosetag(start, end) {
        close(html.slice(start, end).toLowerCase());
      },
      onopentagend() {},
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncomment() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      onend() {},
    },
  );
  tokenizer.write(html);
  if (tokenizer.running) tokenizer.end();
  return cleanText(collapseBreaks(out.join('')), maxChars);
}

/**
 * Each run of whitespace holding break markers becomes one newline, or a blank line when a paragraph
 * marker is in it. A hand loop: the obvious regex backtracks quadratically on long runs of plain spaces.
 */
function collapseBreaks(s: string): string {
  if (!s.includes(LINE) && !s.includes(PARA)) return s;
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  const n = s.length;
  const isRunChar = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === LINE || c === PARA;
  while (i < n) {
    if (!isRunChar(s[i])) {
      i++;
      continue;
    }
    let j = i;
    let marker = '';
    while (j < n && isRunChar(s[j])) {
      if (s[j] === PARA) marker = PARA;
      else if (s[j] === LINE && marker !== PARA) marker = LINE;
      j++;
    }
    if (marker) {
      parts.push(s.slice(from, i), marker === PARA ? '\n\n' : '\n');
      from = j;
    }
    i = j;
  }
  parts.push(s.slice(from));
  return parts.join('');
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

/** Spaces and invisible format characters (ZWNJ, ZWJ, direction marks, BOM) a title may start or end with. */
const EDGE_INVISIBLES = /^[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]+|[\s\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]+$/g;

/**
 * A one-line title: `cleanText`, then leading and trailing ZWNJ, direction marks and spaces removed. Inside the
 * title they stay: a ZWNJ between letters is part of Persian spelling (می‌گوید).
 */
export function cleanTitle(s: string, maxChars = Number.MAX_SAFE_INTEGER): string {
  const t = cleanText(s, maxChars + 64).replace(EDGE_INVISIBLES, '');
  return t.length > maxChars ? cleanText(t, maxChars).replace(EDGE_INVISIBLES, '') : t;
}
