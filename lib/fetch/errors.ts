/**
 * Why a fetch failed, as a kind ops can act on. The weight feeds health: a DNS failure or a 404 says the
 * feed is likely gone, a timeout is often passing.
 */
export type FetchErrorKind =
  | 'bad_url' // not http(s), unparsable
  | 'refused_address' // SSRF guard: loopback/private/link-local target not allowed
  | 'dns' // host does not resolve
  | 'connect' // connection refused/reset
  | 'tls'
  | 'timeout' // total deadline passed (headers or body)
  | 'too_large' // body over the cap (after decompression)
  | 'redirect' // loop, too many hops, non-http scheme
  | 'http' // non-2xx status
  | 'rate_limited' // 429/503 with Retry-After
  | 'malformed' // not parseable as the expected format
  | 'robots' // disallowed by robots.txt
  | 'unavailable' // e.g. Telegram preview redirects away from /s/
  | 'browser' // Chromium crashed or a page never finished
  | 'internal';

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    /** The URL at fault (the hop that failed, for redirects). */
    readonly url: string,
    message: string,
    readonly status?: number,
    /** Milliseconds the server asked us to wait (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(`${url}: ${message}`);
  }
}

export const isFetchError = (e: unknown): e is FetchError => e instanceof FetchError;
