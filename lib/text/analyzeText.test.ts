import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { analyzeText } from './analyzeText.ts';
import { compileWatchlist } from './matchFigures.ts';

const matcher = compileWatchlist(loadWatchlist('config/watchlist.yaml'));

describe('analyzeText', () => {
  it('gives the language and the mentions of one text', () => {
    const text = 'قیس خزعلی و مقتدی صدر در تهران دیدار کردند.';
    const a = analyzeText(text, matcher);
    expect(a.lang).toBe('pes');
    expect(a.mentions.map((m) => [m.figureId, text.slice(m.start, m.end)])).toEqual([
      ['qais-al-khazali', 'قیس خزعلی'],
      ['muqtada-al-sadr', 'مقتدی صدر'],
    ]);
  });

  it('a text with no figure has no mentions', () => {
    expect(analyzeText('The weather in Basra is hot today.', matcher)).toEqual({ lang: 'eng', mentions: [] });
  });
});
