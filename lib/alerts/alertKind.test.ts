import { describe, expect, it } from 'vitest';
import { alertKindFor } from './alertKind.ts';

describe('alertKindFor', () => {
  it('is a normal mention without signals', () => {
    expect(alertKindFor([])).toEqual({ kind: 'mention', priority: 'normal', placeId: null });
  });
  it('lets a debunk outrank whereabouts and keeps the whereabouts place', () => {
    expect(
      alertKindFor([
        { type: 'whereabouts', placeId: 'qom' },
        { type: 'debunk', placeId: null },
      ]),
    ).toEqual({ kind: 'debunk', priority: 'high', placeId: 'qom' });
  });
  it('keeps the first whereabouts place when the text names several', () => {
    expect(
      alertKindFor([
        { type: 'appearance', placeId: null },
        { type: 'whereabouts', placeId: 'karbala' },
        { type: 'whereabouts', placeId: 'tehran' },
      ]).placeId,
    ).toBe('karbala');
  });
  it('prefers the city to the country he is said to be in', () => {
    const countries = new Set(['iran', 'iraq']);
    const signals = [
      { type: 'whereabouts' as const, placeId: 'iran' },
      { type: 'whereabouts' as const, placeId: 'qom' },
    ];
    expect(alertKindFor(signals, (p) => countries.has(p)).placeId).toBe('qom');
    expect(alertKindFor([{ type: 'whereabouts', placeId: 'iran' }], (p) => countries.has(p)).placeId).toBe('iran');
  });
  it('makes a harm claim high priority', () => {
    expect(alertKindFor([{ type: 'harm_claim', placeId: null }]).priority).toBe('high');
  });
});
