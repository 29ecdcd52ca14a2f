import { describe, expect, it } from 'vitest';
import { adaptInterval, cadenceBounds, planNextFetch } from './cadence.ts';
import { applyFetchOutcome, initialHealth, MAX_BACKOFF_SECONDS, type FeedHealth } from './feedHealth.ts';

const now = new Date('2026-11-20T12:00:00Z');

describe('cadenceBounds', () => {
  it('defaults to a quarter and eight times the interval', () => {
    expect(cadenceBounds({ intervalSeconds: 600 })).toEqual({ baseSeconds: 600, minSeconds: 150, maxSeconds: 4800 });
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
    expect(adaptInterval(2000, [1, 0, 1, 0], b)).toBe(1650);
    expect(adaptInterval(200, [1, 0, 1, 0], b)).toBe(300);
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
      reason: 'cadence',
    });
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
    expect(planNextFetch({ adaptedSeconds: 300, bounds: b, health: initialHealth(), retryAfterMs: 5000, now }).reason).toBe('cadence');
  });
});
