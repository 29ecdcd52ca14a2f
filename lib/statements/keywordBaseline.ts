import type { Mention } from '../text/matchFigures.ts';
import { foldText } from '../text/normalizeArabic.ts';
import type { Signal } from './classifyStatement.ts';
import { findCues } from './cues.ts';
import type { PlaceMention } from './matchPlaces.ts';

/**
 * The trivial baseline the benchmark prints beside the classifier: the same cue words, but no scope, no
 * attribution and no negation. Any denial or wellness word makes every named figure a debunk; otherwise any
 * harm word makes every named figure a harm claim; any sighting word an appearance; any move word sends every
 * figure to every place.
 */
export function keywordBaseline(text: string, mentions: readonly Mention[], places: readonly PlaceMention[]): Signal[] {
  const kinds = new Set(findCues(foldText(text)).map((c) => c.kind));
  const figures = [...new Set(mentions.map((m) => m.figureId))];
  const out: Signal[] = [];
  for (const figureId of figures) {
    if (kinds.has('denial') || kinds.has('wellness')) out.push({ type: 'debunk', figureId });
    else if (kinds.has('harm') || kinds.has('flight')) out.push({ type: 'harm_claim', figureId });
    if (kinds.has('appearance')) out.push({ type: 'appearance', figureId });
    if (kinds.has('move') || kinds.has('flight') || kinds.has('departure')) {
      for (const placeId of new Set(places.map((p) => p.placeId))) out.push({ type: 'whereabouts', figureId, placeId });
    }
  }
  return out;
}
