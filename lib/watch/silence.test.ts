import { describe, expect, it } from 'vitest';
import { assessSilence, usualGapDays } from './silence.ts';

const day = (d: number, h = 12) => new Date(Date.UTC(2026, 0, 1 + d, h));

describe('assessSilence', () => {
  // seen every 2 or 3 days for a month
  const regular = [0, 2, 5, 7, 9, 12, 14, 16, 19, 21, 23, 26].map((d) => day(d));

  it('learns the usual gap, and counts a busy day once', () => {
    expect(usualGapDays(regular)).toBeCloseTo(3, 5);
    expect(usualGapDays([...regular, day(26, 13), day(26, 14)])).toBeCloseTo(3, 5);
  });

  it('is not silent within his usual gap, silent after it, since his last sighting', () => {
    expect(assessSilence({ sightings: regular, now: day(29) }).silent).toBe(false);
    const v = assessSilence({ sightings: regular, now: day(33) });
    expect(v.silent).toBe(true);
    if (v.silent) {
      expect(v.since).toEqual(day(26));
      expect(v.daysSilent).toBeCloseTo(7, 5);
      expect(v.thresholdDays).toBeCloseTo(6, 5);
    }
  });

  it('a later appearance clears it', () => {
    expect(assessSilence({ sightings: [...regular, day(32)], now: day(33) }).silent).toBe(false);
  });

  it('the watchlist silenceDays wins over the learned gap', () => {
    expect(assessSilence({ sightings: regular, now: day(33), silenceDays: 10 }).silent).toBe(false);
    expect(assessSilence({ sightings: [day(0)], now: day(3), silenceDays: 2 }).silent).toBe(true);
  });

  it('says nothing about a figure it knows too little about', () => {
    expect(assessSilence({ sightings: [], now: day(30) })).toMatchObject({ silent: false, reason: 'never seen' });
    expect(assessSilence({ sightings: [day(0), day(1)], now: day(60) }).silent).toBe(false);
  });
});
