import { describe, expect, it } from 'vitest';
import { adaptInterval, burstSettings, cadenceBounds, explainCadence, planNextFetch } from './cadence.ts';
import { applyFetchOutcome, initialHealth, MAX_BACKOFF_SECONDS, type FeedHealth } from './feedHealth.ts';

const now = new Date('2026-11-20T12:00:00Z');

describe('cadenceBounds', () => {
  it('defaults to a quarter and twice the interval', () => {
    expect(cadenceBounds({ intervalSeconds: 600 })).toEqual({ baseSeconds: 600, minSeconds: 150, maxSeconds: 1200 });
    // the report that started this: a feed set to 15 s stretched to 120 s; now 30 s at most
    expect(cadenceBounds({ intervalSeconds: 15 }).maxSeconds).toBe(30);
  });
  it('never goes under 10 s nor over 7 days', () => {
    expect(cadenceBounds({ intervalSeconds: 20 }).minSeconds).toBe(10);
    expect(cadenceBounds({ intervalSeconds: 86400 * 5 }).maxSeconds).toBe(7 * 86400);
  });
  it('uses configured bounds and keeps the base interval inside them', () => {
    expect(cadenceBounds({ intervalSeconds: 300, minIntervalSeconds: 60, maxIntervalSeconds: 900 })).toEqual({
      baseSeconds: 300,
      minSeconds: 60,
      maxSeconds: 900,
    });
    expect(cadenceBounds({ intervalSeconds: 300, minIntervalSeconds: 600, maxIntervalSeconds: 100 })).toEqual({
      baseSeconds: 300,
      minSeconds: 300,
      maxSeconds: 300,
    });
  });
});

describe('adaptInterval', () => {
  const b = cadenceBounds({ intervalSeconds: 600 });

  it('does not move on too little evidence', () => {
    expect(adaptInterval(600, [5, 5], b)).toBe(600);
    expect(adaptInterval(600, [], b)).toBe(600);
  });

  it('polls a feed that always has something new more often, down to the minimum', () => {
    let s = 600;
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) seen.push((s = adaptInterval(s, [3, 1, 2, 4], b)));
    expect(seen[0]).toBe(420);
    expect(seen.at(-1)).toBe(b.minSeconds);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1]);
  });

  it('polls a feed that rarely has anything less often, up to the maximum', () => {
    let s = 600;
    for (let i = 0; i < 30; i++) s = adaptInterval(s, [0, 0, 0, 0, 0, 0, 0, 1], b);
    expect(s).toBe(b.maxSeconds);
  });

  it('drifts a mixed feed back toward the configured interval', () => {
    expect(adaptInterval(1200, [1, 0, 1, 0], b)).toBe(1050);
    expect(adaptInterval(200, [1, 0, 1, 0], b)).toBe(300);
  });

  it('never stretches a quiet feed past its maxIntervalSeconds', () => {
    const bounded = cadenceBounds({ intervalSeconds: 60, maxIntervalSeconds: 90 });
    let s = 60;
    for (let i = 0; i < 30; i++) s = adaptInterval(s, [0, 0, 0, 0, 0, 0, 0, 0], bounded);
    expect(s).toBe(90);
  });

  it('looks at the recent window only', () => {
    const old = Array.from({ length: 50 }, () => 0);
    expect(adaptInterval(600, [...old, 1, 1, 1, 1, 1, 1, 1, 1], b)).toBe(420);
  });

  it('clamps a current value that is already outside the bounds', () => {
    expect(adaptInterval(99999, [], b)).toBe(b.maxSeconds);
    expect(adaptInterval(1, [], b)).toBe(b.minSeconds);
  });
});

describe('planNextFetch', () => {
  const b = cadenceBounds({ intervalSeconds: 300 });
  const sick = (n: number): FeedHealth => {
    let h = initialHealth();
    for (let i = 0; i < n; i++) h = applyFetchOutcome(h, { ok: false, kind: 'dns', message: 'ENOTFOUND' }, now);
    return h;
  };

  it('follows the cadence for a healthy feed', () => {
    expect(planNextFetch({ adaptedSeconds: 120, bounds: b, health: initialHealth(), now })).toEqual({
      intervalSeconds: 120,
      notBefore: null,
      reason: 'adapted_faster',
    });
    expect(planNextFetch({ adaptedSeconds: 600, bounds: b, health: initialHealth(), now }).reason).toBe('adapted_slower');
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), now }).reason).toBe('set');
  });

  it('backs an unhealthy feed off from its base interval, growing, and capped', () => {
    const p2 = planNextFetch({ adaptedSeconds: 120, bounds: b, health: sick(2), now });
    expect(p2).toEqual({ intervalSeconds: 600, notBefore: new Date(now.getTime() + 600_000), reason: 'backoff' });
    const p4 = planNextFetch({ adaptedSeconds: 120, bounds: b, health: sick(4), now });
    expect(p4.intervalSeconds).toBeGreaterThan(p2.intervalSeconds);
    const p50 = planNextFetch({ adaptedSeconds: 120, bounds: b, health: sick(50), now });
    expect(p50.intervalSeconds).toBe(MAX_BACKOFF_SECONDS);
  });

  it('waits at least as long as Retry-After asks, up to a day', () => {
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), retryAfterMs: 1_800_500, now })).toEqual({
      intervalSeconds: 1801,
      notBefore: new Date(now.getTime() + 1_801_000),
      reason: 'retry_after',
    });
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), retryAfterMs: 30 * 86400_000, now }).intervalSeconds).toBe(86400);
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), retryAfterMs: 5000, now }).reason).toBe('set');
  });

  const burst = burstSettings({ intervalSeconds: 300 });
  const ago = (s: number) => new Date(now.getTime() - s * 1000);

  it('polls a feed that has just published sooner for a few minutes, then goes back to its cadence', () => {
    expect(burst).toEqual({ intervalSeconds: 30, windowSeconds: 600 });
    expect(planNextFetch({ adaptedSeconds: 600, bounds: b, health: initialHealth(), burst, lastNewItemAt: now, now })).toEqual({
      intervalSeconds: 30,
      notBefore: null,
      reason: 'burst',
    });
    expect(planNextFetch({ adaptedSeconds: 600, bounds: b, health: initialHealth(), burst, lastNewItemAt: ago(599), now }).reason).toBe('burst');
    expect(planNextFetch({ adaptedSeconds: 600, bounds: b, health: initialHealth(), burst, lastNewItemAt: ago(601), now })).toMatchObject({
      intervalSeconds: 600,
      reason: 'adapted_slower',
    });
  });

  it('keeps a pinned feed at its set interval: no adapting, no burst; the server and failures still count', () => {
    const pinned = {
      adaptedSeconds: 600,
      bounds: b,
      pinned: true,
      burst: burstSettings({ intervalSeconds: 300, pin: true }),
      lastNewItemAt: now,
      now,
    };
    expect(planNextFetch({ ...pinned, health: initialHealth() })).toEqual({ intervalSeconds: 300, notBefore: null, reason: 'pinned' });
    expect(planNextFetch({ ...pinned, health: initialHealth(), retryAfterMs: 900_000 }).reason).toBe('retry_after');
    expect(planNextFetch({ ...pinned, health: sick(2) }).reason).toBe('backoff');
  });

  it('waits at least the robots.txt Crawl-delay, even in a burst', () => {
    expect(
      planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), burst, lastNewItemAt: now, crawlDelaySeconds: 120, now }),
    ).toEqual({
      intervalSeconds: 120,
      notBefore: null,
      reason: 'crawl_delay',
    });
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), crawlDelaySeconds: 10, now }).reason).toBe('set');
  });
});

describe('burstSettings', () => {
  it("is a tenth of the interval, from 10 to 30 s, within the feed's own bounds; a window of 0 turns it off", () => {
    expect(burstSettings({ intervalSeconds: 15 })).toEqual({ intervalSeconds: 10, windowSeconds: 600 });
    expect(burstSettings({ intervalSeconds: 60 })).toEqual({ intervalSeconds: 10, windowSeconds: 600 });
    expect(burstSettings({ intervalSeconds: 3600 })).toEqual({ intervalSeconds: 30, windowSeconds: 600 });
    expect(burstSettings({ intervalSeconds: 3600, minIntervalSeconds: 120 }).intervalSeconds).toBe(120);
    expect(burstSettings({ intervalSeconds: 300, burstIntervalSeconds: 15, burstWindowSeconds: 0 })).toEqual({
      intervalSeconds: 15,
      windowSeconds: 0,
    });
  });
});

describe('explainCadence', () => {
  const row = { interval_seconds: 15, effective_interval_seconds: 30, consecutive_failures: 0, max_interval_seconds: 30, pinned: false };
  it('says why a feed is polled at the pace it is', () => {
    expect(explainCadence({ ...row, cadence_reason: 'adapted_slower' })).toBe('adapted: recent fetches found nothing new (at most every 30 s)');
    expect(explainCadence({ ...row, cadence_reason: 'backoff', consecutive_failures: 3 })).toBe('backing off after 3 failed fetches in a row');
    expect(explainCadence({ ...row, cadence_reason: 'crawl_delay' })).toBe('its robots.txt asks for 30 s between requests (Crawl-delay)');
    expect(explainCadence({ ...row, cadence_reason: 'retry_after' })).toBe('the server asked us to wait (Retry-After)');
    expect(explainCadence({ ...row, effective_interval_seconds: null, cadence_reason: null })).toBe('as set');
    expect(explainCadence({ ...row, effective_interval_seconds: null, cadence_reason: null, pinned: true })).toBe('pinned to the set interval');
  });
});
