import { describe, expect, it } from 'vitest';
import type { Lang } from '../text/detectLanguage.ts';
import { namedAsLocation, placeOfOffice } from './placeOf.ts';
import { docOf, frameOf } from './testSupport.ts';

const placesOfFrame = (text: string, lang: Lang, words: string) => frameOf(docOf(text, lang), words).places.map((p) => p.placeId);

describe('namedAsLocation', () => {
  it('a preposition before the name, glued to it, or with place nouns between', () => {
    const doc = docOf('في مدينة كربلاء وبالنجف وللكوفة، وعشائر البصرة', 'arb');
    expect(doc.places.map((p) => `${p.placeId}:${namedAsLocation(doc, p)}`)).toEqual(['karbala:true', 'najaf:true', 'kufa:true', 'basra:false']);
    const eng = docOf('in the holy city of Najaf; Basra tribes', 'eng');
    expect(eng.places.map((p) => `${p.placeId}:${namedAsLocation(eng, p)}`)).toEqual(['najaf:true', 'basra:false']);
  });
});

describe('placeOfOffice', () => {
  it("an office's post is not where its holder is; his office where he is said to be is", () => {
    const post = docOf('Ghadir Sharif, who runs the Asaib office in Tehran, spoke', 'eng');
    expect(placeOfOffice(post, post.places[0])).toBe(true);
    const at = docOf('تحدث قيس الخزعلي من مكتبه في بغداد', 'arb');
    expect(placeOfOffice(at, at.places[0])).toBe(false);
  });

  it('a delegation received there is where the meeting is', () => {
    const doc = docOf('أكرم الكعبي يستقبل وفدا في بيروت', 'arb');
    expect(placeOfOffice(doc, doc.places[0])).toBe(false);
  });
});

describe('placesOf', () => {
  it('every place a move names, arrival and origin both', () => {
    expect(placesOfFrame('عاد شبل الزيدي إلى كربلاء قادماً من دمشق', 'arb', 'عاد')).toEqual(['karbala', 'damascus']);
  });

  it('a place right after a verb of going, with no preposition («يصل بغداد», "left Qom", «نجف را ترک کرد»)', () => {
    expect(placesOfFrame('شبل الزيدي يغادر كربلاء', 'arb', 'يغادر')).toEqual(['karbala']);
    expect(placesOfFrame('Shibl al-Zaydi left Karbala at dawn', 'eng', 'left')).toEqual(['karbala']);
    expect(placesOfFrame('شبل زیدی کربلا را ترک کرد', 'pes', 'را ترك كرد')).toEqual(['karbala']);
  });

  it('a clause that only adds a place continues the list: "in Iran, in Mashhad"', () => {
    expect(placesOfFrame('Hadi al-Amiri is staying in Iran, in Mashhad', 'eng', 'is staying')).toEqual(['iran', 'mashhad']);
  });

  it('a Persian or Sorani verb comes last: the place stands between him and it', () => {
    expect(placesOfFrame('هادی عامری روز شنبه در مشهد سخنرانی کرد', 'pes', 'سخنراني كرد')).toEqual(['mashhad']);
    expect(placesOfFrame('هادی عامری لە مەشهەد وتارێکی پێشکەش کرد', 'ckb', 'وتاريكي')).toEqual(['mashhad']);
  });

  it('not past talk of rumours, not a place of another statement', () => {
    expect(placesOfFrame('شائعات حول صحة هادي العامري تنتشر في مواقع التواصل في العراق', 'arb', 'صحه')).toEqual([]);
  });

  it('a strike on his house puts him there; an office held there does not', () => {
    expect(placesOfFrame('قصف استهدف منزل هادي العامري في بعقوبة', 'arb', 'قصف')).toEqual(['baqubah']);
  });
});
