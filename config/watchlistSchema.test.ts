import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.ts';
import { loadWatchlist, WatchlistSchema } from './watchlistSchema.ts';

const parse = (yaml: string) => parseConfig('config/watchlist.yaml', yaml, WatchlistSchema);

describe('watchlist schema', () => {
  it('the shipped watchlist loads and has the figures the use case needs', () => {
    const w = loadWatchlist('config/watchlist.yaml');
    const ids = w.figures.map((f) => f.id);
    for (const id of ['qais-al-khazali', 'laith-al-khazali', 'muhammad-al-tabatabai', 'muqtada-al-sadr', 'ghadir-sharif']) expect(ids).toContain(id);
    for (const f of w.figures) expect(f.nameEn, f.id).toMatch(/^[A-Z]/);
  });

  it('a minimal entry gets defaults; nameEn comes from a Latin name or the first Latin alias', () => {
    const w = parse(`
figures:
  - {id: a, name: Qais al-Khazali, aliases: [قيس الخزعلي]}
  - {id: b, name: قيس الخزعلي, aliases: [قيس الخزعلي, Qais al-Khazali]}
  - {id: c, name: قيس الخزعلي, aliases: [قيس الخزعلي]}
  - {id: d, name: قيس الخزعلي, nameEn: Qais Khazali, aliases: [Qays], silenceDays: 7}
`);
    expect(w.figures.map((f) => f.nameEn)).toEqual(['Qais al-Khazali', 'Qais al-Khazali', undefined, 'Qais Khazali']);
    expect(w.figures[0].surnames).toEqual([]);
    expect(w.figures[0].titles).toEqual([]);
    expect(w.figures[3].silenceDays).toBe(7);
  });

  it('short forms default to none; kin must name a figure of the list', () => {
    const w = parse(`figures:\n  - {id: a, name: A, aliases: [a a]}`);
    expect(w.figures[0]).toMatchObject({ givenNames: [], honorifics: [], honorificAlone: false, kin: [], kunyas: [], familyNames: [], context: [] });
    expect(() => parse(`figures:\n  - {id: a, name: A, aliases: [a a], kin: [{of: b, words: [brother]}]}`)).toThrow(
      'figures[0] (a).kin[0].of: no figure with id "b"',
    );
    expect(() => parse(`figures:\n  - {id: a, name: A, aliases: [a a], kin: [{of: a, words: []}]}`)).toThrow(
      'figures[0] (a).kin[0].words: must list at least one word',
    );
  });

  it('the shipped watchlist spells every figure in Sorani and gives each a context', () => {
    for (const f of loadWatchlist('config/watchlist.yaml').figures) {
      expect(
        f.aliases.some((a) => /[\u06d5\u06ce\u06c6\u0695\u06b5]/u.test(a)),
        f.id,
      ).toBe(true);
      expect(f.context.length, f.id).toBeGreaterThan(0);
    }
  });

  it.each([
    [
      'an empty alias',
      `figures:\n  - {id: x, name: X, aliases: [a]}\n  - {id: y, name: Y, aliases: [b]}\n  - {id: qais-al-khazali, name: Q, aliases: ["  "]}`,
      'config/watchlist.yaml: figures[2] (qais-al-khazali).aliases[0]: must not be empty',
    ],
    ['no aliases', `figures:\n  - {id: q, name: Q, aliases: []}`, 'config/watchlist.yaml: figures[0] (q).aliases: must list at least one alias'],
    ['an alias of punctuation only', `figures:\n  - {id: q, name: Q, aliases: ["--"]}`, 'figures[0] (q).aliases[0]: must contain a letter or digit'],
    ['a bad id', `figures:\n  - {id: Qais Khazali, name: Q, aliases: [q]}`, 'figures[0] (Qais Khazali).id: must be a lowercase slug'],
    [
      'a duplicate id',
      `figures:\n  - {id: q, name: Q, aliases: [a]}\n  - {id: q, name: Q2, aliases: [b]}`,
      'figures[1] (q).id: duplicate id (also figures[0])',
    ],
    ['an empty surname', `figures:\n  - {id: q, name: Q, aliases: [a], surnames: [""]}`, 'figures[0] (q).surnames[0]: must not be empty'],
    ['a negative silenceDays', `figures:\n  - {id: q, name: Q, aliases: [a], silenceDays: -1}`, 'figures[0] (q).silenceDays:'],
    ['a missing name', `figures:\n  - {id: q, aliases: [a]}`, 'figures[0] (q).name:'],
    ['no figures list', `people: []`, 'config/watchlist.yaml: figures:'],
  ])('%s fails naming the file, the figure and the field', (_what, yaml, message) => {
    expect(() => parse(yaml)).toThrow(message);
  });

  it('loadWatchlist names the file it could not read or parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-watchlist-'));
    expect(() => loadWatchlist(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'figures: [');
    expect(() => loadWatchlist(bad)).toThrow(/bad\.yaml: not valid YAML/);
  });
});
