import iconv from 'iconv-lite';

export type CharsetSource = 'bom' | 'header' | 'xml' | 'meta' | 'utf8-valid' | 'guess';

export interface DecodedBody {
  text: string;
  /** The charset the bytes were decoded with, lowercase (utf-8, windows-1256, utf-16le...). */
  charset: string;
  /** What decided it. */
  source: CharsetSource;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Charset labels servers default to without looking at the document (Apache's AddDefaultCharset). */
const SERVER_DEFAULTS = new Set(['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252']);

function normalizeLabel(label: string | undefined | null): string | null {
  if (!label) return null;
  let l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (l === 'utf8') l = 'utf-8';
  if (l === 'cp1256' || l === 'x-cp1256' || l === 'windows1256') l = 'windows-1256';
  if (l === 'unicode' || l === 'utf-16') l = 'utf-16le';
  return iconv.encodingExists(l) ? l : null;
}

const isUtf8Label = (l: string) => l === 'utf-8';
const isUtf16Label = (l: string) => l.startsWith('utf-16') || l === 'ucs-2' || l === 'ucs2';

/** charset= parameter of a Content-Type header. */
export function charsetFromContentType(header: string | undefined): string | null {
  if (!header) return null;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(header);
  return m ? m[2] : null;
}

/** encoding="…" of an XML declaration at the very start of the document (ASCII-compatible bytes). */
function charsetFromXmlDeclaration(head: string): string | null {
  const m = /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  return m ? m[1] : null;
}

/** <meta charset> or <meta http-equiv content="…charset=…"> in the first 2 KB, as browsers look. */
function charsetFromMeta(head: string): string | null {
  const a = /<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})/i.exec(head);
  return a ? a[1] : null;
}

/**
 * A guess for bytes that are not UTF-8 and declare nothing usable: windows-1256 when the high bytes look
 * like Arabic letters in that code page (long runs of 0xC1–0xFE between spaces), else windows-1252.
 */
function guessCharset(bytes: Buffer): string {
  let high = 0;
  let letters = 0;
  const n = Math.min(bytes.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b >= 0xc1 && b <= 0xfe) high++;
    if (b >= 0xc1 || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) letters++;
  }
  return letters > 0 && high / letters > 0.3 ? 'windows-1256' : 'windows-1252';
}

function mostlyValidUtf8(decoded: string): boolean {
  let bad = 0;
  let good = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c === 0xfffd) bad++;
    else if (c > 0x7f) good++;
  }
  return good > bad * 4;
}

function decodeWith(bytes: Buffer, charset: string): string {
  // iconv-lite strips a BOM and replaces bytes it cannot map with U+FFFD; it never throws on content
  return iconv.decode(bytes, charset);
}

/**
 * Bytes to text in Miniflux's order, with changedetection's declarations: a BOM first; bytes that are
 * valid UTF-8 stay UTF-8 whatever the prolog claims (a UTF-8 feed declaring windows-1256 is common, the
 * reverse cannot be valid UTF-8 by accident on Arabic text); then the header's charset, the XML
 * declaration, <meta charset> in the first 2 KB, and a guess. A server-default Latin-1 header loses to
 * the document's own declaration, since that default is set without looking at the file.
 */
export function decodeBody(bytes: Buffer, contentTypeHeader?: string): DecodedBody {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'bom' };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeWith(bytes, 'utf-16le'), charset: 'utf-16le', source: 'bom' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeWith(bytes, 'utf-16be'), charset: 'utf-16be', source: 'bom' };
  // UTF-16 without a BOM: "<?" as 16-bit units (XML 1.0 appendix F); NULs would pass as valid UTF-8
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0x3f && bytes[3] === 0)
    return { text: decodeWith(bytes, 'utf-16le'), charset: 'utf-16le', source: 'xml' };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] === 0x3f)
    return { text: decodeWith(bytes, 'utf-16be'), charset: 'utf-16be', source: 'xml' };

  try {
    return { text: strictUtf8.decode(bytes), charset: 'utf-8', source: 'utf8-valid' };
  } catch {
    // not UTF-8: go by what the server and the document say
  }

  const head = bytes.subarray(0, 2048).toString('latin1');
  const header = normalizeLabel(charsetFromContentType(contentTypeHeader));
  const xml = normalizeLabel(charsetFromXmlDeclaration(head));
  const meta = normalizeLabel(charsetFromMeta(head));
  const usable = (l: string | null): l is string => !!l && !isUtf8Label(l) && !isUtf16Label(l);
  const documentSays = usable(xml) ? xml : usable(meta) ? meta : null;

  // mostly UTF-8 with a few broken sequences (a truncated multi-byte char, one stray byte): keep UTF-8 and
  // replace the broken bytes, rather than turn a whole Arabic document into mojibake. cp1256 Arabic almost
  // never forms valid multi-byte sequences, so it cannot pass this.
  // judged on the first 64 KB so a large cp1256 body is not decoded twice
  const lossySample = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024));
  if (mostlyValidUtf8(lossySample)) {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const declared = [header, xml, meta].find((l) => l === 'utf-8');
    const source: CharsetSource = declared === undefined ? 'guess' : header === 'utf-8' ? 'header' : xml === 'utf-8' ? 'xml' : 'meta';
    return { text: lossy, charset: 'utf-8', source };
  }
  if (usable(header) && !(SERVER_DEFAULTS.has(header) && documentSays && documentSays !== header))
    return { text: decodeWith(bytes, header), charset: header, source: 'header' };
  if (usable(xml)) return { text: decodeWith(bytes, xml), charset: xml, source: 'xml' };
  if (usable(meta)) return { text: decodeWith(bytes, meta), charset: meta, source: 'meta' };
  const guess = guessCharset(bytes);
  return { text: decodeWith(bytes, guess), charset: guess, source: 'guess' };
}
