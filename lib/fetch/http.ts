import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { FetchError } from './errors.ts';
import type { FetchLimits } from './source.ts';
import { guardedLookup, refusalReason, RefusedAddressError } from './ssrf.ts';

export type HttpOptions = Pick<FetchLimits, 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'userAgent' | 'allow'> & {
  /** Conditional GET validators from the last successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  signal?: AbortSignal;
  method?: 'GET' | 'HEAD';
};

export interface HttpResult {
  status: number;
  /** The final URL, after redirects. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Decompressed body; empty on 304. */
  body: Buffer;
  notModified: boolean;
  etag?: string;
  lastModified?: string;
  durationMs: number;
  /** sha256 hex of the decompressed body bytes. */
  bodyHash: string;
}

const DEFAULT_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

const mib = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB` : `${n} bytes`);

/**
 * One HTTP(S) GET with every bound a hostile server could test: http(s) only, the SSRF guard on the
 * resolved address of every hop, a small redirect limit, one total deadline for connect + headers + body
 * (a slow drip cannot keep resetting an idle timer), and a size cap counted on decompressed bytes.
 * Throws FetchError with the kind the fetch run records.
 */
export async function fetchUrl(url: string, opts: HttpOptions): Promise<HttpResult> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const visited = new Set<string>();
  let current = parseHttpUrl(url, 'bad_url', url);
  for (let hop = 0; ; hop++) {
    visited.add(current.href);
    const res = await oneRequest(current, opts, deadline, started);
    if (res.kind === 'done') return { ...res.result, durationMs: Date.now() - started };
    const next = res.location;
    let target: URL;
    try {
      target = new URL(next, current);
    } catch {
      throw new FetchError('redirect', current.href, `redirect to an unparsable location "${next.slice(0, 200)}"`);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new FetchError('redirect', current.href, `redirect to a non-http scheme "${target.protocol}" refused`);
    target.hash = '';
    if (visited.has(target.href)) throw new FetchError('redirect', current.href, `redirect loop back to ${target.href}`);
    if (hop + 1 > opts.maxRedirects)
      throw new FetchError('redirect', current.href, `too many redirects (more than ${opts.maxRedirects}), next was ${target.href}`);
    current = target;
  }
}

function parseHttpUrl(raw: string, kind: 'bad_url' | 'redirect', at: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError(kind, at, 'not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError(kind, at, `only http and https URLs are fetched (got "${u.protocol}")`);
  if (u.username || u.password) throw new FetchError(kind, at, 'URLs with credentials are not fetched');
  u.hash = '';
  return u;
}

type HopOutcome = { kind: 'done'; result: Omit<HttpResult, 'durationMs'> } | { kind: 'redirect'; location: string };

function portOf(u: URL): number {
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}

function oneRequest(u: URL, opts: HttpOptions, deadline: number, started: number): Promise<HopOutcome> {
  const port = portOf(u);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // node skips `lookup` for IP literals, so a literal is judged here before any socket opens
  if (isIP(host)) {
    const reason = refusalReason(host, host, port, opts.allow);
    if (reason) return Promise.reject(new FetchError('refused_address', u.href, reason));
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(timeoutError(u, opts, started));

  return new Promise<HopOutcome>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest | undefined;
    let res: IncomingMessage | undefined;
    let decoder: Transform | undefined;
    const finish = (err: FetchError | null, value?: HopOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        decoder?.destroy();
        res?.destroy();
        req?.destroy();
        reject(err);
      } else resolve(value!);
    };
    const timer = setTimeout(() => finish(timeoutError(u, opts, started)), remaining);
    const onAbort = () => finish(new FetchError('timeout', u.href, 'fetch aborted by the caller'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const headers: Record<string, string> = {
      'user-agent': opts.userAgent,
      accept: opts.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (opts.etag) headers['if-none-match'] = opts.etag;
    if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

    const requestFn = u.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      req = requestFn(u, {
        method: opts.method ?? 'GET',
        headers,
        agent: false,
        lookup: guardedLookup(port, opts.allow),
        // the TLS handshake counts against the same deadline through `timer`
        maxHeaderSize: 64 * 1024,
      });
    } catch (e) {
      return finish(new FetchError('bad_url', u.href, `cannot request: ${(e as Error).message}`));
    }
    req.on('error', (e) => finish(mapSocketError(u, e)));
    req.on('response', (response) => {
      res = response;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && status !== 304 && location) {
        response.resume();
        return finish(null, { kind: 'redirect', location });
      }
      if (status === 304) {
        response.resume();
        return finish(null, { kind: 'done', result: resultOf(u, response, Buffer.alloc(0), true) });
      }
      if (status === 429 || (status === 503 && response.headers['retry-after'])) {
        response.resume();
        const after = parseRetryAfter(headerValue(response.headers['retry-after']));
        const wait = after === undefined ? '' : `, retry after ${Math.ceil(after / 1000)} s`;
        return finish(new FetchError('rate_limited', u.href, `HTTP ${status} rate limited${wait}`, status, after));
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return finish(new FetchError('http', u.href, `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, status));
      }
      const encoding = (headerValue(response.headers['content-encoding']) ?? 'identity').trim().toLowerCase();
      const declared = Number(response.headers['content-length']);
      if ((encoding === 'identity' || encoding === '') && Number.isFinite(declared) && declared > opts.maxBytes)
        return finish(new FetchError('too_large', u.href, `body of ${mib(declared)} is over the ${mib(opts.maxBytes)} limit`));
      readBody(u, response, encoding, opts.maxBytes, (d) => (decoder = d)).then(
        (body) => finish(null, { kind: 'done', result: resultOf(u, response, body, false) }),
        (e: FetchError) => finish(e),
      );
    });
    req.end();
  });
}

function timeoutError(u: URL, opts: HttpOptions, started: number): FetchError {
  return new FetchError('timeout', u.href, `no complete response within ${opts.timeoutMs} ms (after ${Date.now() - started} ms)`);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function resultOf(u: URL, res: IncomingMessage, body: Buffer, notModified: boolean): Omit<HttpResult, 'durationMs'> {
  return {
    status: res.statusCode ?? 0,
    url: u.href,
    headers: res.headers,
    body,
    notModified,
    etag: headerValue(res.headers.etag),
    lastModified: headerValue(res.headers['last-modified']),
    bodyHash: createHash('sha256').update(body).digest('hex'),
  };
}

/**
 * Reads the body through the decoders its Content-Encoding names, counting DECOMPRESSED bytes so a
 * bomb (a few KB of gzip that inflate to gigabytes) stops at the cap instead of filling memory.
 */
function readBody(u: URL, res: IncomingMessage, contentEncoding: string, maxBytes: number, onDecoder: (d: Transform) => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const codings = contentEncoding
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c && c !== 'identity');
    for (const c of codings) {
      if (!['gzip', 'x-gzip', 'deflate', 'br'].includes(c)) return reject(new FetchError('malformed', u.href, `unsupported Content-Encoding "${c}"`));
    }
    let stream: NodeJS.ReadableStream = res;
    // decoders apply in the reverse order of the header list
    for (const c of [...codings].reverse()) {
      const d = c === 'br' ? createBrotliDecompress() : c === 'deflate' ? deflateDecoder() : createGunzip();
      onDecoder(d);
      stream = stream.pipe(d);
      d.on('error', (e) => reject(new FetchError('malformed', u.href, `corrupt ${c} body (${e.message})`)));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        reject(new FetchError('too_large', u.href, `body over the ${mib(maxBytes)} limit${codings.length ? ' after decompression' : ''}`));
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    res.on('aborted', () => reject(new FetchError('connect', u.href, 'connection closed before the body ended')));
    res.on('error', (e) => reject(mapSocketError(u, e)));
  });
}

/** `deflate` is zlib-wrapped by the RFC but raw in some servers; pick by the first byte. */
function deflateDecoder(): Transform {
  const zlib = createInflate();
  const raw = createInflateRaw();
  let chosen: Transform | undefined;
  const t: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!chosen) {
        chosen = (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | (chunk[1] ?? 0)) % 31 === 0 ? zlib : raw;
        chosen.on('data', (d: Buffer) => t.push(d));
        chosen.on('error', (e) => t.destroy(e));
      }
      if (chosen.write(chunk)) cb();
      else chosen.once('drain', () => cb());
    },
    flush(cb) {
      if (!chosen) return cb();
      chosen.once('end', () => cb());
      chosen.end();
    },
    destroy(err, cb) {
      zlib.destroy();
      raw.destroy();
      cb(err);
    },
  });
  return t;
}

/** A socket, DNS or TLS error as the FetchError kind the fetch run records. */
export function mapSocketError(u: URL, e: Error): FetchError {
  if (e instanceof FetchError) return e;
  if (e instanceof RefusedAddressError) return new FetchError('refused_address', u.href, e.message);
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL')
    return new FetchError('dns', u.href, `host ${u.hostname} does not resolve (${code})`);
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNABORTED'].includes(code))
    return new FetchError('connect', u.href, `connection failed (${code})`);
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL') || /SSL|TLS/.test(code))
    return new FetchError('tls', u.href, `TLS failed (${code || e.message})`);
  if (code === 'HPE_HEADER_OVERFLOW') return new FetchError('too_large', u.href, 'response headers over 64 KiB');
  if (code.startsWith('HPE_')) return new FetchError('malformed', u.href, `invalid HTTP response (${code})`);
  return new FetchError('connect', u.href, `request failed (${code || e.message})`);
}
