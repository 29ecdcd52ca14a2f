import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaces } from '../../config/placesSchema.ts';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { compileWatchlist, matchFigures } from '../text/matchFigures.ts';
import type { Lang } from '../text/detectLanguage.ts';
import { analyzeStatements, placeIds } from './analyzeStatements.ts';
import { evaluateSignalSet, isHeldOut, parseLabelledSet } from './evaluateSignalSet.ts';
import { compilePlaces } from './matchPlaces.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const figures = compileWatchlist(loadWatchlist(join(root, 'config/watchlist.yaml')));
const places = compilePlaces(loadPlaces(join(root, 'config/places.yaml')));

function signals(text: string, lang: Lang) {
  const a = analyzeStatements(text, lang, matchFigures(figures, text), places);
  return { ...a, brief: a.signals.map((s) => `${s.type}:${s.figureId}${s.placeId ? '@' + s.placeId : ''}`).sort() };
}

describe('classifyStatements', () => {
  it('a denial of a reported killing is a debunk, not a harm claim', () => {
    const r = signals('Asaib Ahl al-Haq denied reports that Qais al-Khazali was killed, saying he is alive and well.', 'eng');
    expect(r.brief).toEqual(['debunk:qais-al-khazali']);
    expect(r.debunk).toBe(true);
  });

  it('a report of a rumour without a denial is a harm claim', () => {
    expect(signals('تداول ناشطون شائعة مقتل قيس الخزعلي دون أي تأكيد رسمي.', 'arb').brief).toEqual(['harm_claim:qais-al-khazali']);
    expect(signals('شایعه ترور قیس خزعلی در فضای مجازی منتشر شد.', 'pes').brief).toEqual(['harm_claim:qais-al-khazali']);
  });

  it('ties the signal to the figure it concerns when two are named', () => {
    expect(signals('نفى قيس الخزعلي الأنباء عن اعتقال ليث الخزعلي.', 'arb').brief).toEqual(['debunk:laith-al-khazali']);
    expect(signals('Laith al-Khazali was injured in the attack, while Qais al-Khazali was unhurt.', 'eng').brief).toEqual([
      'debunk:qais-al-khazali',
      'harm_claim:laith-al-khazali',
    ]);
  });

  it('follows a pronoun back to the figure of the previous sentence', () => {
    const r = signals('ظهر قيس الخزعلي مساء اليوم. وكان مكتبه قد نفى الأنباء عن مقتله.', 'arb');
    expect(r.brief).toContain('debunk:qais-al-khazali');
    expect(r.brief).not.toContain('harm_claim:qais-al-khazali');
  });

  it('does not pin harm to a figure who is merely named near it', () => {
    expect(signals('مقتدى الصدر يعزي بمقتل قيادي في الحشد الشعبي.', 'arb').brief).toEqual([]);
    expect(signals('Qais al-Khazali condemned the killing of a protester in Basra.', 'eng').brief).toEqual([]);
    expect(signals('نجل قيس الخزعلي يصاب في حادث سير.', 'arb').brief).toEqual([]);
  });

  it('denials of other things are not debunks', () => {
    expect(signals('قيس الخزعلي ينفي التدخل في تشكيل الحكومة.', 'arb').brief).toEqual([]);
  });

  it('whereabouts name the place, arrival and departure both', () => {
    const r = signals('وصل زعيم التيار الصدري مقتدى الصدر إلى النجف قادماً من طهران.', 'arb');
    expect(r.brief).toEqual(['whereabouts:muqtada-al-sadr@najaf', 'whereabouts:muqtada-al-sadr@tehran']);
    expect(placeIds(r.places)).toEqual(['najaf', 'tehran']);
    expect(signals('مقتدی صدر نجف را به مقصد قم ترک کرد.', 'pes').brief).toEqual([
      'whereabouts:muqtada-al-sadr@najaf',
      'whereabouts:muqtada-al-sadr@qom',
    ]);
  });

  it('appearances: seen, met; not announced meetings', () => {
    expect(signals('Video shows Muqtada al-Sadr praying at the Kufa mosque.', 'eng').brief).toEqual([
      'appearance:muqtada-al-sadr',
      'whereabouts:muqtada-al-sadr@kufa',
    ]);
    expect(signals('لقاء مرتقب بين قيس الخزعلي ومقتدى الصدر في الحنانة.', 'arb').brief).toEqual([]);
  });

  it('gives signal offsets into the original text', () => {
    const text = 'مكتب السيد مقتدى الصدر ينفي شائعات تعرضه لوعكة صحية.';
    const r = signals(text, 'arb');
    expect(r.brief).toEqual(['debunk:muqtada-al-sadr']);
    const s = r.signals[0];
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(text.slice(s.start, s.end)).toContain('وعكة');
  });

  it('whereabouts through a pronoun or a noun of presence (the flagship case: his office says he is in Qom)', () => {
    expect(signals('وقال المكتب إن الخزعلي موجود في إيران، في مدينة قم', 'arb').brief).toEqual([
      'whereabouts:qais-al-khazali@iran',
      'whereabouts:qais-al-khazali@qom',
    ]);
    expect(signals('نفى مكتب قيس الخزعلي الأنباء عن مقتله، مشيراً إلى وجوده في مدينة قم الإيرانية', 'arb').brief).toEqual([
      'debunk:qais-al-khazali',
      'whereabouts:qais-al-khazali@qom',
    ]);
    expect(signals('نفى مكتب قيس الخزعلي الأنباء عن مقتله. وأكد أنه يتواجد حالياً في قم', 'arb').brief).toEqual([
      'debunk:qais-al-khazali',
      'whereabouts:qais-al-khazali@qom',
    ]);
    expect(signals('مكتب الخزعلي: سماحة الشيخ بخير، وهو في قم منذ أسبوعين.', 'arb').brief).toEqual([
      'debunk:qais-al-khazali',
      'whereabouts:qais-al-khazali@qom',
    ]);
    expect(signals('دفتر قیس خزعلی اعلام کرد او در قم است.', 'pes').brief).toEqual(['whereabouts:qais-al-khazali@qom']);
    expect(signals('A spokesman for Qais al-Khazali said he is in Iran, in Qom, for religious studies, and in good health.', 'eng').brief).toEqual([
      'debunk:qais-al-khazali',
      'whereabouts:qais-al-khazali@iran',
      'whereabouts:qais-al-khazali@qom',
    ]);
  });

  it('an office held in a city is not where its holder is seen', () => {
    const text = 'ظهر مسؤول مكتب العصائب في طهران غدير شريف في مقطع مصور وهو يزور مرقد الإمام الحسين في كربلاء';
    expect(signals(text, 'arb').brief).toEqual(['appearance:ghadir-sharif', 'whereabouts:ghadir-sharif@karbala']);
    // a meeting with someone's office director still happens where it is said to
    expect(signals('مقتدى الصدر يلتقي مدير مكتب رئيس الوزراء في النجف.', 'arb').brief).toEqual([
      'appearance:muqtada-al-sadr',
      'whereabouts:muqtada-al-sadr@najaf',
    ]);
  });

  it('harm to his aide, a warrant, an old photo, a Syrian border: no harm claim about him', () => {
    expect(signals('مصادر تتحدث عن اعتقال مرافق محمد الطباطبائي في البصرة.', 'arb').brief).toEqual([]);
    expect(signals('An aide to Muqtada al-Sadr was arrested in Najaf.', 'eng').brief).toEqual([]);
    expect(signals('An arrest warrant was issued for Muhammad al-Tabatabai by a Baghdad court.', 'eng').brief).toEqual([]);
    expect(signals('اعتقال محمد الطباطبائي؟ مصدر قضائي يؤكد أن المذكرة لم تنفذ بعد.', 'arb').brief).toEqual(['debunk:muhammad-al-tabatabai']);
    expect(signals('قتل قيس الخزعلي؟ تبين أن الصورة المتداولة قديمة.', 'arb').brief).toEqual(['debunk:qais-al-khazali']);
    expect(signals('قيس الخزعلي يعزي عائلة الشهيد الذي قتل في غارة أمريكية.', 'arb').brief).toEqual([]);
    const border = signals('مواقع خليجية تزعم مقتل أبو فدك المحمداوي في ضربة على الحدود العراقية السورية.', 'arb');
    expect(border.brief).toEqual(['harm_claim:abu-fadak-al-mohammedawi']);
    expect(placeIds(border.places)).toEqual([]);
    // an aide who denies speaks of him
    expect(signals('مستشار محمد الطباطبائي يفند مزاعم تعرضه لمحاولة اغتيال.', 'arb').brief).toEqual(['debunk:muhammad-al-tabatabai']);
  });

  it('says nothing without a tracked figure', () => {
    expect(signals('نفت وزارة الداخلية أنباء مقتل ضابط في البصرة.', 'arb').signals).toEqual([]);
  });
});

describe('labelled set (quality regression, not timing)', () => {
  const gold = parseLabelledSet(readFileSync(join(root, 'lib/statements/testdata/signals.jsonl'), 'utf8'));

  it('holds at least 200 texts in Arabic, Persian and English, each gold figure found by the matcher', () => {
    expect(gold.length).toBeGreaterThanOrEqual(200);
    expect(new Set(gold.map((g) => g.lang))).toEqual(new Set(['arb', 'pes', 'eng']));
    expect(new Set(gold.map((g) => g.id)).size).toBe(gold.length);
    for (const g of gold) {
      const named = new Set(matchFigures(figures, g.text).map((m) => m.figureId));
      for (const s of g.signals) expect(named.has(s.figureId), `${g.id} ${s.figureId}`).toBe(true);
    }
  });

  it('meets the goal for debunk and harm_claim: precision >= 0.9, recall >= 0.85, and beats the keyword baseline', () => {
    const { classifier, baseline } = evaluateSignalSet(gold, figures, places);
    for (const t of ['debunk', 'harm_claim'] as const) {
      expect(classifier.byType[t].precision, `${t} precision`).toBeGreaterThanOrEqual(0.9);
      expect(classifier.byType[t].recall, `${t} recall`).toBeGreaterThanOrEqual(0.85);
      const f1 = (s: { precision: number; recall: number }) => (2 * s.precision * s.recall) / (s.precision + s.recall);
      expect(f1(classifier.byType[t])).toBeGreaterThan(f1(baseline.byType[t]));
    }
    expect(classifier.byType.whereabouts.precision).toBeGreaterThanOrEqual(0.85);
    expect(classifier.byType.appearance.precision).toBeGreaterThanOrEqual(0.85);
  });

  it('the second held-out batch (signals-heldout-2.jsonl) is well-formed: its gold figures are found by the matcher', () => {
    // scored in testdata/README.md, not asserted here: it does not meet the goal yet, and tuning on it would spend it
    const batch = parseLabelledSet(readFileSync(join(root, 'lib/statements/testdata/signals-heldout-2.jsonl'), 'utf8'));
    expect(batch.length).toBeGreaterThanOrEqual(40);
    expect(new Set(batch.map((g) => g.lang))).toEqual(new Set(['arb', 'pes', 'eng']));
    const ids = new Set([...gold, ...batch].map((g) => g.id));
    expect(ids.size).toBe(gold.length + batch.length);
    for (const g of batch) {
      const named = new Set(matchFigures(figures, g.text).map((m) => m.figureId));
      for (const s of g.signals) expect(named.has(s.figureId), `${g.id} ${s.figureId}`).toBe(true);
    }
  });

  it('holds up on the held-out batches (-hNN: each scored once before the rules were fixed again)', () => {
    const held = gold.filter(isHeldOut);
    expect(held.length).toBeGreaterThanOrEqual(40);
    const { classifier } = evaluateSignalSet(held, figures, places);
    for (const t of ['debunk', 'harm_claim'] as const) {
      expect(classifier.byType[t].precision, `${t} precision`).toBeGreaterThanOrEqual(0.85);
      expect(classifier.byType[t].recall, `${t} recall`).toBeGreaterThanOrEqual(0.8);
    }
  });
});
