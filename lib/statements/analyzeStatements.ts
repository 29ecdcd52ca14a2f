import type { Lang } from '../text/detectLanguage.ts';
import type { Matcher, Mention } from '../text/matchFigures.ts';
import { readStatements, type Signal } from './classifyStatement.ts';
import { defaultLexicon } from './defaultLexicon.ts';
import type { Lexicon } from './lexicon.ts';
import { matchPlaces, type PlaceMatcher, type PlaceMention } from './matchPlaces.ts';

export interface StatementAnalysis {
  places: PlaceMention[];
  signals: Signal[];
  /** Any debunk signal in the text: what editors filter on. */
  debunk: boolean;
}

/**
 * Places and statement signals of one text whose language and figure mentions are already known. Pass
 * `compilePlaces(loadPlaces(file))`, made once per process: with a bare matcher the place kinds are unknown.
 * The word lists default to config/statements/ (loaded once); pass a compiled `lexicon` to use others.
 */
export function analyzeStatements(
  text: string,
  lang: Lang,
  mentions: readonly Mention[],
  placeMatcher: PlaceMatcher | Matcher,
  lexicon: Lexicon = defaultLexicon(),
): StatementAnalysis {
  const { signals, places } = readStatements(text, lang, mentions, matchPlaces(placeMatcher, text, lang, lexicon), lexicon);
  return { places, signals, debunk: signals.some((s) => s.type === 'debunk') };
}

/** Place ids in order of first appearance, each once: the `places` field of `raqib analyze`. */
export function placeIds(places: readonly PlaceMention[]): string[] {
  return [...new Set(places.map((p) => p.placeId))];
}
