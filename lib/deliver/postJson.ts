import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, refusalReason, RefusedAddressError } from '../fetch/ssrf.ts';

export interface PostOptions {
  /** Total deadline: connect, send, headers and the (capped) response body. */
  timeoutMs: number;
  /** RAQIB_FETCH_ALLOW entries: loopback/private host[:port] let through (tests, in-house receivers). */
  allow: readonly string[];
  userAgent: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  /** First 2 KB of the response, for the delivery log. */
  body: string;
}

/** A delivery that could not be made; `status` is set when the receiver answered with an error code. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly status: number | null = null,
    /** retrying cannot help (bad URL, refused address) */
    readonly permanent = false,
  ) {
    super(message);
  }
}

const RESPONSE_KEEP = 2048;

/**
 * POSTs a body to a receiver's URL through the same SSRF guard as the fetcher: http(s) only, every resolved
 * address checked at dial time (a receiver URL is user input and must not reach our own network), no
 * redirects followed (a webhook that moved is a configuration error to show, not to chase), one deadline.
 * Resolves on 2xx; throws DeliveryError otherwise.
 */
export function postJson(url: string, body: string, opts: PostOptions): Promise<PostResult> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new DeliveryError(`${url.slice(0, 200)}: not a valid URL`, null, true));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return Promise.reject(new DeliveryError(`${u.origin}: only http and https receivers are allowed`, null, true));
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const shown = `${u.protocol}//${u.host}${u.pathname}`;
  // node skips `lookup` for IP literals, so a literal is judged here
  if (isIP(host)) {
    const reason = refusalReason(host, host, port, opts.allow);
    if (reason) return Promise.reject(new DeliveryError(`${shown}: ${reason}`, null, true));
  }
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve, reject) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const finish = (err: DeliveryError | null, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req?.destroy();
        reject(err);
      } else resolve(result!);
    };
    const timer = setTimeout(() => finish(new DeliveryError(`${shown}: no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req = send(u, {
      method: 'POST',
      lookup: guardedLookup(port, opts.allow),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': opts.userAgent,
        ...opts.headers,
      },
    });
    req.on('error', (e) => {
      const refused = e instanceof RefusedAddressError || (e as { code?: string }).code === 'ERR_RAQIB_REFUSED_ADDRESS';
      finish(new DeliveryError(`${shown}: ${e.message}`, null, refused));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => {
        if (kept < RESPONSE_KEEP) {
          chunks.push(c);
          kept += c.length;
        }
      });
      res.on('error', (e) => finish(new DeliveryError(`${shown}: ${e.message}`, res.statusCode ?? null)));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_KEEP);
        if (status >= 200 && status < 300) finish(null, { status, body: text });
        else
          finish(
            new DeliveryError(`${shown}: receiver answered HTTP ${status}${text ? ` (${text.slice(0, 200).replace(/\s+/g, ' ')})` : ''}`, status),
          );
      });
    });
    req.end(body);
  });
}
