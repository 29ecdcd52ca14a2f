import { describe, expect, it } from 'vitest';
import { loadWatchlist, WatchlistSchema } from '../../config/watchlistSchema.ts';
import { compileWatchlist, matchFigures } from './matchFigures.ts';

const shipped = compileWatchlist(loadWatchlist('config/watchlist.yaml'));
const ids = (text: string, m = shipped) => [...new Set(matchFigures(m, text).map((x) => x.figureId))];

// a small watchlist of invented people, so the rules are tested apart from the shipped names
const small = compileWatchlist(
  WatchlistSchema.parse({
    figures: [
      {
        id: 'zaid',
        name: 'زيد الهاشمي',
        aliases: ['زيد الهاشمي', 'Zaid al-Hashimi'],
        givenNames: ['زيد', 'Zaid'],
        honorifics: ['الشيخ', 'Sheikh'],
        kunyas: ['أبو سالم'],
        familyNames: ['الهاشمي', 'Hashimi'],
        context: ['حركة الفجر', 'Fajr Movement'],
      },
      {
        id: 'omar',
        name: 'عمر الهاشمي',
        aliases: ['عمر الهاشمي'],
        givenNames: ['عمر', 'Omar'],
        kin: [{ of: 'zaid', words: ['شقيقه', 'his brother'] }],
        context: ['حركة الفجر'],
      },
    ],
  }),
);

describe('contextual names', () => {
  it('an honorific with his given name counts where the text is about him: named, or his movement named', () => {
    expect(ids('الشيخ زيد يصل إلى بغداد', small)).toEqual([]);
    expect(ids('حركة الفجر: الشيخ زيد بخير', small)).toEqual(['zaid']);
    expect(ids('زيد الهاشمي في بغداد، والشيخ زيد يلتقي الوفد', small)).toEqual(['zaid']);
  });

  it('not when another surname follows («الشيخ زيد العبيدي», "Sheikh Zaid al-Ubaidi")', () => {
    expect(ids('حركة الفجر: الشيخ زيد العبيدي بخير', small)).toEqual([]);
    expect(ids('Fajr Movement: Sheikh Zaid al-Ubaidi is well', small)).toEqual([]);
  });

  it('a kinship phrase names him once that relative is named', () => {
    expect(ids('قال زيد الهاشمي إن شقيقه عمر بخير', small)).toEqual(['zaid', 'omar']);
    expect(ids('قال مصدر إن شقيقه عمر بخير', small)).toEqual([]);
  });

  it('a family name too common to count alone counts where the text is about him; a kunya with it always', () => {
    expect(ids('الهاشمي يصل', small)).toEqual([]);
    expect(ids('حركة الفجر تعلن أن الهاشمي بخير', small)).toEqual(['zaid']);
    expect(ids('أبو سالم الهاشمي يصل', small)).toEqual(['zaid']);
    // after another given name it is someone else
    expect(ids('حركة الفجر تنعى حسن الهاشمي', small)).toEqual([]);
  });

  it('shipped: honorifics that mean him alone, Sorani names and endings, not Sadr City or the elder Sadrs', () => {
    expect(ids('الشيخ قيس بخير')).toEqual(['qais-al-khazali']);
    expect(ids('سەید موقتەدا لە نەجەفە')).toEqual(['muqtada-al-sadr']);
    expect(ids('دیدار لەگەڵ ئەبو فەدەکی')).toEqual(['abu-fadak-al-mohammedawi']);
    expect(ids('تظاهرة في مدينة الصدر')).toEqual([]);
    expect(ids('ذكرى استشهاد الشهيد الصدر')).toEqual([]);
    expect(ids('خۆپیشاندان لە شاری سەدر')).toEqual([]);
    expect(ids('the Sadr family and Sadr City')).toEqual([]);
  });

  it('shipped: his brother through the contextual form of the one who speaks', () => {
    expect(ids('الشيخ قيس: أخوي ليث بخير')).toEqual(['qais-al-khazali', 'laith-al-khazali']);
  });

  it('spans stay offsets of the original text', () => {
    const text = '🟢 حركة الفجر: الشيخ زيد، وشقيقه عمر';
    for (const m of matchFigures(small, text)) expect(text.slice(m.start, m.end)).toBe(m.text);
    const ckb = 'دیدار لەگەڵ ئەبو فەدەکی';
    for (const m of matchFigures(shipped, ckb)) expect(ckb.slice(m.start, m.end)).toBe(m.text);
  });
});
