import { loadPlaces } from '../../config/placesSchema.ts';
import { loadLexicon } from '../../config/statements/lexiconSchema.ts';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import type { Lang } from '../text/detectLanguage.ts';
import { compileWatchlist, matchFigures } from '../text/matchFigures.ts';
import { analyzeStatements } from './analyzeStatements.ts';
import { buildDoc, type Doc } from './document.ts';
import { framesOf, type Frame } from './frames.ts';
import { compileLexicon } from './lexicon.ts';
import { compilePlaces, matchPlaces } from './matchPlaces.ts';

/** The shipped configuration, compiled once per test file: what production reads. */
export const lexicon = compileLexicon(loadLexicon('config/statements'));
export const figures = compileWatchlist(loadWatchlist('config/watchlist.yaml'));
export const places = compilePlaces(loadPlaces('config/places.yaml'));

/** A text cut into words, sentences, figures, places and cues, as the rules see it. */
export function docOf(text: string, lang: Lang): Doc {
  const doc = buildDoc(text, lang, matchFigures(figures, text), matchPlaces(places, text, lang, lexicon), lexicon);
  if (!doc) throw new Error(`no word list reads ${lang}`);
  return doc;
}

/** The frame of the first predicate whose words are `words` (folded, space-joined). */
export function frameOf(doc: Doc, words: string): Frame {
  const f = framesOf(doc).find((x) => doc.words.slice(x.cue.first, x.cue.end).join(' ') === words);
  if (!f) throw new Error(`no predicate «${words}» in: ${doc.words.join(' ')}`);
  return f;
}

/** The word index of the first occurrence of a folded word. */
export function wordIndex(doc: Doc, word: string): number {
  const i = doc.words.indexOf(word);
  if (i < 0) throw new Error(`no word «${word}» in: ${doc.words.join(' ')}`);
  return i;
}

/** Signals of a text as sorted `type:figure@place` strings. */
export function brief(text: string, lang: Lang): string[] {
  return analyzeStatements(text, lang, matchFigures(figures, text), places, lexicon)
    .signals.map((s) => `${s.type}:${s.figureId}${s.placeId ? '@' + s.placeId : ''}`)
    .sort();
}
