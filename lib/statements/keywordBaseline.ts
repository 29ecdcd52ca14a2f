import type { Lang } from '../text/detectLanguage.ts';
import type { Mention } from '../text/matchFigures.ts';
import { foldText } from '../text/normalizeArabic.ts';
import type { Signal } from './classifyStatement.ts';
import { findCues, lexiconFor, type Lexicon } from './lexicon.ts';
import type { PlaceMention } from './matchPlaces.ts';

/**
 * The trivial baseline the benchmark prints beside the classifier: the same words, but no frames: no
 * subject, scope, negation or tense. Any denial or assurance word makes every named figure a debunk;
 * otherwise any harm word makes every named figure a harm claim; any sighting word an appearance; any
 * movement word sends every figure to every place.
 */
export function keywordBaseline(text: string, lang: Lang, mentions: readonly Mention[], places: readonly PlaceMention[], lexicon: Lexicon): Signal[] {
  const lex = lexiconFor(lexicon, lang, text);
  if (!lex) return [];
  const words = foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const kinds = new Set(findCues(lex, words).map((c) => (c.kind === 'harm' && c.weak ? 'weak' : c.kind)));
  const figures = [...new Set(mentions.map((m) => m.figureId))];
  const out: Signal[] = [];
  for (const figureId of figures) {
    if (kinds.has('denial') || kinds.has('assurance')) out.push({ type: 'debunk', figureId });
    else if (kinds.has('harm')) out.push({ type: 'harm_claim', figureId });
    if (kinds.has('sighting')) out.push({ type: 'appearance', figureId });
    if (kinds.has('movement')) for (const placeId of new Set(places.map((p) => p.placeId))) out.push({ type: 'whereabouts', figureId, placeId });
  }
  return out;
}
