import { mkdtempSync, writeFileSync } from 'node:fs';
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
