import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../load.ts';
import { LEXICON_LANGS, LexiconFileSchema, loadLexicon } from './lexiconSchema.ts';

const parse = (yaml: string) => parseConfig('config/statements/arb.yaml', yaml, LexiconFileSchema);

describe('statement word lists', () => {
  it('the shipped lists load: one file per language, each with the predicate kinds', () => {
    const files = loadLexicon('config/statements');
    expect(files.map((f) => f.lang).sort()).toEqual([...LEXICON_LANGS].sort());
    for (const f of files)
      for (const kind of ['harm', 'denial', 'assurance', 'sighting', 'movement', 'negation', 'locative'])
        expect(
          f.groups.some((g) => g.kind === kind),
          `${f.lang} ${kind}`,
        ).toBe(true);
  });

  it('every harm kind of the contract has words in every language', () => {
    for (const f of loadLexicon('config/statements'))
      for (const harm of ['death', 'injury', 'strike', 'arrest', 'illness', 'flight'])
        expect(
          f.groups.some((g) => g.kind === 'harm' && g.harm === harm),
          `${f.lang} ${harm}`,
        ).toBe(true);
  });

  it.each([
    [
      'an empty phrase',
      `lang: arb\ngroups:\n  - {id: death-noun, kind: harm, harm: death, form: noun, phrases: [مقتل, ""]}`,
      'groups[0] (death-noun).phrases[1]: must not be empty',
    ],
    [
      'a harm group without its harm',
      `lang: arb\ngroups:\n  - {id: x, kind: harm, form: noun, phrases: [مقتل]}`,
      'groups[0] (x).harm: a harm group needs harm',
    ],
    [
      'a sighting without its sight',
      `lang: arb\ngroups:\n  - {id: seen, kind: sighting, phrases: [ظهر]}`,
      'groups[0] (seen).sight: a sighting group needs sight',
    ],
    ['an unknown kind', `lang: arb\ngroups:\n  - {id: x, kind: rumour, phrases: [شائعة]}`, 'groups[0] (x).kind:'],
    [
      'a star inside a phrase',
      `lang: arb\ngroups:\n  - {id: x, kind: denial, phrases: ["نف*ى"]}`,
      'groups[0] (x).phrases[0]: only a trailing * (a stem) is allowed',
    ],
    [
      'a duplicate group id',
      `lang: arb\ngroups:\n  - {id: x, kind: denial, phrases: [نفى]}\n  - {id: x, kind: rumor, phrases: [شائعة]}`,
      'groups[1] (x).id: duplicate id (also groups[0])',
    ],
    ['an unknown language', `lang: fra\ngroups:\n  - {id: x, kind: denial, phrases: [dément]}`, 'config/statements/arb.yaml: lang:'],
  ])('%s fails naming the file, the group and the field', (_what, yaml, message) => {
    expect(() => parse(yaml)).toThrow(message);
  });

  it('a folder names the file at fault, a language listed twice, and a missing folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-lexicon-'));
    writeFileSync(join(dir, 'a.yaml'), 'lang: eng\ngroups:\n  - {id: denial, kind: denial, phrases: [denied]}\n');
    writeFileSync(join(dir, 'b.yaml'), 'lang: eng\ngroups:\n  - {id: denial, kind: denial, phrases: [refuted]}\n');
    expect(() => loadLexicon(dir)).toThrow(`${join(dir, 'b.yaml')}: lang eng is also the language of ${join(dir, 'a.yaml')}`);
    writeFileSync(join(dir, 'b.yaml'), 'lang: arb\ngroups: [');
    expect(() => loadLexicon(dir)).toThrow(`${join(dir, 'b.yaml')}: not valid YAML`);
    expect(() => loadLexicon(join(dir, 'missing'))).toThrow(/missing: cannot read the statement word lists/);
    const empty = mkdtempSync(join(tmpdir(), 'raqib-lexicon-'));
    expect(() => loadLexicon(empty)).toThrow('no statement word lists');
  });
});
