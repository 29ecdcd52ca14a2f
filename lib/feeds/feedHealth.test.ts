import { describe, expect, it } from 'vitest';
import {
  applyFetchOutcome,
  failureWeight,
  healthBackoffFactor,
  initialHealth,
  summarizeHealth,
  UNHEALTHY_SCORE,
  type FeedHealth,
  type FetchOutcome,
} from './feedHealth.ts';

const t0 = new Date('2026-11-20T00:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);
const fail = (kind: Extract<FetchOutcome, { ok: false }>['kind'], status?: number): FetchOutcome => ({
  ok: false,
  kind,
  message: `${kind} happened`,
  status,
});
const run = (outcomes: FetchOutcome[], start: FeedHealth = initialHealth()) => outcomes.reduce((h, o, i) => applyFetchOutcome(h, o, at(i)), start);

describe('applyFetchOutcome', () => {
  it('starts healthy and records a success', () => {
    const h = applyFetchOutcome(initialHealth(), { ok: true }, at(5));
    expect(h).toMatchObject({ healthy: true, consecutiveFailures: 0, failureScore: 0, lastSuccessAt: at(5), lastError: null });
  });

  it('keeps the last error, its kind and time', () => {
    const h = run([fail('timeout')]);
    expect(h).toMatchObject({ consecutiveFailures: 1, lastErrorKind: 'timeout', lastError: 'timeout happened', lastErrorAt: at(0), healthy: true });
  });

  it('marks a feed unhealthy after two DNS failures but not after two timeouts', () => {
    expect(run([fail('dns'), fail('dns')]).healthy).toBe(false);
    expect(run([fail('timeout'), fail('timeout')]).healthy).toBe(true);
  });

  it('needs six timeouts, connection failures or 5xx in a row to mark a feed unhealthy', () => {
    const five = run(Array.from({ length: 5 }, () => fail('timeout')));
    expect(five.healthy).toBe(true);
    expect(applyFetchOutcome(five, fail('http', 503), at(9)).healthy).toBe(false);
  });

  it('weighs a 404 or 410 like a DNS failure, a 5xx like a timeout, a 429 least', () => {
    expect(failureWeight('http', 404)).toBe(failureWeight('dns'));
    expect(failureWeight('http', 410)).toBe(failureWeight('dns'));
    expect(failureWeight('http', 500)).toBe(failureWeight('timeout'));
    expect(failureWeight('http', 429)).toBeLessThan(failureWeight('timeout'));
    expect(failureWeight('http', 403)).toBeGreaterThan(failureWeight('http', 502));
  });

  it('marks a feed unhealthy at once for a URL that can never work', () => {
    expect(run([fail('bad_url')]).healthy).toBe(false);
    expect(run([fail('refused_address')]).healthy).toBe(false);
  });

  it('treats an unavailable Telegram preview and a robots refusal as serious', () => {
    expect(run([fail('unavailable'), fail('unavailable')]).healthy).toBe(false);
    expect(run([fail('robots'), fail('robots')]).healthy).toBe(false);
  });

  it('recovers on one success, keeping the last error for ops to read', () => {
    const sick = run([fail('dns'), fail('dns'), fail('dns')]);
    expect(sick.healthy).toBe(false);
    const well = applyFetchOutcome(sick, { ok: true }, at(60));
    expect(well).toMatchObject({ healthy: true, consecutiveFailures: 0, failureScore: 0, lastSuccessAt: at(60), lastErrorKind: 'dns' });
  });

  it('a success between failures resets the score', () => {
    const h = run([fail('dns'), { ok: true }, fail('dns')]);
    expect(h.failureScore).toBe(failureWeight('dns'));
    expect(h.healthy).toBe(true);
  });
});

describe('healthBackoffFactor', () => {
  it('is 1 for a healthy feed', () => {
    expect(healthBackoffFactor(initialHealth())).toBe(1);
  });
  it('doubles as failures pile up past the threshold, and is bounded', () => {
    const factors: number[] = [];
    let h = initialHealth();
    for (let i = 0; i < 40; i++) {
      h = applyFetchOutcome(h, fail('dns'), at(i));
      if (!h.healthy) factors.push(healthBackoffFactor(h));
    }
    expect(factors[0]).toBe(2);
    for (let i = 1; i < factors.length; i++) expect(factors[i]).toBeGreaterThanOrEqual(factors[i - 1]);
    expect(factors.at(-1)).toBe(256);
    expect(h.failureScore).toBeGreaterThan(UNHEALTHY_SCORE);
  });
});

describe('summarizeHealth', () => {
  const now = new Date('2026-11-21T00:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

  it('is empty without runs', () => {
    expect(summarizeHealth([], now)).toEqual({ runs: 0, errors: 0, itemsPerDay: 0, medianFetchMs: null });
  });

  it('gives items per day over the span covered and the median fetch time', () => {
    const runs = [
      { startedAt: hoursAgo(48), durationMs: 100, itemsNew: 10, outcome: 'ok' },
      { startedAt: hoursAgo(24), durationMs: 300, itemsNew: 0, outcome: 'not_modified' },
      { startedAt: hoursAgo(12), durationMs: 200, itemsNew: 20, outcome: 'ok' },
      { startedAt: hoursAgo(1), durationMs: 5000, itemsNew: 0, outcome: 'error' },
    ];
    expect(summarizeHealth(runs, now)).toEqual({ runs: 4, errors: 1, itemsPerDay: 15, medianFetchMs: 250 });
  });

  it('leaves out runs older than the window', () => {
    const runs = [
      { startedAt: hoursAgo(24 * 30), durationMs: 9999, itemsNew: 1000, outcome: 'ok' },
      { startedAt: hoursAgo(24), durationMs: 100, itemsNew: 4, outcome: 'ok' },
    ];
    expect(summarizeHealth(runs, now)).toMatchObject({ runs: 1, itemsPerDay: 4, medianFetchMs: 100 });
  });

  it('does not turn a single recent run into a huge daily rate', () => {
    const s = summarizeHealth([{ startedAt: new Date(now.getTime() - 60_000), durationMs: 50, itemsNew: 3, outcome: 'ok' }], now);
    expect(s.itemsPerDay).toBe(72);
  });
});
