import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchFigures } from '../text/matchFigures.ts';
import { analyzeStatements, placeIds } from './analyzeStatements.ts';
import { parseLabelledSet } from './evaluateSignalSet.ts';
import { brief, figures, lexicon, places } from './testSupport.ts';

const signals = (text: string, lang: 'arb' | 'pes' | 'eng' | 'ckb') => analyzeStatements(text, lang, matchFigures(figures, text), places, lexicon);

describe('harm_claim', () => {
  it('harm reported, relayed as a rumour or asked about; with where it happened', () => {
    expect(brief('Gunmen shot and wounded Shibl al-Zaydi in Kut on Sunday.', 'eng')).toEqual([
      'harm_claim:shibl-al-zaydi',
      'whereabouts:shibl-al-zaydi@kut',
    ]);
    expect(brief('يتناقل ناشطون أنباء عن اختطاف غدير شريف', 'arb')).toEqual(['harm_claim:ghadir-sharif']);
    expect(brief('آیا هادی عامری در تهران بستری شد؟', 'pes')).toEqual(['harm_claim:hadi-al-amiri', 'whereabouts:hadi-al-amiri@tehran']);
    expect(brief('شبل زەیدی لە کەرکووک دەستگیرکرا', 'ckb')).toEqual(['harm_claim:shibl-al-zaydi', 'whereabouts:shibl-al-zaydi@kirkuk']);
  });

  it('names the harm: death, injury, strike, arrest, illness, flight', () => {
    const harm = (text: string, lang: 'arb' | 'eng') => signals(text, lang).signals.find((s) => s.type === 'harm_claim')?.harm;
    expect(harm('A drone targeted the convoy of Hadi al-Amiri', 'eng')).toBe('strike');
    expect(harm('Hadi al-Amiri suffered a stroke', 'eng')).toBe('illness');
    expect(harm('تقارير عن فرار شبل الزيدي', 'arb')).toBe('flight');
  });

  it('not harm to his aide, his relative or his office; not a warrant, sanctions or words', () => {
    expect(brief('An adviser to Shibl al-Zaydi was kidnapped in Baghdad.', 'eng')).toEqual([]);
    expect(brief('أصيب ابن شبل الزيدي في حادث سير', 'arb')).toEqual([]);
    expect(brief('A court issued an arrest warrant for Shibl al-Zaydi.', 'eng')).toEqual([]);
    expect(brief('Shibl al-Zaydi attacked the electoral commission in a statement.', 'eng')).toEqual([]);
    expect(brief('هادي العامري يعزي بمقتل ضابط في البصرة', 'arb')).toEqual([]);
  });
});

describe('debunk', () => {
  it('a denial answers the harm it names, and the harm is not claimed', () => {
    const r = signals('نفى مكتب شبل الزيدي الأنباء عن اعتقاله في الكوت', 'arb');
    expect(r.signals.map((s) => `${s.type}:${s.figureId}`)).toEqual(['debunk:shibl-al-zaydi']);
    expect(r.signals[0]).toMatchObject({ harm: 'arrest', basis: 'denial' });
    expect(r.signals[0].speaker).toMatchObject({ figureId: 'shibl-al-zaydi' });
    expect(r.debunk).toBe(true);
  });

  it('an assurance: alive, well, unhurt; busy or at work where harm was talked of; with where he is', () => {
    expect(brief('مصدر: شبل الزيدي بصحة جيدة ويتواجد في كربلاء', 'arb')).toEqual(['debunk:shibl-al-zaydi', 'whereabouts:shibl-al-zaydi@karbala']);
    expect(brief('Shibl al-Zaydi is busy with his work.', 'eng')).toEqual([]);
    expect(brief('Despite rumours of his arrest, Shibl al-Zaydi is busy with his work.', 'eng')).toEqual(['debunk:shibl-al-zaydi']);
  });

  it('a sighting after talk of harm is proof of life: appearance and debunk, naming the rumour', () => {
    const r = signals('Shibl al-Zaydi appeared in Karbala days after reports of his death.', 'eng');
    expect(r.signals.map((s) => `${s.type}:${s.figureId}${s.placeId ? '@' + s.placeId : ''}`).sort()).toEqual([
      'appearance:shibl-al-zaydi',
      'debunk:shibl-al-zaydi',
      'whereabouts:shibl-al-zaydi@karbala',
    ]);
    expect(r.signals.find((s) => s.type === 'debunk')).toMatchObject({ basis: 'sighting', answersRumor: true });
  });

  it("the subject's, not the speaker's: one figure denying harm to another", () => {
    expect(brief('هادي العامري ينفي إصابة شبل الزيدي', 'arb')).toEqual(['debunk:shibl-al-zaydi']);
  });

  it('not a negation of something else, a denial about someone untracked, or an ordinary sighting', () => {
    expect(brief('Shibl al-Zaydi did not attend the conference.', 'eng')).toEqual([]);
    expect(brief('نفت كتائب الإمام علي مقتل أحد مقاتليها، وأكد شبل الزيدي أن التحقيق مستمر', 'arb')).toEqual([]);
    expect(brief('Shibl al-Zaydi appeared in Karbala on Friday.', 'eng')).toEqual([
      'appearance:shibl-al-zaydi',
      'whereabouts:shibl-al-zaydi@karbala',
    ]);
  });

  it('an attack reported and then answered gives both', () => {
    expect(brief('A roadside bomb hit the convoy of Shibl al-Zaydi. His office said he was unhurt.', 'eng')).toEqual([
      'debunk:shibl-al-zaydi',
      'harm_claim:shibl-al-zaydi',
    ]);
  });

  it('Sorani and Persian denials and assurances', () => {
    expect(brief('کەتائیبی ئیمام عەلی هەواڵی دەستگیرکردنی شبل زەیدی ڕەتکردەوە', 'ckb')).toEqual(['debunk:shibl-al-zaydi']);
    expect(brief('منابع نزدیک: شبل زیدی سالم است', 'pes')).toEqual(['debunk:shibl-al-zaydi']);
  });
});

describe('appearance', () => {
  it('footage, a speech, an interview, a live stream, both sides of a meeting', () => {
    expect(brief('Hadi al-Amiri met Shibl al-Zaydi in Baghdad.', 'eng')).toEqual([
      'appearance:hadi-al-amiri',
      'appearance:shibl-al-zaydi',
      'whereabouts:hadi-al-amiri@baghdad',
      'whereabouts:shibl-al-zaydi@baghdad',
    ]);
    expect(brief('شبل الزيدي في بث مباشر على قناته', 'arb')).toEqual(['appearance:shibl-al-zaydi']);
  });

  it('not planned, not denied, not an old clip, not a written statement, not his envoy', () => {
    expect(brief('Shibl al-Zaydi will speak at a rally in Basra next week.', 'eng')).toEqual([]);
    expect(brief('نفى مكتب شبل الزيدي لقاءه بالسفير', 'arb')).toEqual([]);
    expect(brief('An old video of Shibl al-Zaydi in Basra resurfaced.', 'eng')).toEqual([]);
    expect(brief('Shibl al-Zaydi said in a written statement that talks continue.', 'eng')).toEqual([]);
    expect(brief('An envoy of Shibl al-Zaydi met officials in Tehran.', 'eng')).toEqual([]);
  });
});

describe('whereabouts', () => {
  it('arrived, left, staying; a place after a verb of going; «X في Y»; one signal per place', () => {
    expect(brief('وصل شبل الزيدي إلى النجف قادماً من بيروت', 'arb')).toEqual([
      'whereabouts:shibl-al-zaydi@beirut',
      'whereabouts:shibl-al-zaydi@najaf',
    ]);
    expect(brief('شبل الزيدي حالياً في الكوفة', 'arb')).toEqual(['whereabouts:shibl-al-zaydi@kufa']);
    expect(brief('شبل زیدی وارد مشهد شد', 'pes')).toEqual(['whereabouts:shibl-al-zaydi@mashhad']);
  });

  it('a district counts as its city; dialect prepositions glue to the place («بالكوفة»)', () => {
    expect(brief('شبل الزيدي هسه بالجادرية', 'arb')).toEqual(['whereabouts:shibl-al-zaydi@baghdad']);
  });

  it('not an idiom, a planned trip, his office, a place inside a denied claim', () => {
    expect(brief('Shibl al-Zaydi slammed Tehran-backed rivals in a post.', 'eng')).toEqual([]);
    expect(brief('Shibl al-Zaydi is expected to arrive in Najaf on Monday.', 'eng')).toEqual([]);
    expect(brief('The office of Shibl al-Zaydi in Najaf issued a statement.', 'eng')).toEqual([]);
    expect(brief('نفت الكتائب فرار شبل الزيدي إلى سوريا', 'arb')).toEqual(['debunk:shibl-al-zaydi']);
  });
});

describe('output', () => {
  it('spans are UTF-16 offsets of the original text and cover the words that said it', () => {
    const text = '🔴 عاجل | نفت الكتائب اعتقال شبل الزيدي';
    const s = signals(text, 'arb').signals[0];
    expect(text.slice(s.start, s.end)).toBe('اعتقال');
  });

  it('places are listed once each, in order, idioms left out', () => {
    const r = signals('Shibl al-Zaydi left Basra for Najaf, where pro-Tehran groups met; he is back in Basra.', 'eng');
    expect(placeIds(r.places)).toEqual(['basra', 'najaf']);
  });

  it('says nothing without a tracked figure', () => {
    expect(signals('نفت وزارة الداخلية أنباء مقتل ضابط في البصرة', 'arb').signals).toEqual([]);
  });
});

describe('labelled sets', () => {
  const v3 = parseLabelledSet(readFileSync('lib/statements/testdata/v3/dev.jsonl', 'utf8'), 'v3/dev.jsonl');
  const older = [
    ...parseLabelledSet(readFileSync('lib/statements/testdata/signals.jsonl', 'utf8'), 'signals.jsonl'),
    ...parseLabelledSet(readFileSync('lib/statements/testdata/signals-heldout-2.jsonl', 'utf8'), 'signals-heldout-2.jsonl'),
  ];

  it('the v3 dev split is well-formed: four languages, unique ids, known figure and place ids', () => {
    expect(new Set(v3.map((g) => g.lang))).toEqual(new Set(['arb', 'pes', 'eng', 'ckb']));
    expect(new Set(v3.map((g) => g.id)).size).toBe(v3.length);
    const ids = new Set(figures.ids);
    const placeIdsKnown = new Set([...places.kinds.keys()]);
    for (const g of v3) {
      for (const f of g.figures ?? []) expect(ids.has(f), `${g.id} ${f}`).toBe(true);
      for (const p of g.places) expect(placeIdsKnown.has(p), `${g.id} ${p}`).toBe(true);
      for (const s of g.signals) expect(g.figures, `${g.id} ${s.figureId}`).toContain(s.figureId);
    }
  });

  it('every figure a gold signal of the older sets names is found by the matcher', () => {
    for (const g of older) {
      const named = new Set(matchFigures(figures, g.text).map((m) => m.figureId));
      for (const s of g.signals) expect(named.has(s.figureId), `${g.id} ${s.figureId}`).toBe(true);
    }
  });
});
