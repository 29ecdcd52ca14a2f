import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../test/helpers/httpServer.ts';
import { FetchError } from './errors.ts';
import { assertRobotsAllow, clearRobotsCache, crawlDelaySeconds, isAllowedByRobots, isPathAllowed, parseRobots, productToken } from './robots.ts';
import type { FetchLimits } from './source.ts';
import { testFetchLimits } from '../../test/helpers/fetchLimits.ts';

const UA = 'RaqibBot/0.1 (+https://example.org/bot)';

describe('parseRobots / isPathAllowed', () => {
  const robots = parseRobots(`
# comment
User-agent: *
Disallow: /private/
Allow: /private/public-page
Disallow: /*.pdf$
Disallow: /search?*q=

User-agent: BadBot
User-agent: raqibbot
Disallow: /no-raqib/
Crawl-delay: 2.5

User-agent: OtherBot
Disallow: /
`);

  it('reads groups, sharing a group among consecutive user-agent lines', () => {
    expect(robots.groups).toHaveLength(3);
    expect(robots.groups[1].agents).toEqual(['badbot', 'raqibbot']);
  });

  it('applies the most specific group for our product token, not *', () => {
    expect(isPathAllowed(robots, UA, '/no-raqib/x')).toBe(false);
    // our group has no rule for /private/, and the * group does not apply to us
    expect(isPathAllowed(robots, UA, '/private/x')).toBe(true);
    expect(crawlDelaySeconds(robots, UA)).toBe(2.5);
  });

  it('falls back to * for other agents, longest match wins and allow wins ties', () => {
    expect(isPathAllowed(robots, 'SomeCrawler/1', '/private/x')).toBe(false);
    expect(isPathAllowed(robots, 'SomeCrawler/1', '/private/public-page')).toBe(true);
    expect(isPathAllowed(robots, 'SomeCrawler/1', '/index.html')).toBe(true);
    const tie = parseRobots('User-agent: *\nDisallow: /a\nAllow: /a\n');
    expect(isPathAllowed(tie, 'x', '/a')).toBe(true);
  });

  it('handles * wildcards and the $ anchor', () => {
    expect(isPathAllowed(robots, 'x', '/files/report.pdf')).toBe(false);
    expect(isPathAllowed(robots, 'x', '/files/report.pdf?download=1')).toBe(true);
    expect(isPathAllowed(robots, 'x', '/search?lang=ar&q=khazali')).toBe(false);
  });

  it('treats an empty Disallow, an empty file and no matching group as allow-all', () => {
    expect(isPathAllowed(parseRobots('User-agent: *\nDisallow:\n'), UA, '/x')).toBe(true);
    expect(isPathAllowed(parseRobots(''), UA, '/x')).toBe(true);
    expect(isPathAllowed(parseRobots('User-agent: OnlyThem\nDisallow: /\n'), UA, '/x')).toBe(true);
  });

  it('matches non-ASCII paths written unencoded in robots.txt', () => {
    const r = parseRobots('User-agent: *\nDisallow: /أخبار/\n');
    expect(isPathAllowed(r, UA, '/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1')).toBe(false);
  });

  it('reads the product token of a User-Agent', () => {
    expect(productToken(UA)).toBe('raqibbot');
  });
});

describe('isAllowedByRobots over HTTP', () => {
  let server: LocalServer;
  let limits: FetchLimits;
  let robotsBody: string | null = 'User-agent: *\nDisallow: /blocked/\n';
  let robotsStatus = 200;
  const robotsHits = () => server.requests.filter((r) => r === '/robots.txt').length;

  beforeAll(async () => {
    server = await startLocalServer({
      '/robots.txt': (_req, res) => {
        res.statusCode = robotsStatus;
        res.setHeader('content-type', 'text/plain');
        res.end(robotsBody ?? '');
      },
    });
    limits = testFetchLimits([server.hostPort], { userAgent: UA });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clearRobotsCache();
    server.requests.length = 0;
    robotsStatus = 200;
    robotsBody = 'User-agent: *\nDisallow: /blocked/\n';
  });

  it('allows and refuses by the served file, fetching it once per origin while cached', async () => {
    expect(await isAllowedByRobots(`${server.origin}/news/1`, UA, limits)).toBe(true);
    expect(await isAllowedByRobots(`${server.origin}/blocked/feed.xml`, UA, limits)).toBe(false);
    expect(robotsHits()).toBe(1);
  });

  it('fetches again after the TTL', async () => {
    const t = Date.now();
    await isAllowedByRobots(`${server.origin}/a`, UA, limits, { now: t, ttlMs: 1000 });
    await isAllowedByRobots(`${server.origin}/a`, UA, limits, { now: t + 500, ttlMs: 1000 });
    await isAllowedByRobots(`${server.origin}/a`, UA, limits, { now: t + 1500, ttlMs: 1000 });
    expect(robotsHits()).toBe(2);
  });

  it('treats a 404 and a 500 robots.txt as allow-all', async () => {
    robotsStatus = 404;
    expect(await isAllowedByRobots(`${server.origin}/blocked/x`, UA, limits)).toBe(true);
    clearRobotsCache();
    robotsStatus = 500;
    expect(await isAllowedByRobots(`${server.origin}/blocked/x`, UA, limits)).toBe(true);
  });

  it('treats an unreachable host as allow-all', async () => {
    const gone = await startLocalServer();
    const origin = gone.origin;
    await gone.close();
    expect(await isAllowedByRobots(`${origin}/x`, UA, { ...limits, allow: [gone.hostPort] })).toBe(true);
  });

  it('assertRobotsAllow throws FetchError(robots) naming the file, unless the feed opts out', async () => {
    const url = `${server.origin}/blocked/feed.xml`;
    const err = await assertRobotsAllow(url, { respectRobots: true }, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('robots');
    expect((err as FetchError).message).toContain('/robots.txt');
    clearRobotsCache();
    server.requests.length = 0;
    await assertRobotsAllow(url, { respectRobots: false }, limits);
    expect(robotsHits()).toBe(0);
  });

  it('does not reach a loopback robots.txt unless allowed (the SSRF guard applies)', async () => {
    // refused address → treated as unreachable, allowed; but nothing was sent to the server
    expect(await isAllowedByRobots(`${server.origin}/blocked/x`, UA, { ...limits, allow: [] })).toBe(true);
    expect(robotsHits()).toBe(0);
  });
});
