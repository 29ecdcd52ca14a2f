import type { Place } from '../../config/placesSchema.ts';
import { compileMatcher, findEntities, type Matcher } from '../text/matchFigures.ts';

/** A gazetteer place named in a text; start/end are UTF-16 offsets into the original text. */
export interface PlaceMention {
  placeId: string;
  start: number;
  end: number;
  text: string;
  /** city | shrine | country | region, when the gazetteer says */
  kind?: Place['kind'];
}

/** A compiled gazetteer: the matcher plus each place's kind. */
export interface PlaceMatcher {
  matcher: Matcher;
  kinds: ReadonlyMap<string, Place['kind']>;
  /** countries none of whose Arabic aliases carries the article: «السورية» is then the adjective "Syrian" */
  noArticle?: ReadonlySet<string>;
}

const ARTICLE = /^[وفبلك]?(?:ال|لل)/u;
// «السورية», «العراقية»: an article and a feminine ending make the nisba adjective, not the country
const NISBA = /^[وفبلك]?(?:ال|لل)\S*(?:ية|يه)$/u;

/** Places go through the same matcher as figures: the same folding, proclitics (بالنجف، وطهران) and word edges. */
export function compilePlaces(places: readonly Place[]): PlaceMatcher {
  return {
    matcher: compileMatcher(places.map((p) => ({ id: p.id, aliases: p.aliases }))),
    kinds: new Map(places.map((p) => [p.id, p.kind])),
    noArticle: new Set(places.filter((p) => p.kind === 'country' && !p.aliases.some((a) => ARTICLE.test(a))).map((p) => p.id)),
  };
}

/** Accepts a bare `compileMatcher` result too (then kinds are unknown and countries count as places). */
export function matchPlaces(pm: PlaceMatcher | Matcher, text: string): PlaceMention[] {
  const { matcher, kinds, noArticle } = 'matcher' in pm ? pm : { matcher: pm, kinds: new Map<string, Place['kind']>(), noArticle: undefined };
  // "the Iraqi-Syrian border" («الحدود العراقية السورية») names no place
  const named = findEntities(matcher, text).filter((e) => !(noArticle?.has(e.id) && NISBA.test(e.text)));
  return named.map((e) => {
    const kind = kinds.get(e.id);
    return { placeId: e.id, start: e.start, end: e.end, text: e.text, ...(kind ? { kind } : {}) };
  });
}
