import { describe, expect, it } from 'vitest';
import { fitsEvent, pickEvent, widen } from './eventWindow.ts';

const H = 3_600_000;
const W = 48 * H;

describe('event window', () => {
  it('takes a statement on either side as long as the whole event stays within the window', () => {
    const e = { firstAt: 10 * H, lastAt: 30 * H };
    expect(fitsEvent(e, 20 * H, W)).toBe(true);
    expect(fitsEvent(e, 58 * H, W)).toBe(true);
    expect(fitsEvent(e, 59 * H, W)).toBe(false);
    // an earlier publisher that arrives later still joins, down to the window before the last statement
    expect(fitsEvent(e, -18 * H, W)).toBe(true);
    expect(fitsEvent(e, -19 * H, W)).toBe(false);
  });

  it('widens to the statements it takes', () => {
    const e = { firstAt: 10 * H, lastAt: 30 * H };
    widen(e, 5 * H);
    widen(e, 40 * H);
    expect(e).toEqual({ firstAt: 5 * H, lastAt: 40 * H });
  });

  it('picks the latest-ending event the statement fits, the lower id on a tie', () => {
    const events = [
      { id: 1, firstAt: 0, lastAt: 10 * H },
      { id: 2, firstAt: 20 * H, lastAt: 40 * H },
      { id: 3, firstAt: 100 * H, lastAt: 100 * H },
    ];
    expect(pickEvent(events, 30 * H, W)?.id).toBe(2);
    expect(pickEvent(events, 200 * H, W)).toBeUndefined();
    expect(
      pickEvent(
        [
          { id: 7, firstAt: 0, lastAt: H },
          { id: 5, firstAt: 0, lastAt: H },
        ],
        H,
        W,
      )?.id,
    ).toBe(5);
  });
});
