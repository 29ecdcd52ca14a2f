import { describe, expect, it } from 'vitest';
import { harmsAgree, readAnswer, rumorForClaim, rumorsAnswered, type OpenRumor } from './rumors.ts';

const D = 86_400_000;
const QUIET = 14 * D;
const rumor = (id: number, harm: OpenRumor['harm'], firstAt: number, lastActivityAt = firstAt, figureId = 'qais'): OpenRumor => ({
  id,
  figureId,
  harm,
  firstAt,
  lastActivityAt,
});

describe('rumors', () => {
  it('lets a claim or denial that names no harm meet any, and two named harms meet only themselves', () => {
    expect(harmsAgree(null, 'death')).toBe(true);
    expect(harmsAgree('arrest', undefined)).toBe(true);
    expect(harmsAgree('death', 'death')).toBe(true);
    expect(harmsAgree('death', 'arrest')).toBe(false);
  });

  it('joins a claim to the latest open rumor of an agreeing harm within the quiet period, on either side', () => {
    const open = [rumor(1, 'death', 10 * D), rumor(2, 'arrest', 12 * D), rumor(3, null, 0, 2 * D, 'laith')];
    expect(rumorForClaim(open, 'qais', 'death', 11 * D, QUIET)?.id).toBe(1);
    expect(rumorForClaim(open, 'qais', null, 13 * D, QUIET)?.id).toBe(2);
    // an earlier-published claim arriving late joins (and will become its first source)
    expect(rumorForClaim(open, 'qais', 'death', 1 * D, QUIET)?.id).toBe(1);
    expect(rumorForClaim(open, 'qais', 'death', 25 * D, QUIET)).toBeUndefined();
    expect(rumorForClaim(open, 'qais', 'illness', 11 * D, QUIET)).toBeUndefined();
    expect(rumorForClaim(open, 'laith', 'flight', 3 * D, QUIET)?.id).toBe(3);
  });

  it('answers the rumors made before the answer, still open at its time, of the harm a denial names', () => {
    const open = [rumor(1, 'death', 10 * D), rumor(2, 'arrest', 12 * D)];
    expect(rumorsAnswered(open, 'qais', null, 13 * D, QUIET).map((r) => r.id)).toEqual([1, 2]);
    expect(rumorsAnswered(open, 'qais', 'arrest', 13 * D, QUIET).map((r) => r.id)).toEqual([2]);
    expect(rumorsAnswered(open, 'qais', null, 11 * D, QUIET).map((r) => r.id)).toEqual([1]);
    expect(rumorsAnswered(open, 'qais', null, 9 * D, QUIET)).toEqual([]);
    expect(rumorsAnswered(open, 'qais', null, 30 * D, QUIET)).toEqual([]);
    expect(rumorsAnswered(open, 'laith', null, 13 * D, QUIET)).toEqual([]);
  });

  it('reads a debunk, an assurance that he is somewhere and a sighting as answers, and a placed harm claim as none', () => {
    expect(readAnswer([{ type: 'debunk' }])).toMatchObject({ answers: true, explicit: true, basis: 'denial', via: ['debunk'] });
    expect(readAnswer([{ type: 'debunk', basis: 'assurance', harm: 'death' }])).toMatchObject({ basis: 'assurance', harm: 'death' });
    expect(readAnswer([{ type: 'whereabouts' }])).toMatchObject({ answers: true, explicit: false, basis: 'assurance' });
    expect(readAnswer([{ type: 'appearance' }, { type: 'whereabouts' }])).toMatchObject({
      answers: true,
      basis: 'sighting',
      via: ['appearance', 'whereabouts'],
    });
    expect(readAnswer([{ type: 'harm_claim' }, { type: 'whereabouts' }]).answers).toBe(false);
    expect(readAnswer([{ type: 'harm_claim' }, { type: 'appearance', answersRumor: true }])).toMatchObject({ answers: true, namesRumor: true });
    expect(readAnswer([{ type: 'harm_claim' }]).answers).toBe(false);
    expect(readAnswer([]).answers).toBe(false);
  });
});
