import { describe, expect, it } from 'vitest';
import { matchesSubscription, retryDelayMs } from './matchSubscription.ts';

describe('matchesSubscription', () => {
  const alert = { figure_id: 'abu-fadak', kind: 'debunk' };
  it('empty lists mean every figure and every kind', () => {
    expect(matchesSubscription({ enabled: true, figure_ids: [], kinds: [] }, alert)).toBe(true);
  });
  it('filters by figure and by kind', () => {
    expect(matchesSubscription({ enabled: true, figure_ids: ['abu-fadak'], kinds: ['debunk', 'harm_claim'] }, alert)).toBe(true);
    expect(matchesSubscription({ enabled: true, figure_ids: ['other'], kinds: [] }, alert)).toBe(false);
    expect(matchesSubscription({ enabled: true, figure_ids: [], kinds: ['mention'] }, alert)).toBe(false);
  });
  it('a disabled subscription gets nothing', () => {
    expect(matchesSubscription({ enabled: false, figure_ids: [], kinds: [] }, alert)).toBe(false);
  });
  it('retry delay doubles and is capped at an hour', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000]);
    expect(retryDelayMs(40, 30_000)).toBe(3_600_000);
  });
});
