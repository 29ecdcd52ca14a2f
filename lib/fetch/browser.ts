import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Route } from 'playwright-core';
import { settings } from '../../config/settings.ts';
import { FetchError, isFetchError } from './errors.ts';
import { fetchUrl } from './http.ts';
import type { FetchLimits } from './source.ts';

/**
 * One shared headless Chromium per worker process (Debian's, through playwright-core), for pages built by
 * JavaScript. Every request the page makes is answered by us through `fetchUrl`, so the page reaches exactly
 * what the HTTP fetcher would: same SSRF guard on the resolved address of every hop, same redirect rules,
 * same size cap; Chromium itself never opens a connection (a dead proxy catches anything that escaped the
 * route, such as a WebSocket). A crashed or disconnected browser is dropped and launched again on the next
 * use; the render in hand fails with FetchError('browser') so its job is retried.
 */

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  // nothing should leave the browser un-routed; if it does, it dies at a port where nothing listens
  '--proxy-server=http://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];

/** A Chromium launch that takes longer than this failed (a loaded machine takes seconds, a broken one forever). */
const LAUNCH_TIMEOUT_MS = 60_000;

/** Resource types a text extractor never needs; refusing them saves bandwidth and memory. */
const SKIPPED_TYPES = new Set(['image', 'media', 'font', 'stylesheet', 'manifest', 'texttrack', 'eventsource', 'websocket', 'ping', 'other']);

export interface BrowserOptions {
  /** Pages open at once in this process; more renders wait their turn. @defaultValue 2 */
  maxPages?: number;
}

export interface RenderOptions extends Pick<FetchLimits, 'timeoutMs' | 'maxBytes' | 'maxRedirects' | 'userAgent' | 'allow'> {
  /** Wait until this CSS selector matches (within the deadline) before reading the DOM. */
  waitForSelector?: string;
  signal?: AbortSignal;
}

export interface RenderResult {
  /** The document's URL after redirects. */
  url: string;
  status: number;
  /** The DOM serialized after scripts ran. */
  html: string;
  durationMs: number;
  /** Sub-requests refused or failed (scripts, XHR); the page may be incomplete without them. */
  blockedRequests: number;
  /** True when `waitForSelector` never matched before the deadline: the DOM was read as it was. */
  selectorTimedOut: boolean;
}

let maxPages = 2;
let openPages = 0;
const waiting: Array<() => void> = [];
let browserPromise: Promise<Browser> | null = null;
let launches = 0;

export function configureBrowser(opts: BrowserOptions): void {
  if (opts.maxPages !== undefined) maxPages = Math.max(1, Math.floor(opts.maxPages));
}

/** How many times this process launched Chromium (a relaunch after a crash counts). */
export function browserLaunchCount(): number {
  return launches;
}

async function getBrowser(): Promise<Browser> {
  if (browserPromise) {
    const b = await browserPromise.catch(() => null);
    if (b && b.isConnected()) return b;
    browserPromise = null;
  }
  const p = (async () => {
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: settings().RAQIB_CHROMIUM, args: LAUNCH_ARGS, headless: true, timeout: LAUNCH_TIMEOUT_MS });
    launches++;
    b.on('disconnected', () => {
      if (browserPromise === p) browserPromise = null;
    });
    return b;
  })();
  browserPromise = p;
  try {
    return await p;
  } catch (e) {
    browserPromise = null;
    throw new FetchError('browser', 'chromium', `cannot launch Chromium at ${settings().RAQIB_CHROMIUM}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/**
 * Process ids of the Chromium this process launched and all its helpers (renderers, GPU, zygote), read from
 * /proc (Linux). For memory figures and crash tests; empty elsewhere or when no browser runs.
 */
export function browserProcessIds(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  for (const d of entries) {
    try {
      // the command name may hold spaces and parentheses: the ppid is the 2nd field after the last ")"
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const frontier = [process.pid];
  while (frontier.length) {
    const p = frontier.pop()!;
    for (const [child, pp] of parent) {
      if (pp !== p) continue;
      if (p === process.pid) {
        const cmd = safeRead(`/proc/${child}/cmdline`);
        if (!cmd.includes('--proxy-server=http://127.0.0.1:9')) continue;
      }
      out.push(child);
      frontier.push(child);
    }
  }
  return out;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function acquirePage(): Promise<void> {
  if (openPages < maxPages) {
    openPages++;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function releasePage(): void {
  const next = waiting.shift();
  if (next) next();
  else openPages--;
}

/**
 * Ends a render: at its deadline, when the browser disconnects, when the page crashes, or when the caller
 * aborts. Every await of the render races {@link RenderStop.race}, because a Playwright call pending when
 * Chromium dies can stay pending forever: killed while `context.newPage()` waited, the render hung past any
 * deadline (the deadline timer only started after the page existed) and kept its page slot, so every later
 * render queued behind it. That was the flaky "relaunches a browser killed mid-render" test.
 */
class RenderStop {
  private readonly controller = new AbortController();
  private readonly stopped: Promise<never>;

  constructor() {
    this.stopped = new Promise<never>((_, reject) =>
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason as FetchError), { once: true }),
    );
    this.stopped.catch(() => {});
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason: FetchError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** `p`, or the stop reason if the render is stopped first; what `p` brings later goes to `discard`. */
  race<T>(p: Promise<T>, discard?: (late: T) => void): Promise<T> {
    if (discard)
      void p.then(
        (v) => (this.signal.aborted ? discard(v) : undefined),
        () => {},
      );
    else p.catch(() => {});
    return Promise.race([p, this.stopped]);
  }
}

/** Renders `url` in Chromium and returns its DOM after scripts ran. Throws FetchError; never outlives its deadline. */
export async function renderPage(url: string, opts: RenderOptions): Promise<RenderResult> {
  const started = Date.now();
  let deadline = started + opts.timeoutMs;
  const stop = new RenderStop();
  // the hard limit, from the call: waiting for a page slot and creating the page count too; only a Chromium
  // launch this render waited for is added (it is the process's cost, bounded by LAUNCH_TIMEOUT_MS)
  const expire = () => stop.stop(new FetchError('browser', url, `page did not finish within ${opts.timeoutMs} ms`));
  let timer = setTimeout(expire, opts.timeoutMs + 500);
  const onOuterAbort = () => stop.stop(new FetchError('timeout', url, 'render aborted by the caller'));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const slot = holdPage(stop);
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const onDisconnect = () => stop.stop(new FetchError('browser', url, 'Chromium went away while rendering; it is relaunched on the next use'));
  let mainError: FetchError | undefined;
  let mainStatus = 0;
  let blockedRequests = 0;
  try {
    await stop.race(slot.acquired);
    const launchesBefore = launches;
    const askedAt = Date.now();
    browser = await stop.race(getBrowser());
    if (launches !== launchesBefore) {
      const launchMs = Date.now() - askedAt;
      deadline += launchMs;
      clearTimeout(timer);
      timer = setTimeout(expire, Math.max(1, deadline - Date.now()) + 500);
    }
    browser.on('disconnected', onDisconnect);
    if (!browser.isConnected()) onDisconnect();
    context = await stop.race(
      browser.newContext({ userAgent: opts.userAgent, serviceWorkers: 'block', acceptDownloads: false, javaScriptEnabled: true }),
      (late) => void late.close().catch(() => {}),
    );
    await stop.race(context.routeWebSocket(/.*/, (ws) => void ws.close({ code: 1008, reason: 'not allowed' })));
    await stop.race(
      context.route('**/*', async (route: Route) => {
        const req = route.request();
        const isMain = req.isNavigationRequest() && req.frame() === req.frame().page().mainFrame();
        if (!isMain && (SKIPPED_TYPES.has(req.resourceType()) || req.method() !== 'GET')) {
          blockedRequests++;
          return route.abort('blockedbyclient').catch(() => {});
        }
        const left = deadline - Date.now();
        try {
          // the render's own deadline, not a slow server: the same failure as the hard stop
          if (left <= 0) throw new FetchError('browser', url, `page did not finish within ${opts.timeoutMs} ms`);
          const res = await fetchUrl(req.url(), {
            timeoutMs: left,
            maxBytes: opts.maxBytes,
            maxRedirects: opts.maxRedirects,
            userAgent: opts.userAgent,
            allow: opts.allow,
            accept: req.headers()['accept'],
            signal: stop.signal,
          });
          // our fetch followed redirects; tell the browser so the document's URL (and relative links) are right
          if (res.url !== req.url() && isMain) return await route.fulfill({ status: 302, headers: { location: res.url } });
          if (isMain) mainStatus = res.status;
          const type = res.headers['content-type'];
          await route.fulfill({ status: res.status, headers: type ? { 'content-type': String(type) } : {}, body: res.body });
        } catch (e) {
          if (isMain) mainError = isFetchError(e) ? e : new FetchError('internal', req.url(), (e as Error).message);
          else blockedRequests++;
          await route.abort(isMain ? 'blockedbyclient' : 'failed').catch(() => {});
        }
      }),
    );
    const page = await stop.race(context.newPage());
    page.on('crash', () => stop.stop(new FetchError('browser', url, 'the page crashed while rendering (its renderer process died)')));
    const response = await stop.race(page.goto(url, { waitUntil: 'load', timeout: Math.max(1, deadline - Date.now()) }));
    let selectorTimedOut = false;
    if (opts.waitForSelector) {
      await stop.race(
        page.waitForSelector(opts.waitForSelector, { state: 'attached', timeout: Math.max(1, deadline - Date.now()) }).catch((e: Error) => {
          if (e.name === 'TimeoutError') selectorTimedOut = true;
          else throw e;
        }),
      );
    }
    const html = await stop.race(page.content());
    if (Buffer.byteLength(html) > opts.maxBytes) throw new FetchError('too_large', url, `rendered page over the ${opts.maxBytes}-byte limit`);
    return { url: page.url(), status: response?.status() ?? mainStatus, html, durationMs: Date.now() - started, blockedRequests, selectorTimedOut };
  } catch (e) {
    if (mainError) throw mainError;
    if (isFetchError(e)) throw e;
    throw toBrowserError(url, e as Error, opts.timeoutMs);
  } finally {
    clearTimeout(timer);
    // stops route handlers still fetching, and any call still pending on a dead browser
    stop.stop(new FetchError('browser', url, 'render finished'));
    opts.signal?.removeEventListener('abort', onOuterAbort);
    browser?.off('disconnected', onDisconnect);
    // closing a context of a dead browser can hang too: bounded, and skipped when the browser is gone
    if (context && browser?.isConnected()) await Promise.race([context.close().catch(() => {}), sleep(CLOSE_GRACE_MS)]);
    slot.release();
  }
}

/** How long closing a finished render's context may take before we stop waiting for it. */
const CLOSE_GRACE_MS = 2000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * A page slot for one render: `acquired` resolves when it is this render's turn; `release` gives it back
 * once, whether the render got it, is still waiting (the slot is handed on when it comes), or stopped.
 */
function holdPage(stop: RenderStop): { acquired: Promise<void>; release(): void } {
  let holding = false;
  let released = false;
  const acquired = acquirePage().then(() => {
    holding = true;
    if (released || stop.signal.aborted) giveBack();
  });
  const giveBack = () => {
    if (!holding) return;
    holding = false;
    releasePage();
  };
  return {
    acquired,
    release() {
      released = true;
      giveBack();
    },
  };
}

function toBrowserError(url: string, e: Error, timeoutMs: number): FetchError {
  const msg = (e.message ?? String(e)).split('\n')[0];
  if (e.name === 'TimeoutError') return new FetchError('browser', url, `page did not finish loading within ${timeoutMs} ms`);
  if (/closed|crash|disconnected|Target.*(closed|crashed)/i.test(msg))
    return new FetchError('browser', url, `Chromium went away while rendering (${msg}); it is relaunched on the next use`);
  return new FetchError('browser', url, `render failed: ${msg}`);
}

/** Closes the shared browser (worker shutdown). */
export async function closeBrowser(): Promise<void> {
  const p = browserPromise;
  browserPromise = null;
  if (!p) return;
  const b = await p.catch(() => null);
  await b?.close().catch(() => {});
}
