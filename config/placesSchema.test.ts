import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaces, matchPlaces } from '../lib/statements/matchPlaces.ts';
import { loadPlaces } from './placesSchema.ts';

describe('places gazetteer', () => {
  const places = loadPlaces('config/places.yaml');

  it('loads the default file with the places that matter', () => {
    const ids = new Set(places.map((p) => p.id));
    for (const id of ['qom', 'karbala', 'baghdad', 'najaf', 'basra', 'tehran', 'mashhad', 'beirut', 'damascus', 'erbil', 'iran', 'iraq'])
      expect(ids.has(id), id).toBe(true);
  });

  it('has every place id of the labelling guide (v3), in Arabic, Persian or Sorani, and English', () => {
    const guide = readFileSync('lib/statements/testdata/v3/LABELLING.md', 'utf8');
    const from = guide.indexOf('## Gazetteer');
    const to = guide.indexOf('\n## ', from + 1);
    const section = guide.slice(from, to < 0 ? undefined : to);
    const wanted = [...section.matchAll(/`([a-z][a-z-]*)`/g)].map((m) => m[1]);
    expect(wanted.length).toBeGreaterThan(50);
    const byId = new Map(places.map((p) => [p.id, p]));
    for (const id of wanted) {
      const p = byId.get(id);
      expect(p, id).toBeDefined();
      const all = [...p!.aliases, ...Object.values(p!.langAliases).flat()];
      expect(
        all.some((a) => /[\u0600-\u06ff]/u.test(a)),
        `${id} in Arabic script`,
      ).toBe(true);
      expect(
        all.some((a) => /[a-z]/i.test(a)),
        `${id} in English`,
      ).toBe(true);
    }
  });

  it('a district names its city, which must be a listed place and not itself a district', () => {
    expect(places.find((p) => p.id === 'hanana')?.parent).toBe('najaf');
    const dir = mkdtempSync(join(tmpdir(), 'raqib-places-'));
    const file = join(dir, 'places.yaml');
    writeFileSync(file, 'places:\n  - {id: karrada, name: Karrada, aliases: [الكرادة], parent: bagdad}\n');
    expect(() => loadPlaces(file)).toThrow('places[0] (karrada).parent: no place with id "bagdad"');
    writeFileSync(
      file,
      'places:\n  - {id: baghdad, name: Baghdad, aliases: [بغداد]}\n  - {id: karrada, name: Karrada, aliases: [الكرادة], parent: baghdad}\n  - {id: x, name: X, aliases: [x], parent: karrada}\n',
    );
    expect(() => loadPlaces(file)).toThrow('places[2] (x).parent: "karrada" is itself a district: name the city');
  });

  it('names the file, the entry and the field at fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raqib-places-'));
    const file = join(dir, 'places.yaml');
    writeFileSync(file, 'places:\n  - id: qom\n    name: Qom\n    aliases: [قم]\n  - id: Karbala\n    name: Karbala\n    aliases: [""]\n');
    expect(() => loadPlaces(file)).toThrow(`${file}: places[1] (Karbala).id: must be a lowercase English name`);
    expect(() => loadPlaces(file)).toThrow('places[1] (Karbala).aliases[0]: must not be empty');
    writeFileSync(file, 'places:\n  - id: qom\n    name: Qom\n    aliases: [قم]\n  - id: qom\n    name: Qum\n    aliases: [Qum]\n');
    expect(() => loadPlaces(file)).toThrow('places[1] (qom).id: duplicate id "qom"');
  });

  it('matches Arabic, Persian and English variants with proclitics, offsets into the original', () => {
    const pm = compilePlaces(places);
    const text = 'وصل إلى كربلاء ثم بالنجف، وسافر به تهران و Qom';
    const found = matchPlaces(pm, text);
    expect(found.map((p) => p.placeId)).toEqual(['karbala', 'najaf', 'tehran', 'qom']);
    for (const p of found) expect(text.slice(p.start, p.end)).toBe(p.text);
    expect(found.find((p) => p.placeId === 'tehran')?.kind).toBe('city');
  });
});
