import { describe, expect, it } from 'vitest';
import { isFetchError } from './errors.ts';
import { parseFeed, parseFeedDate, prepareXml, resolveLink } from './rss.ts';

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
      now,
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
      now,
    );
    expect(rdf.items.map((i) => [i.guid, i.title])).toEqual([['https://r.example/1', 'rdf item']]);
  });

  it('content:encoded wins over description', async () => {
    const r = await parseFeed(
      Buffer.from(
        '<rss version="2.0"><channel><item><guid>1</guid><description>short</description><content:encoded><![CDATA[<p>full</p>]]></content:encoded></item></channel></rss>',
      ),
      undefined,
      'https://x.example/',
      limits,
      now,
    );
    expect(r.items[0].text).toBe('full');
  });

  it('a very long GUID is replaced by its hash', async () => {
    const r = await parseFeed(
      Buffer.from(`<rss version="2.0"><channel><item><guid>${'g'.repeat(5000)}</guid><title>t</title></item></channel></rss>`),
      undefined,
      'https://x.example/',
      limits,
      now,
    );
    expect(r.items[0].guid).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('malformed input is a FetchError naming the URL', async () => {
    const e = await parseFeed(Buffer.from('<rss><channel>'), undefined, 'https://x.example/feed', limits, now).catch((x: unknown) => x);
    expect(isFetchError(e) && e.kind).toBe('malformed');
    expect((e as Error).message).toMatch(/^https:\/\/x\.example\/feed: not a valid RSS\/Atom feed/);
  });
});

describe('parseFeedDate', () => {
  it('reads Arabic-Indic and Persian digits', () => {
    expect(parseFeedDate('٢٠٢٤-٠٥-٠١T١٠:٠٠:٠٠Z', now).date?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(parseFeedDate('۱۴۰۳', now).date).not.toBeUndefined();
  });
  it('reads a zone-less SQL date as UTC', () => {
    expect(parseFeedDate('2024-05-01 10:00:00', now).date?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });
  it('refuses far future, unreadable and missing dates with the reason', () => {
    expect(parseFeedDate('2030-01-01T00:00:00Z', now)).toEqual({ date: null, problem: 'future' });
    expect(parseFeedDate('yesterday-ish', now)).toEqual({ date: null, problem: 'unreadable' });
    expect(parseFeedDate('  ', now)).toEqual({ date: null, problem: 'missing' });
    expect(parseFeedDate('2024-06-01T12:00:00Z', now).date).not.toBeNull();
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
