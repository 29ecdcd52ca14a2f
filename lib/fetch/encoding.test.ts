import { existsSync, readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBody } from './encoding.ts';
import { ARABIC_TITLE } from './testdata/makeFixtures.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));

describe('decodeBody', () => {
  it('windows-1256 by its XML declaration', () => {
    const d = decodeBody(fixture('windows-1256-prolog.xml'));
    expect([d.charset, d.source]).toEqual(['windows-1256', 'xml']);
    expect(d.text).toContain(ARABIC_TITLE);
  });

  it('windows-1256 with no declaration is guessed', () => {
    const d = decodeBody(fixture('windows-1256-no-prolog.xml'), 'text/xml');
    expect([d.charset, d.source]).toEqual(['windows-1256', 'guess']);
    expect(d.text).toContain(ARABIC_TITLE);
  });

  it('windows-1256 by <meta charset> in an HTML page', () => {
    const d = decodeBody(fixture('windows-1256-meta-only.html'), 'text/html');
    expect([d.charset, d.source]).toEqual(['windows-1256', 'meta']);
  });

  it('the header wins over the document unless it is a server-default Latin-1', () => {
    const bytes = fixture('windows-1256-prolog.xml');
    expect(decodeBody(bytes, 'text/xml; charset=iso-8859-1').charset).toBe('windows-1256');
    expect(decodeBody(bytes, 'text/xml; charset=utf-8').charset).toBe('windows-1256');
    const latin = iconv.encode('<?xml version="1.0" encoding="windows-1256"?><p>سلام عليكم</p>', 'iso-8859-6');
    expect(decodeBody(latin, 'text/xml; charset=iso-8859-6').source).toBe('header');
  });

  it('valid UTF-8 stays UTF-8 whatever the prolog and header claim', () => {
    const d = decodeBody(fixture('utf8-incorrect-prolog.xml'), 'text/xml; charset=windows-1256');
    expect([d.charset, d.source]).toEqual(['utf-8', 'utf8-valid']);
    expect(d.text).toContain(ARABIC_TITLE);
  });

  it('UTF-16 by BOM (LE and BE), and without BOM by the "<?" pattern', () => {
    expect(decodeBody(fixture('utf16le-bom.xml')).charset).toBe('utf-16le');
    const be = decodeBody(fixture('utf16be-bom.xml'), 'text/xml; charset=utf-8');
    expect([be.charset, be.source]).toEqual(['utf-16be', 'bom']);
    expect(be.text.startsWith('<?xml')).toBe(true);
    expect(be.text).toContain(ARABIC_TITLE);
    const noBom = iconv.encode('<?xml version="1.0"?><a>سلام</a>', 'utf-16le');
    expect(decodeBody(noBom).text).toBe('<?xml version="1.0"?><a>سلام</a>');
  });

  it('a UTF-8 BOM is stripped', () => {
    const d = decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>ب</a>')]));
    expect([d.text, d.source]).toEqual(['<a>ب</a>', 'bom']);
  });

  it('mostly-UTF-8 with a stray byte keeps UTF-8 and marks the bad bytes', () => {
    const d = decodeBody(fixture('utf8-invalid-bytes.xml'));
    expect(d.charset).toBe('utf-8');
    expect(d.text).toContain('قي\uFFFD\uFFFDس');
  });

  it('Latin text with no declaration is guessed windows-1252', () => {
    const d = decodeBody(iconv.encode('<p>Café au lait, naïve façade</p>', 'windows-1252'));
    expect([d.charset, d.text]).toEqual(['windows-1252', '<p>Café au lait, naïve façade</p>']);
  });

  it('reads charset= from Content-Type, quoted or not', () => {
    expect(charsetFromContentType('text/xml; charset="Windows-1256"')).toBe('Windows-1256');
    expect(charsetFromContentType('text/xml;charset=utf-8')).toBe('utf-8');
    expect(charsetFromContentType('text/xml')).toBeNull();
  });
});

// Real cp1256 files from ../shared/bench (never copied here): decoded with no declaration, as a guess
const bench = new URL('../../../shared/bench/windows-1256/', import.meta.url);
describe.skipIf(!existsSync(bench))('real windows-1256 text from ../shared/bench', () => {
  for (const name of existsSync(bench) ? readdirSync(bench).filter((f) => f.endsWith('.txt') || f.endsWith('.html')) : []) {
    it(`${name} decodes like iconv's reference`, () => {
      const ref = readFileSync(new URL(`utf8-reference/${name}.utf8`, bench), 'utf8');
      const d = decodeBody(readFileSync(new URL(name, bench)));
      expect(d.charset).toBe('windows-1256');
      expect(d.text).toBe(ref);
    });
  }
});
