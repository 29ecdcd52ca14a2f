/**
 * Hostile and broken input (issue 9), each served from 127.0.0.1 and fetched through the production path
 * (fetchFeed → rss source → http client). Every case asserts its outcome (the error kind and a message
 * naming the URL, or the exact parsed values), a generous bound on the time it took (a safety bound, not a
 * benchmark), and, after each case, that this process still fetches a good feed with bounded memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zc, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FeedConfig } from '../../config/feedsSchema.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { FetchError, isFetchError, type FetchErrorKind } from './errors.ts';
import { fetchFeed } from './fetchSource.ts';
import type { FetchLimits, SourceResult, SourceState } from './source.ts';
import { ARABIC_TEXT, ARABIC_TITLE } from './testdata/makeFixtures.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const SAFETY_BOUND_MS = 10_000;

let server: LocalServer;
let other: LocalServer; // a loopback port that is NOT on the allow list
let limits: FetchLimits;
let secretDir: string;
let secretFile: string;
const SECRET = 'TOP-SECRET-a1b2c3-DO-NOT-LEAK';

const rss = (items: string, channelAttrs = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel${channelAttrs}><title>t</title><link>https://news.example/</link>${items}</channel></rss>`;
const item = (guid: string, title: string, extra = '') => `<item><guid>${guid}</guid><title>${title}</title>${extra}</item>`;

const send =
  (body: string | Buffer, headers: Record<string, string | number> = { 'content-type': 'application/rss+xml; charset=utf-8' }, status = 200) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

const redirect =
  (to: string, status = 302) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { location: to });
    res.end();
  };

function feedAt(url: string): FeedConfig {
  return FeedConfig.parse({ id: 'hostile', name: 'hostile', kind: 'rss', url });
}

interface Outcome {
  result?: SourceResult;
  error?: FetchError;
  ms: number;
}

async function run(path: string, over: Partial<FetchLimits> = {}, state: SourceState = {}, feed?: FeedConfig): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const result = await fetchFeed(feed ?? feedAt(server.origin + path), state, { ...limits, ...over });
    return { result, ms: performance.now() - t0 };
  } catch (e) {
    if (!isFetchError(e)) throw e;
    return { error: e, ms: performance.now() - t0 };
  }
}

function expectError(o: Outcome, kind: FetchErrorKind, urlPart: string, message?: RegExp): FetchError {
  expect(o.result, `expected a ${kind} error, got a result`).toBeUndefined();
  expect(o.error?.kind).toBe(kind);
  expect(o.error!.message).toContain(urlPart);
  if (message) expect(o.error!.message).toMatch(message);
  expect(o.ms).toBeLessThan(SAFETY_BOUND_MS);
  return o.error!;
}

function expectItems(o: Outcome): SourceResult {
  expect(o.error, `unexpected error: ${o.error?.message}`).toBeUndefined();
  expect(o.ms).toBeLessThan(SAFETY_BOUND_MS);
  for (const i of o.result!.items) {
    expect(i.title + i.text + i.guid).not.toMatch(/\u0000/);
  }
  return o.result!;
}

/** Streams `chunk` as fast as the socket takes it until the client goes away. */
function endless(chunk: Buffer, headers: Record<string, string> = { 'content-type': 'application/rss+xml' }) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, headers);
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(chunk)) {
        /* keep writing while the buffer drains */
      }
      if (open) res.once('drain', pump);
    };
    pump();
  };
}

/** Writes one small piece every `everyMs` until the client goes away: activity that never completes. */
function drip(first: string, piece: string, everyMs: number, raw = false) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const sock = req.socket;
    if (raw) sock.write(first);
    else {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write(first);
    }
    const t = setInterval(() => (raw ? sock.write(piece) : res.write(piece)), everyMs);
    sock.on('close', () => clearInterval(t));
  };
}

beforeAll(async () => {
  secretDir = mkdtempSync(join(tmpdir(), 'raqib-xxe-'));
  secretFile = join(secretDir, 'secret.txt');
  writeFileSync(secretFile, SECRET);
  other = await startLocalServer({ '*': send(rss(item('x', 'must never be fetched'))) });
  server = await startLocalServer({ '/ok': send(rss(item('ok-1', 'good') + item('ok-2', 'good too'))) });
  limits = testFetchLimits([server.hostPort], { timeoutMs: 1500, maxItemChars: 2000, userAgent: 'RaqibBot/test (+hostile suite)' });
});

afterAll(async () => {
  await server?.close();
  await other?.close();
  rmSync(secretDir, { recursive: true, force: true });
});

afterEach(async () => {
  // the worker is fine afterwards: a good feed still fetches, memory is bounded
  const ok = await run('/ok');
  expect(ok.result?.items.map((i) => i.guid)).toEqual(['ok-1', 'ok-2']);
  expect(process.memoryUsage().heapUsed).toBeLessThan(768 * 1024 * 1024);
  expect(other.requests).toEqual([]);
});

describe('XML attacks', () => {
  it('billion laughs: entities are never expanded', async () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`.replace('&lol0;', '&lol;'));
    server.route(
      '/laughs',
      send(`<?xml version="1.0"?>\n<!DOCTYPE rss [\n${lol.join('\n')}\n]>\n${rss(item('l1', 'a &lol9; b')).replace(/^<\?xml[^>]*>\n/, '')}`),
    );
    const r = expectItems(await run('/laughs'));
    expect(r.items).toHaveLength(1);
    expect(r.items[0].title).toBe('a &lol9; b');
    expect(r.notes.join(';')).toMatch(/DOCTYPE with 10 entity declarations removed/);
  });

  it('XXE: a file:// external entity is never read', async () => {
    const body = `<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file://${secretFile}"> ]>\n${rss(
      item('x1', 'leak: &xxe;', `<description>body &xxe; end</description><link>https://news.example/&xxe;</link>`),
    ).replace(/^<\?xml[^>]*>\n/, '')}`;
    server.route('/xxe', send(body));
    const r = expectItems(await run('/xxe'));
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r.items[0].title).toBe('leak: &xxe;');
    expect(r.items[0].text).toBe('body &xxe; end');
  });

  it('XXE: a parameter entity and an external DTD are neither read nor fetched', async () => {
    const body = `<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "${server.origin}/evil.dtd" [ <!ENTITY % p SYSTEM "file://${secretFile}"> %p; ]>\n${rss(item('p1', 'param')).replace(/^<\?xml[^>]*>\n/, '')}`;
    server.route('/xxe-param', send(body));
    const r = expectItems(await run('/xxe-param'));
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(r.items.map((i) => i.title)).toEqual(['param']);
    expect(server.requests.filter((p) => p.startsWith('/evil.dtd'))).toEqual([]);
  });

  it('truncated XML is malformed', async () => {
    server.route('/truncated', send(rss(item('t1', 'cut') + item('t2', 'cut too')).slice(0, 150)));
    expectError(await run('/truncated'), 'malformed', '/truncated', /not a valid RSS\/Atom feed/);
  });

  it('a non-XML body is malformed', async () => {
    server.route('/text', send('just some words, no markup at all', { 'content-type': 'text/plain' }));
    expectError(await run('/text'), 'malformed', '/text');
  });

  it('an HTML page instead of RSS is malformed and says so', async () => {
    server.route(
      '/html',
      send('<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome<br></body></html>', { 'content-type': 'text/html' }),
    );
    expectError(await run('/html'), 'malformed', '/html', /HTML page, not an RSS\/Atom feed/);
  });

  it('an empty body is malformed', async () => {
    server.route('/empty-body', send(''));
    expectError(await run('/empty-body'), 'malformed', '/empty-body', /empty body/);
  });

  it('an empty feed is zero items, not an error', async () => {
    server.route('/empty-feed', send(rss('')));
    expect(expectItems(await run('/empty-feed')).items).toEqual([]);
  });

  it('deep nesting ends in bounded time', async () => {
    const depth = 100_000;
    server.route('/deep', send(rss(item('d1', 'deep', `<x>${'<n>'.repeat(depth)}${'</n>'.repeat(depth)}</x>`))));
    const o = await run('/deep', { maxBytes: 2 * 1024 * 1024 });
    expect(o.ms).toBeLessThan(SAFETY_BOUND_MS);
    if (o.error) expect(o.error.kind).toBe('malformed');
    else expect(o.result!.items.map((i) => i.title)).toEqual(['deep']);
  });

  it('deeply nested HTML inside an item (200,000 <div>s in CDATA) is flattened in bounded time', async () => {
    const depth = 200_000;
    server.route(
      '/deep-html',
      send(rss(item('dh', 'deep html', `<description><![CDATA[${'<div>'.repeat(depth)}core text${'</div>'.repeat(depth)}]]></description>`))),
    );
    const r = expectItems(await run('/deep-html', { maxBytes: 4 * 1024 * 1024 }));
    expect(r.items[0].text).toBe('core text');
  });

  it('a huge single line full of "<" without ">" parses in bounded time', async () => {
    // rss-parser's own snippet regex is quadratic on this; we never run it
    server.route('/huge-line', send(rss(item('h1', 'huge', `<description>${'&lt;a '.repeat(150_000)}</description>`))));
    const r = expectItems(await run('/huge-line'));
    expect(r.items[0].title).toBe('huge');
    expect(r.items[0].text.length).toBeLessThanOrEqual(limits.maxItemChars);
  });

  it('thousands of comments before an HTML page are sniffed in linear time', async () => {
    server.route('/comments', send(`${'<!-- x -->'.repeat(20_000)}<!DOCTYPE html><html><body>hi</body></html>`, { 'content-type': 'text/html' }));
    expectError(await run('/comments'), 'malformed', '/comments', /HTML page/);
  });

  it('a megabyte of whitespace between paragraphs collapses in linear time', async () => {
    server.route(
      '/spaces',
      send(rss(item('sp', 'spaces', `<description><![CDATA[<p>first</p>${' \t'.repeat(400_000)}<p>second</p>]]></description>`))),
    );
    const r = expectItems(await run('/spaces'));
    expect(r.items[0].text).toBe('first\n\nsecond');
  });

  it('bare ampersands and HTML entities do not break the feed', async () => {
    server.route('/amp', send(rss(item('a1', 'AT&T &amp; Q&amp;A&nbsp;now', '<link>https://news.example/?a=1&b=2</link>'))));
    const r = expectItems(await run('/amp'));
    expect(r.items[0].title).toBe('AT&T & Q&A now');
    expect(r.items[0].url).toBe('https://news.example/?a=1&b=2');
  });
});

describe('charsets', () => {
  const arabicOk = (r: SourceResult) => {
    expect(r.items[0].title).toBe(ARABIC_TITLE);
    expect(r.items[0].text).toBe(ARABIC_TEXT);
    expect(r.items[1].title).toBe('مقتدى الصدر يدعو إلى التهدئة');
  };

  it('windows-1256 with a prolog and a wrong utf-8 header', async () => {
    server.route('/cp1256-wrong-header', send(fixture('windows-1256-prolog.xml'), { 'content-type': 'application/rss+xml; charset=utf-8' }));
    arabicOk(expectItems(await run('/cp1256-wrong-header')));
  });

  it('windows-1256 with a prolog and a server-default Latin-1 header', async () => {
    server.route('/cp1256-latin1-header', send(fixture('windows-1256-prolog.xml'), { 'content-type': 'text/xml; charset=ISO-8859-1' }));
    arabicOk(expectItems(await run('/cp1256-latin1-header')));
  });

  it('windows-1256 with no charset anywhere (missing declarations)', async () => {
    server.route('/cp1256-none', send(fixture('windows-1256-no-prolog.xml'), { 'content-type': 'application/xml' }));
    const r = expectItems(await run('/cp1256-none'));
    arabicOk(r);
    expect(r.notes).toContain('decoded as windows-1256 (guess)');
  });

  it('windows-1256 named only by the header', async () => {
    server.route('/cp1256-header', send(fixture('windows-1256-no-prolog.xml'), { 'content-type': 'application/rss+xml; charset="windows-1256"' }));
    const r = expectItems(await run('/cp1256-header'));
    arabicOk(r);
    expect(r.notes).toContain('decoded as windows-1256 (header)');
  });

  it('UTF-8 bytes whose prolog wrongly claims windows-1256 stay UTF-8', async () => {
    server.route('/utf8-wrong-prolog', send(fixture('utf8-incorrect-prolog.xml'), { 'content-type': 'text/xml; charset=windows-1256' }));
    arabicOk(expectItems(await run('/utf8-wrong-prolog')));
  });

  it('invalid UTF-8 bytes become U+FFFD and the rest of the document survives', async () => {
    server.route('/bad-utf8', send(fixture('utf8-invalid-bytes.xml')));
    const r = expectItems(await run('/bad-utf8'));
    expect(r.items[0].title).toBe(`قي\uFFFD\uFFFD${ARABIC_TITLE.slice(2)}`);
    expect(r.items[0].text).toBe(ARABIC_TEXT);
  });

  it('UTF-16LE with a BOM', async () => {
    server.route('/utf16le', send(fixture('utf16le-bom.xml'), { 'content-type': 'application/xml' }));
    arabicOk(expectItems(await run('/utf16le')));
  });

  it('UTF-16BE with a BOM, whatever the header says', async () => {
    server.route('/utf16be', send(fixture('utf16be-bom.xml'), { 'content-type': 'application/xml; charset=utf-8' }));
    arabicOk(expectItems(await run('/utf16be')));
  });

  it('NUL bytes and control characters are removed before storage', async () => {
    server.route('/nul', send(fixture('nul-and-controls.xml')));
    const r = expectItems(await run('/nul'));
    expect(r.items[0].title).toBe('عنوان مع محارف تحكم');
    expect(r.items[0].text).toBe('نص فيه أصفار');
    expect(r.notes).toContain('6 control characters removed');
  });

  it('references to characters XML forbids (&#0;, a lone surrogate) are dropped, not fatal', async () => {
    server.route('/nul-ref', send(rss(item('n1', 'a&#0;b&#x1b;c&#xD800;d'))));
    const r = expectItems(await run('/nul-ref'));
    expect(r.items[0].title).toBe('abcd');
  });
});

describe('bombs, endless and slow responses', () => {
  it('gzip bomb stops at the decompressed size cap', async () => {
    server.route(
      '/gzip-bomb',
      send(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }),
    );
    expectError(await run('/gzip-bomb'), 'too_large', '/gzip-bomb', /over the 1 MiB limit after decompression/);
  });

  it('brotli bomb stops at the decompressed size cap', async () => {
    const bomb = brotliCompressSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { params: { [zc.BROTLI_PARAM_QUALITY]: 4 } });
    server.route('/br-bomb', send(bomb, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' }));
    expectError(await run('/br-bomb'), 'too_large', '/br-bomb', /after decompression/);
  });

  it('deflate bomb stops at the decompressed size cap', async () => {
    server.route(
      '/deflate-bomb',
      send(deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' }),
    );
    expectError(await run('/deflate-bomb'), 'too_large', '/deflate-bomb', /after decompression/);
  });

  it('a small gzip, raw-deflate and brotli feed decode fine', async () => {
    const body = Buffer.from(rss(item('z1', 'zipped')));
    server.route('/gz', send(gzipSync(body), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }));
    server.route('/br', send(brotliCompressSync(body), { 'content-type': 'application/rss+xml', 'content-encoding': 'br' }));
    const { deflateRawSync } = await import('node:zlib');
    server.route('/raw-deflate', send(deflateRawSync(body), { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' }));
    for (const p of ['/gz', '/br', '/raw-deflate']) expect(expectItems(await run(p)).items[0].title).toBe('zipped');
  });

  it('a corrupt gzip body is malformed', async () => {
    server.route('/bad-gzip', send(Buffer.from('this is not gzip at all'), { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }));
    expectError(await run('/bad-gzip'), 'malformed', '/bad-gzip', /corrupt gzip body/);
  });

  it('an endless body stops at the size cap', async () => {
    server.route('/endless', endless(Buffer.alloc(64 * 1024, 0x61)));
    expectError(await run('/endless'), 'too_large', '/endless', /over the 1 MiB limit/);
  });

  it('an endless gzip stream stops at the size cap', async () => {
    server.route('/endless-gzip', endless(gzipSync(Buffer.alloc(1024 * 1024, 0x20)).subarray(0, 1000), { 'content-encoding': 'gzip' }));
    const o = await run('/endless-gzip');
    // the stream is garbage after the first member's bytes: it ends as corrupt or over the cap, never hangs
    expect(['too_large', 'malformed']).toContain(o.error?.kind);
    expect(o.ms).toBeLessThan(SAFETY_BOUND_MS);
  });

  it('a slow-drip body ends at the total deadline, activity does not extend it', async () => {
    server.route('/drip', drip('<?xml version="1.0"?><rss version="2.0"><channel>', ' ', 50));
    const e = expectError(await run('/drip'), 'timeout', '/drip', /within 1500 ms/);
    expect(e.message).toMatch(/after 1[5-9]\d\d ms|after [2-9]\d\d\d ms/);
  });

  it('slow headers end at the total deadline', async () => {
    server.route('/slow-headers', drip('HTTP/1.1 200 OK\r\n', 'X-Slow: 1\r\n', 50, true));
    expectError(await run('/slow-headers'), 'timeout', '/slow-headers');
  });

  it('a server that never answers ends at the deadline', async () => {
    server.route('/silent', () => {
      /* never responds */
    });
    expectError(await run('/silent'), 'timeout', '/silent');
  });

  it('headers then no body ever ends at the deadline', async () => {
    server.route('/no-body', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '5000' });
      res.flushHeaders();
    });
    expectError(await run('/no-body'), 'timeout', '/no-body');
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    server.route('/declared-huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
      res.write('<rss>');
    });
    expectError(await run('/declared-huge'), 'too_large', '/declared-huge', /50 MiB is over the 1 MiB limit/);
  });

  it('a connection reset mid-body is a connect error', async () => {
    server.route('/reset', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '100000' });
      res.write('<rss version="2.0"><channel>');
      setTimeout(() => req.socket.destroy(), 20);
    });
    expectError(await run('/reset'), 'connect', '/reset');
  });

  it('a closed port is a connect error', async () => {
    const gone = await startLocalServer();
    const url = `${gone.origin}/feed`;
    await gone.close();
    expectError(await run('', { allow: [...limits.allow, gone.hostPort] }, {}, feedAt(url)), 'connect', url, /ECONNREFUSED/);
  });
});

describe('redirects and the SSRF guard', () => {
  it('a redirect loop is refused', async () => {
    server.route('/loop-a', redirect('/loop-b'));
    server.route('/loop-b', redirect('/loop-a'));
    expectError(await run('/loop-a'), 'redirect', '/loop-b', /redirect loop back to .*\/loop-a/);
  });

  it('a redirect to itself is a loop', async () => {
    server.route('/self', redirect('/self', 301));
    expectError(await run('/self'), 'redirect', '/self', /loop/);
  });

  it('a long redirect chain stops at the hop limit', async () => {
    for (let i = 0; i < 10; i++) server.route(`/chain-${i}`, redirect(`/chain-${i + 1}`, 307));
    expectError(await run('/chain-0'), 'redirect', '/chain-3', /too many redirects \(more than 3\)/);
    expect(server.requests.filter((p) => p.startsWith('/chain-'))).toEqual(['/chain-0', '/chain-1', '/chain-2', '/chain-3']);
  });

  it('a short redirect chain is followed and relative links resolve against the final URL', async () => {
    server.route('/moved', redirect('/moved-2', 301));
    server.route('/moved-2', redirect(`${server.origin}/news/feed.xml`, 308));
    server.route('/news/feed.xml', send(rss(item('m1', 'moved', '<link>story/1.html</link>'))));
    const r = expectItems(await run('/moved'));
    expect(r.items[0].url).toBe(`${server.origin}/news/story/1.html`);
  });

  for (const target of ['file:///etc/passwd', 'ftp://127.0.0.1/feed.xml', 'javascript:alert(1)', 'data:text/xml,<rss/>']) {
    it(`a redirect to ${target.split(':')[0]}: is refused`, async () => {
      const path = `/to-${target.split(':')[0]}`;
      server.route(path, redirect(target));
      expectError(await run(path), 'redirect', path, /non-http scheme/);
    });
  }

  it('a redirect to a loopback port not on the allow list is refused at that hop, with zero requests there', async () => {
    server.route('/to-other', redirect(`${other.origin}/feed.xml`));
    expectError(await run('/to-other'), 'refused_address', other.origin, /loopback addresses are not fetched/);
  });

  it('a redirect through a name (localhost) to a non-allowed port is refused after DNS', async () => {
    server.route('/to-localhost', redirect(`http://localhost:${other.port}/feed.xml`));
    expectError(await run('/to-localhost'), 'refused_address', `localhost:${other.port}`, /refused address localhost \(/);
  });

  it('with the guard on and no allow list, loopback is refused and the server sees zero requests', async () => {
    const before = server.requests.length;
    expectError(await run('/ok', { allow: [] }), 'refused_address', '/ok', /127\.0\.0\.1/);
    expect(server.requests.length).toBe(before);
  });

  it('a host:port allow entry does not open other ports of the same host', async () => {
    expectError(await run('', {}, {}, feedAt(`${other.origin}/x`)), 'refused_address', other.origin);
  });

  it('the name localhost is resolved and refused at dial time', async () => {
    expectError(await run('', { allow: [] }, {}, feedAt(`http://localhost:${other.port}/x`)), 'refused_address', 'localhost');
  });

  it('IPv4-mapped and IPv6 loopback literals are refused without traffic', async () => {
    for (const host of ['[::ffff:127.0.0.1]', '[::1]', '[::ffff:7f00:1]']) {
      expectError(await run('', {}, {}, feedAt(`http://${host}:${other.port}/x`)), 'refused_address', `:${other.port}/x`, /loopback/);
    }
  });

  it('decimal, hex and short IPv4 spellings of loopback are refused without traffic', async () => {
    for (const host of ['2130706433', '0x7f.0.0.1', '127.1', '0177.0.0.1']) {
      expectError(await run('', {}, {}, feedAt(`http://${host}:${other.port}/x`)), 'refused_address', `:${other.port}/x`, /loopback/);
    }
  });

  it('a feed URL that is not http(s) is refused before any traffic', async () => {
    for (const url of ['ftp://127.0.0.1/feed.xml', 'file:///etc/passwd', 'gopher://127.0.0.1:70/']) {
      const feed = { ...feedAt(`${server.origin}/x`), url };
      expectError(await run('', {}, {}, feed), 'bad_url', url.slice(0, 10), /only http and https/);
    }
  });
});

describe('HTTP statuses', () => {
  it('429 with Retry-After seconds is rate_limited with the wait', async () => {
    server.route('/429', send('slow down', { 'retry-after': '120' }, 429));
    const e = expectError(await run('/429'), 'rate_limited', '/429', /HTTP 429 rate limited, retry after 120 s/);
    expect(e.retryAfterMs).toBe(120_000);
    expect(e.status).toBe(429);
  });

  it('503 with Retry-After as an HTTP date is rate_limited', async () => {
    const when = new Date(Date.now() + 300_000).toUTCString();
    server.route('/503', send('busy', { 'retry-after': when }, 503));
    const e = expectError(await run('/503'), 'rate_limited', '/503');
    expect(e.retryAfterMs).toBeGreaterThan(200_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(300_000);
  });

  it('503 without Retry-After is an http error', async () => {
    server.route('/503-plain', send('down', {}, 503));
    expect(expectError(await run('/503-plain'), 'http', '/503-plain', /HTTP 503/).status).toBe(503);
  });

  it('404 is an http error with the status', async () => {
    expect(expectError(await run('/nowhere'), 'http', '/nowhere', /HTTP 404/).status).toBe(404);
  });

  it('500 is an http error with the status', async () => {
    server.route('/500', send('boom', {}, 500));
    expect(expectError(await run('/500'), 'http', '/500', /HTTP 500/).status).toBe(500);
  });
});

describe('sizes and items', () => {
  it('a 50,000-item feed is cut to the per-fetch cap and says so', async () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `<item><guid>g${i}</guid><title>t${i}</title></item>`).join('');
    server.route('/many', send(rss(many)));
    const r = expectItems(await run('/many', { maxBytes: 4 * 1024 * 1024 }));
    expect(r.items).toHaveLength(100);
    expect(r.items[99].guid).toBe('g99');
    expect(r.itemsDropped).toBe(49_900);
    expect(r.notes).toContain('49900 items over the per-fetch cap of 100 dropped');
  });

  it('a 20 MB item is over a 1 MiB body cap', async () => {
    server.route('/big-item', send(rss(item('b1', 'big', `<description>${'ا'.repeat(10 * 1024 * 1024)}</description>`))));
    expectError(await run('/big-item'), 'too_large', '/big-item');
  });

  it('a 20 MB item under a larger cap keeps maxItemChars of text and says so', async () => {
    server.route('/big-item-ok', send(rss(item('b2', 'big', `<description>${'كلمة '.repeat(2 * 1024 * 1024)}</description>`))));
    const r = expectItems(await run('/big-item-ok', { maxBytes: 32 * 1024 * 1024 }));
    expect(r.items[0].text.length).toBeLessThanOrEqual(2000);
    expect(r.items[0].text.length).toBeGreaterThan(1990);
    expect(r.notes).toContain('1 item text cut to 2000 characters');
  });

  it('duplicate GUIDs within a feed are collapsed to the first', async () => {
    server.route('/dups', send(rss(item('same', 'first') + item('same', 'second') + item('other', 'third') + item('same', 'fourth'))));
    const r = expectItems(await run('/dups'));
    expect(r.items.map((i) => [i.guid, i.title])).toEqual([
      ['same', 'first'],
      ['other', 'third'],
    ]);
    expect(r.notes).toContain('2 duplicate GUIDs collapsed');
  });

  it('items without link or GUID get a stable hash id; a link alone is the id', async () => {
    const body = rss(
      '<item><title>no id</title><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>' +
        '<item><title>link only</title><link>https://news.example/only</link></item>' +
        '<item><description>text only</description></item><item></item>',
    );
    server.route('/no-ids', send(body));
    const a = expectItems(await run('/no-ids'));
    const b = expectItems(await run('/no-ids'));
    expect(a.items).toHaveLength(3);
    expect(a.items[0].guid).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.items[0].url).toBeNull();
    expect(a.items[1].guid).toBe('https://news.example/only');
    expect(a.items[2].guid).toMatch(/^sha256:/);
    expect(b.items.map((i) => i.guid)).toEqual(a.items.map((i) => i.guid));
    expect(a.notes).toContain('1 empty item without id, link, title or text skipped');
  });

  it('relative links resolve against xml:base (RSS channel and item) and the feed URL', async () => {
    const body = rss(
      item('r1', 'channel base', '<link>a/1.html</link>') +
        `<item xml:base="/other/"><guid>r2</guid><title>item base</title><link>b/2.html</link></item>` +
        item('r3', 'script link', '<link>javascript:alert(1)</link>'),
      ' xml:base="https://news.example/ar/"',
    );
    server.route('/feeds/base', send(body));
    const r = expectItems(await run('/feeds/base'));
    expect(r.items.map((i) => i.url)).toEqual(['https://news.example/ar/a/1.html', 'https://news.example/other/b/2.html', null]);
  });

  it('Atom with xml:base on feed and entry, and alternate links', async () => {
    const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/root/"><title>A</title>
<entry><id>tag:atom.example,2024:1</id><title type="html">&lt;b&gt;bold&lt;/b&gt; title</title><link rel="self" href="self/1"/><link rel="alternate" href="posts/1"/>
<published>٢٠٢٤-٠٥-٠١T١٠:٠٠:٠٠Z</published><content type="html">&lt;p&gt;para one&lt;/p&gt;&lt;p&gt;para two&lt;/p&gt;</content></entry>
<entry xml:base="https://cdn.example/x/"><id>tag:atom.example,2024:2</id><title>second</title><link href="../y/2"/><updated>not a date</updated><summary>s</summary></entry>
</feed>`;
    server.route('/atom', send(atom, { 'content-type': 'application/atom+xml' }));
    const r = expectItems(await run('/atom'));
    expect(r.items.map((i) => [i.guid, i.url, i.title])).toEqual([
      ['tag:atom.example,2024:1', 'https://atom.example/root/posts/1', 'bold title'],
      ['tag:atom.example,2024:2', 'https://cdn.example/y/2', 'second'],
    ]);
    expect(r.items[0].text).toBe('para one\n\npara two');
    expect(r.items[0].publishedAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(r.items[1].publishedAt).toBeNull();
    expect(r.notes).toContain('1 unreadable date left empty');
  });

  it('dates: Arabic-Indic and Persian digits, missing, far future', async () => {
    const body = rss(
      item('d1', 'arabic digits', '<pubDate>Wed, ٠١ May ٢٠٢٤ ١٠:٣٠:٠٠ GMT</pubDate>') +
        item('d2', 'persian digits', '<dc:date>۲۰۲۴-۰۵-۰۲T۰۸:۰۰:۰۰+03:30</dc:date>') +
        item('d3', 'missing') +
        item('d4', 'far future', '<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate>'),
    ).replace('<rss version="2.0">', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">');
    server.route('/dates', send(body));
    const r = expectItems(await run('/dates'));
    expect(r.items.map((i) => i.publishedAt?.toISOString() ?? null)).toEqual(['2024-05-01T10:30:00.000Z', '2024-05-02T04:30:00.000Z', null, null]);
    expect(r.notes).toContain('1 date more than a day in the future left empty');
  });

  it('<script> and markup in titles are stored as text, never as markup', async () => {
    const body = rss(
      item('s1', '&lt;script&gt;alert(1)&lt;/script&gt;Breaking &lt;b&gt;news&lt;/b&gt;') +
        item('s2', '&amp;lt;script&amp;gt;alert(2)&amp;lt;/script&amp;gt;') +
        item(
          's3',
          '<![CDATA[<img src=x onerror=alert(3)>Photo]]>',
          '<description><![CDATA[<script>steal()</script><p>Body</p><style>p{}</style>]]></description>',
        ),
    );
    server.route('/script', send(body));
    const r = expectItems(await run('/script'));
    expect(r.items.map((i) => i.title)).toEqual(['Breaking news', '<script>alert(2)</script>', 'Photo']);
    expect(r.items[2].text).toBe('Body');
  });
});

describe('change detection', () => {
  it('conditional GET: validators are sent, 304 is unchanged with no items', async () => {
    let seen: Record<string, unknown> = {};
    server.route('/cond', (req, res) => {
      seen = { ...req.headers };
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Wed, 01 May 2024 10:00:00 GMT' });
      res.end(rss(item('c1', 'first')));
    });
    const first = expectItems(await run('/cond'));
    expect(first.state.etag).toBe('"v1"');
    expect(first.state.lastModified).toBe('Wed, 01 May 2024 10:00:00 GMT');
    const second = expectItems(await run('/cond', {}, first.state));
    expect(second.unchanged).toBe(true);
    expect(second.status).toBe(304);
    expect(second.items).toEqual([]);
    expect(seen['if-modified-since']).toBe('Wed, 01 May 2024 10:00:00 GMT');
    expect(seen['user-agent']).toBe('RaqibBot/test (+hostile suite)');
    expect(second.state.bodyHash).toBe(first.state.bodyHash);
  });

  it('a stale validator with the same body is unchanged by hash; a changed body is not', async () => {
    let version = 1;
    server.route('/stale', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: `"${Math.random()}"` });
      res.end(rss(item(`v${version}`, `version ${version}`)));
    });
    const a = expectItems(await run('/stale'));
    const b = expectItems(await run('/stale', {}, a.state));
    expect(b.unchanged).toBe(true);
    expect(b.items).toEqual([]);
    version = 2;
    const c = expectItems(await run('/stale', {}, b.state));
    expect(c.unchanged).toBe(false);
    expect(c.items.map((i) => i.guid)).toEqual(['v2']);
    expect(c.state.bodyHash).not.toBe(a.state.bodyHash);
  });
});

describe('windows-1256 served by the shared gzip path', () => {
  it('gzip-compressed windows-1256 with no header charset decodes to the right Arabic', async () => {
    server.route('/cp1256-gz', send(gzipSync(fixture('windows-1256-prolog.xml')), { 'content-type': 'text/xml', 'content-encoding': 'gzip' }));
    const r = expectItems(await run('/cp1256-gz'));
    expect(r.items[0].title).toBe(ARABIC_TITLE);
    expect(iconv.encode(r.items[0].title, 'windows-1256').length).toBe(ARABIC_TITLE.length);
  });
});

describe('deep trees and whole-fetch deadlines (issue 18)', () => {
  const deepHtml = (n: number, inner = 'core text') => `<html><body>${'<div>'.repeat(n)}${inner}${'</div>'.repeat(n)}</body></html>`;
  const htmlFeed = (path: string, followLinks = true) =>
    FeedConfig.parse({
      id: 'hostile-html',
      name: 'hostile html',
      kind: 'html',
      url: server.origin + path,
      followLinks,
      respectRobots: false,
      selectors: { item: 'li.story', title: 'a', link: 'a' },
    });
  const telegramFeed = (channel: string) =>
    FeedConfig.parse({
      id: 'hostile-tg',
      name: 'hostile tg',
      kind: 'telegram',
      channel,
      url: `${server.origin}/s/${channel}`,
      backfillPages: 0,
      respectRobots: false,
    });
  const html = (body: string) => send(body, { 'content-type': 'text/html; charset=utf-8' });

  it('a listing page of 100,000 nested <div>s is refused before any tree is built', async () => {
    server.route('/deep-listing', html(deepHtml(100_000, '<ul><li class="story"><a href="/a/1">one</a></li></ul>')));
    const o = await run('', { maxBytes: 4 * 1024 * 1024 }, {}, htmlFeed('/deep-listing'));
    expectError(o, 'malformed', '/deep-listing', /HTML nested deeper than 1024 elements/);
    expect(o.ms).toBeLessThan(5000);
  });

  it('100,000 <div/> (a slash HTML ignores) and 100,000 unclosed <b> are deep too', async () => {
    server.route(
      '/deep-selfclosing',
      html(`<html><body>${'<div/>'.repeat(100_000)}<ul><li class="story"><a href="/a/1">x</a></li></ul></body></html>`),
    );
    expectError(await run('', { maxBytes: 4 * 1024 * 1024 }, {}, htmlFeed('/deep-selfclosing')), 'malformed', '/deep-selfclosing', /nested deeper/);
    server.route('/deep-unclosed', html(`<html><body>${'<b>'.repeat(100_000)}<ul><li class="story"><a href="/a/1">x</a></li></ul></body></html>`));
    expectError(await run('', { maxBytes: 4 * 1024 * 1024 }, {}, htmlFeed('/deep-unclosed')), 'malformed', '/deep-unclosed', /nested deeper/);
  });

  it('10,000 unclosed <p> and <li> are flat, and parse', async () => {
    server.route(
      '/flat-unclosed',
      html(`<html><body><ul>${'<li class="story"><p>x'.repeat(10_000)}<li class="story"><a href="/a/1">last</a></ul></body></html>`),
    );
    const r = expectItems(await run('', { maxBytes: 4 * 1024 * 1024 }, {}, htmlFeed('/flat-unclosed', false)));
    expect(r.items.map((i) => i.title)).toEqual(['last']);
  });

  it('an article of 100,000 nested <div>s costs that article only: the item keeps its title, the note says why', async () => {
    server.route('/listing-deep-article', html('<ul><li class="story"><a href="/deep-article">عنوان الخبر</a></li></ul>'));
    server.route('/deep-article', html(deepHtml(100_000)));
    const r = expectItems(await run('', { maxBytes: 4 * 1024 * 1024 }, {}, htmlFeed('/listing-deep-article')));
    expect(r.items.map((i) => [i.title, i.text])).toEqual([['عنوان الخبر', '']]);
    expect(r.notes.join(';')).toMatch(/deep-article: malformed: .*HTML nested deeper than 1024 elements/);
  });

  it('a Telegram preview of 100,000 nested <div>s is refused quickly', async () => {
    server.route('/s/deep_channel', html(deepHtml(100_000)));
    expectError(await run('', { maxBytes: 4 * 1024 * 1024 }, {}, telegramFeed('deep_channel')), 'malformed', '/s/deep_channel', /nested deeper/);
  });

  it('a Telegram page with bad post ids, another channel’s posts and a poll: only good posts, the poll as text', async () => {
    const page = (posts: string) => `<html><body><section class="tgme_channel_history">${posts}</section></body></html>`;
    const post = (dataPost: string, inner: string) =>
      `<div class="tgme_widget_message js-widget_message" data-post="${dataPost}"><div class="tgme_widget_message_bubble">${inner}<a class="tgme_widget_message_date" href="#"><time datetime="2026-11-20T08:00:00+00:00"></time></a></div></div>`;
    server.route(
      '/s/poll_channel',
      html(
        page(
          post('poll_channel/99999999999999999999999', '<div class="tgme_widget_message_text">overflow</div>') +
            post('poll_channel/1e3', '<div class="tgme_widget_message_text">exponent</div>') +
            post('evil_channel/5', '<div class="tgme_widget_message_text">not ours</div>') +
            post(
              'poll_channel/7',
              '<div class="tgme_widget_message_poll"><div class="tgme_widget_message_poll_question">أين قيس الخزعلي؟</div><div class="tgme_widget_message_poll_option_text">في قم</div><div class="tgme_widget_message_poll_option_text">في كربلاء</div></div>',
            ),
        ),
      ),
    );
    const r = expectItems(await run('', {}, {}, telegramFeed('poll_channel')));
    expect(r.items.map((i) => [i.guid, i.text, i.media])).toEqual([['poll_channel/7', 'أين قيس الخزعلي؟\nفي قم\nفي كربلاء', ['poll']]]);
    expect(r.notes.join(';')).toContain('3 post(s) left out');
  });

  it('articles that never answer: the whole fetch ends at its deadline with what it had, the rest left for next time', async () => {
    server.route(
      '/listing-hang',
      html(
        '<ul><li class="story"><a href="/fast">fast</a></li><li class="story"><a href="/hang-1">h1</a></li><li class="story"><a href="/hang-2">h2</a></li></ul>',
      ),
    );
    server.route('/fast', html('<html><body><article><p>نص سريع</p></article></body></html>'));
    for (const p of ['/hang-1', '/hang-2']) server.route(p, () => {});
    // each request may take far longer than the whole fetch: only the fetch deadline can end this one
    const o = await run('', { timeoutMs: 60_000, deadlineMs: 3000 }, {}, htmlFeed('/listing-hang'));
    const r = expectItems(o);
    expect(o.ms).toBeLessThan(3000 + 1000 + 2000);
    // however far it got before the deadline (a loaded machine may not even finish /fast): no hanging article
    // is stored without its text, and every link not followed is left unseen for the next fetch
    const followed = r.items.map((i) => i.url);
    expect(followed).toEqual([`${server.origin}/fast`].slice(0, followed.length));
    for (const i of r.items) expect(i.text).toBe('نص سريع');
    expect(r.notes.join(';')).toContain(`${3 - followed.length} links left for the next fetch: the fetch deadline came first`);
    expect(JSON.parse(r.state.cursor!).seen).toEqual(followed);
  });

  it('a source that ignores its deadline is failed a second after it', async () => {
    const { withDeadline } = await import('./deadline.ts');
    const t0 = performance.now();
    const e = await withDeadline(300, 'https://x.example/feed', () => new Promise<never>(() => {})).catch((x: unknown) => x);
    expect((e as FetchError).kind).toBe('timeout');
    expect((e as FetchError).message).toBe('https://x.example/feed: the whole fetch did not finish within 300 ms');
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
