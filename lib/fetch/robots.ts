import { FetchError } from './errors.ts';
import { fetchUrl } from './http.ts';
import type { FetchLimits } from './source.ts';

/**
 * robots.txt, as RFC 9309 reads it: groups of `user-agent` lines with `allow`/`disallow` rules; the group
 * whose agent token is the longest prefix-insensitive match of our product token applies, else `*`; the rule
 * with the longest matching path wins and `allow` wins a tie; `*` matches any run and a final `$` anchors.
 * Parsing is pure; `isAllowedByRobots` fetches through `fetchUrl` (same SSRF guard and limits) and caches per
 * origin in this process.
 */

export interface RobotsRule {
  allow: boolean;
  path: string;
}

export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  crawlDelaySeconds: number | null;
}

export interface Robots {
  groups: RobotsGroup[];
}

/** Robots that allow everything: what a missing or unreachable robots.txt means. */
export const ALLOW_ALL: Robots = { groups: [] };

/** robots.txt files over this size are read up to it, as Google does with its 500 KiB limit. */
const MAX_ROBOTS_BYTES = 512 * 1024;

export function parseRobots(text: string): Robots {
  const groups: RobotsGroup[] = [];
  let current: RobotsGroup | null = null;
  let lastWasAgent = false;
  for (const raw of text.slice(0, MAX_ROBOTS_BYTES).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'user-agent') {
      // consecutive user-agent lines share one group
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelaySeconds: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (key === 'allow' || key === 'disallow') {
      // an empty Disallow allows everything: it is no rule at all
      if (value === '') continue;
      current.rules.push({ allow: key === 'allow', path: normalizePattern(value) });
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) current.crawlDelaySeconds = n;
    }
  }
  return { groups };
}

/** The product token of a User-Agent string: `RaqibBot/0.1 (+…)` → `raqibbot`. */
export function productToken(userAgent: string): string {
  return (/^[A-Za-z_-]+/.exec(userAgent.trim())?.[0] ?? '').toLowerCase();
}

/** The group that applies to this agent: the most specific agent match, else `*`, else none. */
export function groupFor(robots: Robots, userAgent: string): RobotsGroup | null {
  const token = productToken(userAgent);
  let best: RobotsGroup | null = null;
  let bestLen = -1;
  for (const g of robots.groups) {
    for (const a of g.agents) {
      if (a !== '*' && token && (token === a || token.startsWith(a)) && a.length > bestLen) {
        best = g;
        bestLen = a.length;
      }
    }
  }
  if (best) return best;
  return robots.groups.find((g) => g.agents.includes('*')) ?? null;
}

/** True when `pathAndQuery` (e.g. `/s/chan?before=10`) may be fetched by this agent. */
export function isPathAllowed(robots: Robots, userAgent: string, pathAndQuery: string): boolean {
  const group = groupFor(robots, userAgent);
  if (!group) return true;
  const target = normalizePattern(pathAndQuery || '/');
  let verdict = true;
  let bestLen = -1;
  for (const r of group.rules) {
    if (!patternMatches(r.path, target)) continue;
    const len = r.path.length;
    if (len > bestLen || (len === bestLen && r.allow)) {
      verdict = r.allow;
      bestLen = len;
    }
  }
  return verdict;
}

export function crawlDelaySeconds(robots: Robots, userAgent: string): number | null {
  return groupFor(robots, userAgent)?.crawlDelaySeconds ?? null;
}

/** Percent-encodes what a URL would, so `/أخبار` in robots.txt matches the encoded request path. */
function normalizePattern(p: string): string {
  let s = p;
  try {
    s = encodeURI(decodeURI(p));
  } catch {
    // a malformed escape is compared as written
  }
  return s.replace(/%[0-9a-f]{2}/g, (x) => x.toUpperCase());
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  if (!body.includes('*')) return anchored ? path === body : path.startsWith(body);
  const re = new RegExp(`^${body.split('*').map(escapeRe).join('.*')}${anchored ? '$' : ''}`);
  return re.test(path);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------------------
// Fetching, with a per-process cache by origin.

interface CacheEntry {
  robots: Robots;
  expires: number;
}
const cache = new Map<string, CacheEntry>();
/** Cached robots.txt files kept at most; the oldest go first. */
const CACHE_MAX = 5000;

export interface RobotsOptions {
  /** How long a fetched robots.txt is trusted. @defaultValue 1 hour */
  ttlMs?: number;
  /** How long "unreachable, so allowed" is remembered before trying again. @defaultValue 10 minutes */
  failureTtlMs?: number;
  now?: number;
  signal?: AbortSignal;
}

/** The robots.txt governing `url`, from cache or fetched; never throws for the file itself. */
export async function robotsFor(url: string, limits: FetchLimits, opts: RobotsOptions = {}): Promise<Robots> {
  const origin = new URL(url).origin;
  const now = opts.now ?? Date.now();
  const hit = cache.get(origin);
  if (hit && hit.expires > now) return hit.robots;
  let robots = ALLOW_ALL;
  let ttl = opts.ttlMs ?? 3600_000;
  try {
    const res = await fetchUrl(`${origin}/robots.txt`, {
      timeoutMs: Math.min(limits.timeoutMs, 10_000),
      maxBytes: Math.min(limits.maxBytes, MAX_ROBOTS_BYTES),
      maxRedirects: limits.maxRedirects,
      userAgent: limits.userAgent,
      allow: limits.allow,
      accept: 'text/plain, */*;q=0.5',
      signal: opts.signal,
    });
    robots = parseRobots(res.body.toString('utf8'));
  } catch (e) {
    // RFC 9309: a 4xx means no rules. Unreachable or 5xx robots.txt would mean "disallow all" there; we
    // choose to fetch anyway (the rule), and check again sooner
    if (!(e instanceof FetchError)) throw e;
    if (!(e.kind === 'http' && e.status !== undefined && e.status >= 400 && e.status < 500)) ttl = opts.failureTtlMs ?? 600_000;
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(origin, { robots, expires: now + ttl });
  return robots;
}

/** True when robots.txt of the URL's origin lets our User-Agent fetch it. */
export async function isAllowedByRobots(url: string, userAgent: string, limits: FetchLimits, opts: RobotsOptions = {}): Promise<boolean> {
  const u = new URL(url);
  const robots = await robotsFor(url, { ...limits, userAgent }, opts);
  return isPathAllowed(robots, userAgent, `${u.pathname}${u.search}`);
}

/**
 * For sources: throws FetchError('robots') when the feed honours robots.txt and it disallows `url`.
 * The RSS source calls this before fetching its feed URL.
 */
export async function assertRobotsAllow(
  url: string,
  feed: { respectRobots?: boolean },
  limits: FetchLimits,
  opts: RobotsOptions = {},
): Promise<void> {
  if (feed.respectRobots === false) return;
  if (!(await isAllowedByRobots(url, limits.userAgent, limits, opts)))
    throw new FetchError(
      'robots',
      url,
      `disallowed by ${new URL(url).origin}/robots.txt for ${productToken(limits.userAgent) || limits.userAgent} (set respectRobots: false on the feed to override)`,
    );
}

/** Forget cached robots.txt files (tests; an operator's "re-check now"). */
export function clearRobotsCache(): void {
  cache.clear();
}
