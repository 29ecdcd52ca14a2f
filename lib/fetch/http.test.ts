import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { FetchError } from './errors.ts';
import { fetchUrl, mapSocketError, parseRetryAfter, type HttpOptions } from './http.ts';

let server: LocalServer;
let opts: HttpOptions;
const BODY = Buffer.from('<rss version="2.0"><channel><title>سلام</title></channel></rss>');
let lastHeaders: Record<string, string | string[] | undefined> = {};

beforeAll(async () => {
  server = await startLocalServer({
    '/feed': (req, res) => {
      lastHeaders = req.headers;
      if (req.headers['if-none-match'] === '"abc"') {
        res.writeHead(304, { etag: '"abc"' });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/rss+xml',
        'content-encoding': 'gzip',
        etag: '"abc"',
        'last-modified': 'Tue, 30 Apr 2024 08:00:00 GMT',
      });
      res.end(gzipSync(BODY));
    },
    '/go': (_req, res) => {
      res.writeHead(301, { location: '/feed#frag' });
      res.end();
    },
    '/slow': () => {
      /* never answers */
    },
  });
  opts = { timeoutMs: 2000, maxBytes: 64 * 1024, maxRedirects: 2, userAgent: 'RaqibBot/http-test', allow: [server.hostPort] };
});

afterAll(async () => {
  await server?.close();
});

describe('fetchUrl', () => {
  it('sends a clear User-Agent and Accept-Encoding, returns the decompressed body, its hash and validators', async () => {
    const r = await fetchUrl(`${server.origin}/go`, opts);
    expect(lastHeaders['user-agent']).toBe('RaqibBot/http-test');
    expect(lastHeaders['accept-encoding']).toBe('gzip, deflate, br');
    expect(r.status).toBe(200);
    expect(r.url).toBe(`${server.origin}/feed`);
    expect(r.body.equals(BODY)).toBe(true);
    expect(r.bodyHash).toBe(createHash('sha256').update(BODY).digest('hex'));
    expect([r.etag, r.lastModified, r.notModified]).toEqual(['"abc"', 'Tue, 30 Apr 2024 08:00:00 GMT', false]);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('conditional GET: If-None-Match / If-Modified-Since, and 304 is notModified with an empty body', async () => {
    const r = await fetchUrl(`${server.origin}/feed`, { ...opts, etag: '"abc"', lastModified: 'Tue, 30 Apr 2024 08:00:00 GMT' });
    expect(lastHeaders['if-modified-since']).toBe('Tue, 30 Apr 2024 08:00:00 GMT');
    expect([r.status, r.notModified, r.body.length]).toEqual([304, true, 0]);
  });

  it('an abort from the caller ends the request', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await fetchUrl(`${server.origin}/slow`, { ...opts, signal: ac.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FetchError);
    expect((e as FetchError).message).toBe(`${server.origin}/slow: fetch aborted by the caller`);
  });

  it('an unparsable URL is bad_url', async () => {
    const e = await fetchUrl('not a url', opts).catch((x: unknown) => x);
    expect([(e as FetchError).kind, (e as FetchError).message]).toEqual(['bad_url', 'not a url: not a valid URL']);
  });
});

describe('error mapping and Retry-After', () => {
  const u = new URL('https://gone.example/feed');
  const err = (code: string) => Object.assign(new Error(code), { code });
  it('maps DNS, connect and TLS errors to their kinds', () => {
    expect(mapSocketError(u, err('ENOTFOUND')).kind).toBe('dns');
    expect(mapSocketError(u, err('ENOTFOUND')).message).toBe('https://gone.example/feed: host gone.example does not resolve (ENOTFOUND)');
    expect(mapSocketError(u, err('EAI_AGAIN')).kind).toBe('dns');
    expect(mapSocketError(u, err('ECONNREFUSED')).kind).toBe('connect');
    expect(mapSocketError(u, err('ECONNRESET')).kind).toBe('connect');
    expect(mapSocketError(u, err('CERT_HAS_EXPIRED')).kind).toBe('tls');
    expect(mapSocketError(u, err('ERR_TLS_CERT_ALTNAME_INVALID')).kind).toBe('tls');
    expect(mapSocketError(u, err('HPE_INVALID_CONSTANT')).kind).toBe('malformed');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('Wed, 01 May 2024 10:00:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 May 2024 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
