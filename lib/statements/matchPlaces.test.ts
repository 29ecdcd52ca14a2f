import { describe, expect, it } from 'vitest';
import type { Lang } from '../text/detectLanguage.ts';
import { compilePlaces, matchPlaces } from './matchPlaces.ts';
import { lexicon, places } from './testSupport.ts';

const found = (text: string, lang?: Lang) =>
  matchPlaces(places, text, lang, lexicon).map((p) => `${p.placeId}${p.districtId ? '<' + p.districtId : ''}`);

describe('matchPlaces', () => {
  it('a district, suburb or shrine is reported as its city, and remembers its own id', () => {
    expect(found('انفجار في الكرادة ثم في الحنانة وقرب الضاحية الجنوبية')).toEqual(['baghdad<karrada', 'najaf<hanana', 'beirut<dahiyeh']);
    expect(found("Baghdad's Jadriya district")).toEqual(['baghdad', 'baghdad<jadriya']);
  });

  it('Kadhimiya, the Green Zone and Sayyida Zaynab keep their own ids', () => {
    expect(found('من الكاظمية إلى المنطقة الخضراء ثم السيدة زينب')).toEqual(['kadhimiya', 'green-zone', 'sayyida-zaynab']);
  });

  it('an alias that is a common word elsewhere counts only in its language («قوم» is Qom in Sorani)', () => {
    expect(found('لە قوم', 'ckb')).toEqual(['qom']);
    expect(found('قوم من الناس', 'arb')).toEqual([]);
  });

  it('the shadda picks Amman, its absence Oman; Mashhad never with the article', () => {
    expect(found('في عمّان')).toEqual(['amman']);
    expect(found('سلطنة عمان')).toEqual(['oman']);
    expect(found('المشهد السياسي في مشهد')).toEqual(['mashhad']);
  });

  it('a Sorani ending or preposition glued to the name («لەبەغدا», «نەجەفی», «تاراندا»)', () => {
    expect(found('لەبەغدا و نەجەفی و لە تاراندا', 'ckb')).toEqual(['baghdad', 'najaf', 'tehran']);
    expect(found('نەجەفی', 'arb')).toEqual([]);
  });

  it('spans are offsets of the original text', () => {
    const text = 'وصل إلى بالنجف 🚗 ثم لەبەغدا';
    for (const p of matchPlaces(places, text, 'ckb', lexicon)) expect(text.slice(p.start, p.end)).toBe(p.text);
  });

  it('accepts places with no optional fields', () => {
    const pm = compilePlaces([{ id: 'qom', name: 'Qom', aliases: ['قم'] }]);
    expect(matchPlaces(pm, 'في قم').map((p) => p.placeId)).toEqual(['qom']);
  });
});
