import type { Place } from '../../config/placesSchema.ts';
import { compileMatcher, findEntities, type Matcher } from '../text/matchFigures.ts';

/** A gazetteer place named in a text; start/end are UTF-16 offsets into the original text. */
export interface PlaceMention {
  placeId: string;
  start: number;
  end: number;
  text: string;
}

/** Places go through the same matcher as figures: the same folding, proclitics (بالنجف، وطهران) and word edges. */
export function compilePlaces(places: readonly Place[]): Matcher {
  return compileMatcher(places.map((p) => ({ id: p.id, aliases: p.aliases })));
}

export function matchPlaces(m: Matcher, text: string): PlaceMention[] {
  return findEntities(m, text).map((e) => ({ placeId: e.id, start: e.start, end: e.end, text: e.text }));
}
