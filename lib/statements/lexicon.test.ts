import { describe, expect, it } from 'vitest';
import { LexiconFileSchema, type LexiconFile } from '../../config/statements/lexiconSchema.ts';
import { foldText } from '../text/normalizeArabic.ts';
import { compileLexicon, findCues, lexiconFor } from './lexicon.ts';

const file = (raw: unknown): LexiconFile => LexiconFileSchema.parse(raw);
const arabic = compileLexicon([
  file({
    lang: 'arb',
    proclitics: ['و', 'ب', 'ال', 'بال'],
    futurePrefixes: ['س'],
    possessiveSuffixes: ['ه'],
    groups: [
      { id: 'death-noun', kind: 'harm', harm: 'death', form: 'noun', phrases: ['مقتل', 'محاولة اغتيال'] },
      { id: 'strike-noun', kind: 'harm', harm: 'strike', form: 'noun', phrases: ['اغتيال'] },
      { id: 'injury-noun', kind: 'harm', harm: 'injury', form: 'noun', phrases: ['إصابة'] },
      { id: 'well', kind: 'assurance', strength: 'strong', phrases: ['بخير'] },
      { id: 'visit', kind: 'sighting', sight: 'visit', phrases: ['يزور', 'زاره'] },
      { id: 'denial', kind: 'denial', phrases: ['حرب نفسية'] },
      { id: 'warrant', kind: 'notHarm', phrases: ['مذكرة اعتقال'] },
      { id: 'arrest', kind: 'harm', harm: 'arrest', form: 'noun', phrases: ['اعتقال'] },
      { id: 'noon', kind: 'idiom', phrases: ['صلاة الظهر'] },
      { id: 'seen', kind: 'sighting', sight: 'seen', phrases: ['الظهر'] },
    ],
  }),
]).byLang.get('arb')!;
const sorani = compileLexicon([
  file({ lang: 'ckb', groups: [{ id: 'killed', kind: 'harm', harm: 'death', form: 'verb', phrases: ['کوژرا*'] }] }),
]).byLang.get('ckb')!;

const words = (text: string) =>
  foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const cues = (lex = arabic, text: string, endsInTa?: Uint8Array) =>
  findCues(lex, words(text), endsInTa).map((c) => `${c.group}${c.form === 'possessive' ? '+pos' : ''}${c.future ? '+future' : ''}@${c.first}`);

describe('findCues', () => {
  it('reads a word without its proclitics and a noun with its pronoun («وبخير», «بالمقتل», «مقتله»)', () => {
    expect(cues(arabic, 'وبخير')).toEqual(['well@0']);
    expect(cues(arabic, 'تحدث عن مقتله')).toEqual(['death-noun+pos@2']);
    // «إصابة» ends in ة: its possessive is «إصابته»
    expect(cues(arabic, 'إصابته')).toEqual(['injury-noun+pos@0']);
  });

  it('marks a verb with the future prefix as planned («سيزور»)', () => {
    expect(cues(arabic, 'سيزور النجف')).toEqual(['visit+future@0']);
    // «سفر» is not «فر» with a future prefix: the imperfect letter must follow
    expect(cues(arabic, 'يزور')).toEqual(['visit@0']);
  });

  it('a longer phrase hides a shorter one of its kind; a warrant hides its arrest; an idiom hides its cue', () => {
    expect(cues(arabic, 'محاولة اغتيال')).toEqual(['death-noun@0']);
    expect(cues(arabic, 'صدور مذكرة اعتقال')).toEqual(['warrant@1']);
    expect(cues(arabic, 'بعد صلاة الظهر')).toEqual(['noon@1']);
  });

  it('a later word of a phrase may carry the article («الحرب النفسية» is «حرب نفسية»)', () => {
    expect(cues(arabic, 'جزء من الحرب النفسية')).toEqual(['denial@2']);
  });

  it('a phrase written with «ه» does not match a word written with «ة» (folded alike)', () => {
    const text = 'وزارة الخارجية';
    // the caller says which words end in «ة» as written
    expect(cues(arabic, text, Uint8Array.from([1, 1]))).toEqual([]);
    expect(cues(arabic, 'زاره الوزير', Uint8Array.from([0, 0]))).toEqual(['visit@0']);
  });

  it('a stem matches any ending (Sorani «کوژرا», «کوژراوە», «کوژران»)', () => {
    expect(cues(sorani, 'کوژراوە')).toEqual(['killed@0']);
    expect(cues(sorani, 'کوژران')).toEqual(['killed@0']);
  });

  it('finds every cue of a long text', () => {
    const long = Array.from({ length: 2000 }, () => 'قال مصدر إن الشيخ بخير').join(' ');
    expect(findCues(arabic, words(long)).length).toBe(2000);
  });
});

describe('lexiconFor', () => {
  it("reads a text with its language's list, else by script", () => {
    const lex = compileLexicon([
      file({ lang: 'arb', groups: [{ id: 'd', kind: 'denial', phrases: ['نفى'] }] }),
      file({ lang: 'eng', groups: [{ id: 'd', kind: 'denial', phrases: ['denied'] }] }),
    ]);
    expect(lexiconFor(lex, 'arb', 'نفى')?.lang).toBe('arb');
    expect(lexiconFor(lex, 'urd', 'نفى شيئا')?.lang).toBe('arb');
    expect(lexiconFor(lex, 'und', 'denied')?.lang).toBe('eng');
  });
});
