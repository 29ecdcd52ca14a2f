import { describe, expect, it } from 'vitest';
import { figuresBetween, placesBetween } from './document.ts';
import { docOf, wordIndex } from './testSupport.ts';

describe('buildDoc', () => {
  it('a headline is a sentence of its own: line breaks end sentences though folding makes them spaces', () => {
    const doc = docOf('مقتدى الصدر يلتقي وفداً\n\nوقال مصدر إن اللقاء جرى في النجف', 'arb');
    expect(doc.sentences).toHaveLength(2);
    expect(doc.sentences[1].first).toBe(wordIndex(doc, 'وقال'));
  });

  it('a question mark makes a question; a question word opening a sentence does too', () => {
    expect(docOf('هل اعتقل ليث الخزعلي؟', 'arb').sentences[0].question).toBe(true);
    expect(docOf('Was Laith al-Khazali arrested?', 'eng').sentences[0].question).toBe(true);
    expect(docOf('آیا لیث خزعلی بازداشت شد', 'pes').sentences[0].question).toBe(true);
    expect(docOf('Laith al-Khazali was arrested.', 'eng').sentences[0].question).toBe(false);
  });

  it('a contrast word opens a new statement; commas and colons cut clauses, quotes and brackets do not', () => {
    const doc = docOf('أصيب مرافق ليث الخزعلي، فيما نجا قيس الخزعلي من «الهجوم» (قرب بغداد)', 'arb');
    expect(doc.sentences).toHaveLength(2);
    expect(doc.sentences[1].first).toBe(wordIndex(doc, 'فيما'));
    const second = doc.sentences[1];
    expect(second.clauses).toHaveLength(1);
  });

  it('figures and places are word spans; a place inside an idiom is dropped; a place inside a title is marked', () => {
    const doc = docOf('الفصائل المدعومة من طهران تستقبل مسؤول مكتب العصائب في طهران غدير شريف في بغداد', 'arb');
    expect(doc.places.map((p) => `${p.placeId}${p.inName ? '(name)' : ''}`)).toEqual(['tehran(name)', 'baghdad']);
    // his title and his name: two mentions
    expect(figuresBetween(doc, 0, doc.words.length).map((f) => f.figureId)).toEqual(['ghadir-sharif', 'ghadir-sharif']);
    expect(placesBetween(doc, wordIndex(doc, 'بغداد'), doc.words.length).map((p) => p.placeId)).toEqual(['baghdad']);
  });

  it('remembers the letters glued to a place («ببغداد», «وبالكاظمية»)', () => {
    const doc = docOf('قيس الخزعلي ببغداد وليث الخزعلي بالكاظمية', 'arb');
    expect(doc.places.map((p) => `${p.placeId}:${p.attached}`)).toEqual(['baghdad:ب', 'kadhimiya:ب']);
  });
});
