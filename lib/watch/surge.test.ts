import { describe, expect, it } from 'vitest';
import { decideWave, DAILY_RULE, HOURLY_RULE, surgeLevel, trimmedMean } from './surge.ts';

const hours = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('surgeLevel', () => {
  it('a zero baseline needs the minimum count, not one stray mention', () => {
    expect(surgeLevel(1, hours(168, 0), HOURLY_RULE).opens).toBe(false);
    expect(surgeLevel(4, hours(168, 0), HOURLY_RULE).opens).toBe(false);
    const l = surgeLevel(6, hours(168, 0), HOURLY_RULE);
    expect(l.opens).toBe(true);
    expect(Number.isFinite(l.z)).toBe(true);
  });

  it("is relative to the figure's own baseline", () => {
    // a figure named ~3 times an hour: 8 is ordinary noise, 30 is a surge
    const busy = hours(168, 3);
    expect(surgeLevel(8, busy, HOURLY_RULE).opens).toBe(false);
    expect(surgeLevel(30, busy, HOURLY_RULE).opens).toBe(true);
    // the same 8 is a surge for a quiet figure
    expect(surgeLevel(8, hours(168, 0.1), HOURLY_RULE).opens).toBe(true);
  });

  it('an earlier wave in the history does not raise the baseline enough to hide a new one', () => {
    const history = [...hours(150, 0), ...hours(10, 40), ...hours(8, 0)];
    expect(trimmedMean(history, HOURLY_RULE.trim)).toBeLessThan(0.5);
    expect(surgeLevel(12, history, HOURLY_RULE).opens).toBe(true);
  });

  it('daily windows use their own rule', () => {
    const days = [4, 6, 5, 3, 5, 4, 6, 5, 4, 5, 6, 3, 4, 5];
    expect(surgeLevel(9, days, DAILY_RULE).opens).toBe(false);
    expect(surgeLevel(40, days, DAILY_RULE).opens).toBe(true);
  });
});

describe('decideWave', () => {
  const t0 = new Date('2026-03-01T10:00:00Z');
  const at = (h: number) => new Date(t0.getTime() + h * 3600_000);
  const hot = surgeLevel(20, hours(168, 0), HOURLY_RULE);
  const warm = surgeLevel(3, hours(168, 0.2), HOURLY_RULE);
  const cold = surgeLevel(0, hours(168, 0), HOURLY_RULE);

  it('opens once per wave, extends while counts stay up, and a later wave is new', () => {
    const first = decideWave([hot], {}, t0);
    expect(first.action).toBe('open');
    if (first.action !== 'open') return;
    let state = { startedAt: first.startedAt, openUntil: first.openUntil };
    const again = decideWave([hot], state, at(1));
    expect(again.action).toBe('extend');
    if (again.action !== 'extend') return;
    expect(again.startedAt).toEqual(t0);
    state = { startedAt: again.startedAt, openUntil: again.openUntil };
    expect(warm.holds).toBe(true);
    expect(decideWave([warm], state, at(2)).action).toBe('extend');
    // counts fall back: the wave stays open through its cool-down, then ends
    expect(decideWave([cold], { startedAt: t0, openUntil: at(4) }, at(3)).action).toBe('hold');
    expect(decideWave([cold], { startedAt: t0, openUntil: at(4) }, at(5)).action).toBe('none');
    // the worker forgets a closed wave (figure_state.surge_started_at = null); the next surge is a new wave
    const second = decideWave([hot], {}, at(30));
    expect(second).toMatchObject({ action: 'open', startedAt: at(30) });
  });

  it('no wave without a surge', () => {
    expect(decideWave([cold, warm], {}, t0).action).toBe('none');
  });
});

describe('decideWave after a late check', () => {
  it('a wave whose counts are still high when the check comes late goes on; it is not a new wave', () => {
    const t0 = new Date('2026-03-01T10:00:00Z');
    const late = new Date(t0.getTime() + 8 * 3600_000);
    const stillHot = surgeLevel(
      30,
      Array.from({ length: 14 }, () => 2),
      DAILY_RULE,
    );
    expect(decideWave([stillHot], { startedAt: t0, openUntil: new Date(t0.getTime() + 3 * 3600_000) }, late)).toMatchObject({
      action: 'extend',
      startedAt: t0,
    });
  });
});
