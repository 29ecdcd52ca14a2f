import { z } from 'zod';
import { loadYaml } from './load.ts';

/** What a gazetteer entry names; `whereabouts` signals usually point at cities and shrines. */
export const PlaceKind = z.enum(['city', 'shrine', 'country', 'region']);

export const Place = z.object({
  /** Lowercase English name, e.g. `qom`, `karbala`; the id analysts and `raqib analyze` see. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lowercase English name (a-z, 0-9, -)'),
  /** Display name in English. */
  name: z.string().min(1),
  /** Spellings matched in text: Arabic, Persian and English variants. */
  aliases: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'needs at least one alias'),
  kind: PlaceKind.optional(),
  /** Id of the country entry this place lies in, e.g. `iraq`. */
  country: z.string().optional(),
  /**
   * A district, suburb or shrine inside a listed city («الجادرية», "al-Hanana", "Dahiyeh"): the city's id.
   * Its mentions are reported as the city (whereabouts and `places` say `baghdad`, not `jadriya`).
   */
  parent: z.string().optional(),
  /** Aliases that are common words in other languages, matched only in texts of that language: `{ckb: [قوم]}`. */
  langAliases: z.partialRecord(z.enum(['arb', 'pes', 'eng', 'ckb']), z.array(z.string().trim().min(1, 'must not be empty'))).default({}),
  /** Never written with the Arabic article: «المشهد» ("the scene") is not Mashhad. */
  noArticle: z.boolean().default(false),
});
export type Place = z.infer<typeof Place>;
/** A place as written (defaults not yet filled), what `compilePlaces` accepts. */
export type PlaceInput = z.input<typeof Place>;

export const PlacesFile = z.object({ places: z.array(Place) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.places.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['places', i, 'id'], message: `duplicate id "${p.id}"` });
    seen.add(p.id);
  });
  const byId = new Map(file.places.map((p) => [p.id, p]));
  file.places.forEach((p, i) => {
    if (p.parent === undefined) return;
    const city = byId.get(p.parent);
    if (!city) ctx.addIssue({ code: 'custom', path: ['places', i, 'parent'], message: `no place with id "${p.parent}"` });
    else if (city.parent !== undefined || city.id === p.id)
      ctx.addIssue({ code: 'custom', path: ['places', i, 'parent'], message: `"${p.parent}" is itself a district: name the city` });
  });
});
export type PlacesFile = z.infer<typeof PlacesFile>;

/** Reads and validates a gazetteer; errors name the file, the entry and the field. */
export function loadPlaces(file: string): Place[] {
  return loadYaml(file, PlacesFile).places;
}
