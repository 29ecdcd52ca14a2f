import type { Lang } from '../text/detectLanguage.ts';
import type { Mention } from '../text/matchFigures.ts';
import { classifyStatements, type Signal } from './classifyStatement.ts';
import type { Matcher } from '../text/matchFigures.ts';
import { matchPlaces, type PlaceMatcher, type PlaceMention } from './matchPlaces.ts';

export interface StatementAnalysis {
  places: PlaceMention[];
  signals: Signal[];
  /** Any debunk signal in the text: what editors filter on. */
  debunk: boolean;
}

/**
 * Places and statement signals of one text whose language and figure mentions are already known. Pass
 * `compilePlaces(loadPlaces(file))`, made once per process: with a bare matcher the place kinds are unknown,
 * so a meeting "in Iraq" would count as whereabouts like a meeting "in Najaf".
 */
export function analyzeStatements(text: string, lang: Lang, mentions: readonly Mention[], placeMatcher: PlaceMatcher | Matcher): StatementAnalysis {
  const places = matchPlaces(placeMatcher, text);
  const signals = classifyStatements(text, lang, mentions, places);
  return { places, signals, debunk: signals.some((s) => s.type === 'debunk') };
}

/** Place ids in order of first appearance, each once: the `places` field of `raqib analyze`. */
export function placeIds(places: readonly PlaceMention[]): string[] {
  return [...new Set(places.map((p) => p.placeId))];
}
