import { describe, expect, it } from 'vitest';
import type { Signal } from '../statements/classifyStatement.ts';
import { storedSignalFields } from './signalFields.ts';

describe('storedSignalFields', () => {
  it('stores nothing for a signal without the optional fields (today’s classifier)', () => {
    expect(storedSignalFields({ type: 'debunk', figureId: 'qais' })).toEqual({
      harm: null,
      basis: null,
      answersRumor: false,
      start: null,
      end: null,
      speaker: null,
    });
  });
  it('keeps the contract’s fields and drops values outside it', () => {
    const s = {
      type: 'debunk',
      figureId: 'qais',
      start: 3,
      end: 9,
      harm: 'death',
      basis: 'assurance',
      answersRumor: true,
      speaker: { text: 'مكتب الشيخ', figureId: 'ghadir-sharif', start: 0, end: 10 },
    } satisfies Signal;
    expect(storedSignalFields(s)).toEqual({
      harm: 'death',
      basis: 'assurance',
      answersRumor: true,
      start: 3,
      end: 9,
      speaker: { text: 'مكتب الشيخ', figureId: 'ghadir-sharif', start: 0, end: 10 },
    });
    const odd = {
      type: 'harm_claim',
      figureId: 'qais',
      harm: 'exile',
      basis: 'rumor',
      start: -1,
      speaker: { text: ' ', start: 0, end: 1 },
    } as unknown as Signal;
    expect(storedSignalFields(odd)).toMatchObject({ harm: null, basis: null, start: null, speaker: null });
  });
});
