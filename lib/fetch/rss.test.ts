import { describe, expect, it } from 'vitest';
import { isFetchError } from './errors.ts';
import { readFileSync } from 'node:fs';
import { MAX_XML_DEPTH, parseFeed, prepareXml, resolveLink, scanXml } from './rss.ts';

const limits = { maxItems: 10, maxItemChars: 500 };
const now = new Date('2024-06-01T00:00:00Z');

describe('prepareXml', () => {
  it('cuts a DOCTYPE with its internal subset, quoted ">" and "]" included', () => {
    const r = prepareXml('<?xml version="1.0"?><!DOCTYPE r [ <!ENTITY a "x>]y"> <!ENTITY b SYSTEM "file:///etc/passwd"> ]><r>&a;&b;</r>');
    expect(r.xml).toBe('<?xml version="1.0"?><r>&amp;a;&amp;b;</r>');
    expect(r.notes).toEqual(['DOCTYPE with 2 entity declarations removed']);
  });

  it('leaves CDATA untouched and escapes bare ampersands outside it', () => {
    expect(prepareXml('<a>Q&A &copy; &amp; &#1575;<![CDATA[&nbsp; & <b>]]></a>').xml).toBe(
      '<a>Q&amp;A &amp;copy; &amp; &#1575;<![CDATA[&nbsp; & <b>]]></a>',
    );
  });
});

describe('parseFeed', () => {
  it('an Atom feed and an RSS 1.0 (RDF) feed', async () => {
    const atom = await parseFeed(
      Buffer.from(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>e1</id><title>one</title><link href="https://a.example/1"/><updated>2024-05-01T00:00:00Z</updated></entry></feed>',
      ),
      'application/atom+xml',
      'https://a.example/feed',
      limits,
      { now },
    );
    expect(atom.title).toBe('T');
    expect(atom.items).toEqual([{ guid: 'e1', url: 'https://a.example/1', title: 'one', text: '', publishedAt: new Date('2024-05-01T00:00:00Z') }]);
    const rdf = await parseFeed(
      Buffer.from(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item rdf:about="https://r.example/1"><title>rdf item</title><link>https://r.example/1</link></item></rdf:RDF>',
      ),
      undefined,
      'https://r.example/rss',
      limits,
      { now },
    );
    expect(rdf.items.map((i) => [i.guid, i.title])).toEqual([['https://r.example/1', 'rdf item']]);
  });

  it('content:encoded wins over a description that says less', async () => {
    const r = await parseFeed(
      Buffer.from(
        '<rss version="2.0"><channel><item><guid>1</guid><description>short</description><content:encoded><![CDATA[<p>the full story</p>]]></content:encoded></item></channel></rss>',
      ),
      undefined,
      'https://x.example/',
      limits,
      { now },
    );
    expect(r.items[0].text).toBe('the full story');
  });

  it('the richest non-empty body wins, an empty element never does; titles lose edge ZWNJ; zone-less times read in the feed zone', async () => {
    const bytes = readFileSync(new URL('./testdata/feeds/empty-content-encoded.xml', import.meta.url));
    const fetchedAt = new Date('2024-05-01T12:00:00Z');
    const r = await parseFeed(
      bytes,
      'application/rss+xml',
      'https://news.example/rss',
      { maxItems: 10, maxItemChars: 5000 },
      { now: fetchedAt, timeZone: 'Asia/Tehran' },
    );
    expect(r.items.map((i) => [i.guid, i.title, i.text, i.publishedAt?.toISOString() ?? null])).toEqual([
      [
        'news-1001',
        'سخنگوی دولت: نشست آینده در بغداد برگزار می‌شود',
        'سخنگوی دولت روز چهارشنبه گفت نشست آینده در بغداد برگزار می‌شود.\n\nاو افزود که هیئت ایرانی پنجشنبه وارد می‌شود.',
        '2024-05-01T07:28:00.000Z',
      ],
      [
        'news-1002',
        'مکتب قيس الخزعلي ينفي شائعات غيابه',
        'نفى مكتب الشيخ قيس الخزعلي ما تداولته مواقع عن غيابه، مؤكداً أنه بصحة جيدة.',
        '2024-05-01T07:00:00.000Z',
      ],
      [
        'news-1003',
        'Full text in content:encoded, a teaser in description',
        'The office said on Wednesday that the meeting would be held in Baghdad.\n\nA second paragraph.',
        null,
      ],
      ['news-1004', 'Summary only', 'Only the summary has words.', '2024-05-01T10:00:00.000Z'],
    ]);
    expect(r.notes).toContain('1 date before 1990 left empty');
    // the same bytes in another zone move only the zone-less times
    const utc = await parseFeed(bytes, 'application/rss+xml', 'https://news.example/rss', { maxItems: 10, maxItemChars: 5000 }, { now: fetchedAt });
    expect(utc.items[0].publishedAt?.toISOString()).toBe('2024-05-01T10:58:00.000Z');
  });

  it('refuses XML nested deeper than the cap before building a tree, and takes xml:base from the channel', async () => {
    const deep = `<rss version="2.0"><channel><item><guid>d</guid><x>${'<n>'.repeat(MAX_XML_DEPTH)}${'</n>'.repeat(MAX_XML_DEPTH)}</x></item></channel></rss>`;
    const e = await parseFeed(Buffer.from(deep), undefined, 'https://x.example/feed', limits, { now }).catch((x: unknown) => x);
    expect((e as Error).message).toBe(`https://x.example/feed: XML nested deeper than ${MAX_XML_DEPTH} elements, not a feed`);
    expect(scanXml('<rss><channel xml:base="https://b.example/ar/"><item><link>x</link></item></channel></rss>', 10)).toEqual({
      depth: 4,
      feedBase: 'https://b.example/ar/',
    });
    // self-closing tags, comments and CDATA do not count as depth
    expect(scanXml('<a><b/><!-- <c><c><c> --><![CDATA[<d><d><d>]]><e></e></a>', 10).depth).toBe(2);
  });

  it('an item with a <link> without attributes and an unreadable Atom date loses nothing else', async () => {
    const r = await parseFeed(
      Buffer.from(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link>not an attribute</link><entry><id>e1</id><title>one</title><link>https://a.example/1</link><published>garbage</published><updated>also garbage</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry><entry><id>e2</id><title>two</title></entry></feed>',
      ),
      'application/atom+xml',
      'https://a.example/feed',
      limits,
      { now },
    );
    expect(r.items.map((i) => [i.guid, i.url, i.text, i.publishedAt])).toEqual([
      ['e1', 'https://a.example/1', 'x', null],
      ['e2', null, '', null],
    ]);
  });

  it('a very long GUID is replaced by its hash', async () => {
    const r = await parseFeed(
      Buffer.from(`<rss version="2.0"><channel><item><guid>${'g'.repeat(5000)}</guid><title>t</title></item></channel></rss>`),
      undefined,
      'https://x.example/',
      limits,
      { now },
    );
    expect(r.items[0].guid).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('malformed input is a FetchError naming the URL', async () => {
    const e = await parseFeed(Buffer.from('<rss><channel>'), undefined, 'https://x.example/feed', limits, { now }).catch((x: unknown) => x);
    expect(isFetchError(e) && e.kind).toBe('malformed');
    expect((e as Error).message).toMatch(/^https:\/\/x\.example\/feed: not a valid RSS\/Atom feed/);
  });
});

describe('resolveLink', () => {
  it('resolves relative links and refuses non-http schemes', () => {
    expect(resolveLink('../b?x=1', 'https://n.example/a/c/')).toBe('https://n.example/a/b?x=1');
    expect(resolveLink('javascript:alert(1)', 'https://n.example/')).toBeNull();
    expect(resolveLink('data:text/html,x', 'https://n.example/')).toBeNull();
    expect(resolveLink('//cdn.example/x', 'https://n.example/')).toBe('https://cdn.example/x');
  });
});
