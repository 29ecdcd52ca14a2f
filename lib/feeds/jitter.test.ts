import { describe, expect, it } from 'vitest';
import { hash32, nextSlotMs, runJitterMs, scheduleOffsetMs } from './jitter.ts';

const ids = Array.from({ length: 1000 }, (_, i) => `feed-${i}`);

describe('scheduleOffsetMs', () => {
  it('is deterministic and inside the interval', () => {
    for (const id of ids.slice(0, 50)) {
      const o = scheduleOffsetMs(id, 300_000);
      expect(o).toBe(scheduleOffsetMs(id, 300_000));
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(300_000);
    }
  });

  it('spreads 1,000 feeds of the same 5-minute interval so no second holds more than a handful', () => {
    const perSecond = new Map<number, number>();
    for (const id of ids) {
      const s = Math.floor(scheduleOffsetMs(id, 300_000) / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    // 1,000 feeds over 300 seconds average 3.3 a second; a uniform hash keeps the busiest second small
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(12);
    expect(perSecond.size).toBeGreaterThan(250);
  });

  it('gives nearby ids different phases', () => {
    expect(scheduleOffsetMs('feed-1', 60_000)).not.toBe(scheduleOffsetMs('feed-2', 60_000));
  });

  it('is 0 for a degenerate interval', () => {
    expect(scheduleOffsetMs('x', 0)).toBe(0);
  });
});

describe('runJitterMs', () => {
  it('stays within the fraction of the interval and the cap, and varies by run', () => {
    const js = Array.from({ length: 100 }, (_, run) => runJitterMs('feed-7', run, 300_000));
    for (const j of js) {
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(30_000);
    }
    expect(new Set(js).size).toBeGreaterThan(90);
    expect(runJitterMs('feed-7', 3, 10 * 3600_000)).toBeLessThan(60_000);
    expect(runJitterMs('feed-7', 3, 300_000)).toBe(js[3]);
  });
});

describe('nextSlotMs', () => {
  it('is the next point on the feed grid, strictly after now', () => {
    const interval = 60_000;
    const now = 1_800_000_000_000;
    const next = nextSlotMs('feed-9', interval, now);
    expect(next).toBeGreaterThan(now);
    expect(next - now).toBeLessThanOrEqual(interval);
    expect((next - scheduleOffsetMs('feed-9', interval)) % interval).toBe(0);
    expect(nextSlotMs('feed-9', interval, next)).toBe(next + interval);
  });
});

describe('hash32', () => {
  it('is an unsigned 32-bit integer', () => {
    for (const id of ids.slice(0, 20)) {
      const h = hash32(id);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
