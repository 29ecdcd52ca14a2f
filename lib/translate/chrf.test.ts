import { describe, expect, it } from 'vitest';
import { chrfScore, chrfStats, corpusChrf } from './chrf.ts';

describe('chrF', () => {
  it('counts clipped character n-grams per order, white space removed', () => {
    // "abc" vs "abd": 1-grams 3/3/2, 2-grams 2/2/1, 3-grams 1/1/0, none longer
    expect(chrfStats('abc', 'abd')).toEqual([3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // repeated n-grams are clipped to the reference's count; spaces do not count
    expect(chrfStats('a a a', 'aa', 1)).toEqual([3, 2, 2]);
  });

  it('matches values worked out by hand', () => {
    // P = R = (2/3 + 1/2 + 0) / 3 over the 3 effective orders, so F2 = P
    expect(chrfScore(chrfStats('abc', 'abd'))).toBeCloseTo((100 * (2 / 3 + 1 / 2)) / 3, 10);
    // "a b" vs "abc": 1-grams P 2/2 R 2/3, 2-grams P 1/1 R 1/2; P = 1, R = 7/12; F2 = 5PR / (4P + R)
    const p = 1;
    const r = 7 / 12;
    expect(chrfScore(chrfStats('a b', 'abc'))).toBeCloseTo((100 * 5 * p * r) / (4 * p + r), 10);
    expect(chrfScore(chrfStats('xyz', 'abc'))).toBe(0);
    expect(chrfScore(chrfStats('', 'abc'))).toBe(0);
    expect(chrfScore(chrfStats('same text', 'same text'))).toBeCloseTo(100, 10);
  });

  it('agrees with sacrebleu on its documented examples (chrF2, defaults)', () => {
    // the examples of the Hugging Face chrF metric card, computed there with sacrebleu
    expect(
      corpusChrf([
        {
          hypothesis: 'The relationship between Obama and Netanyahu is not exactly friendly.',
          reference: 'The ties between Obama and Netanyahu are not particularly friendly.',
        },
      ]),
    ).toBeCloseTo(61.576379378113785, 9);
    expect(
      corpusChrf([
        {
          hypothesis: 'The relationship between cats and dogs is not exactly friendly.',
          reference: 'The relationship between dogs and cats is not exactly friendly.',
        },
        {
          hypothesis: 'a good bookshop is just a genteel black hole that knows how to read.',
          reference: 'A good bookshop is just a genteel Black Hole that knows how to read.',
        },
      ]),
    ).toBeCloseTo(84.64214891738334, 9);
  });
});
