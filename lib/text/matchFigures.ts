import type { Watchlist } from '../../config/watchlistSchema.ts';
import { compileMatcher, findEntities, type Matcher } from './compileMatcher.ts';
import { compileContextualNames, withContextualNames, type ContextualNames } from './contextualNames.ts';

export { compileMatcher, findEntities } from './compileMatcher.ts';
export type { EntityMatch, Matcher, MatchEntry } from './compileMatcher.ts';

/** A tracked figure named in a text; start/end are UTF-16 offsets into the original text. */
export interface Mention {
  figureId: string;
  start: number;
  end: number;
  text: string;
  /** The watchlist alias, surname or title that matched. */
  alias: string;
}

/** A compiled watchlist: the name matcher, plus the short forms that count only in context. */
export interface FigureMatcher extends Matcher {
  readonly contextual?: ContextualNames;
}

/**
 * Compile once per watchlist (milliseconds for the default list, ~1 s for 50,000 aliases) and reuse. A kunya
 * with a family name («أبو حسن العامري») is a full name; the other short forms go to the contextual pass.
 */
export function compileWatchlist(w: Watchlist): FigureMatcher {
  const matcher = compileMatcher(
    w.figures.map((f) => ({
      id: f.id,
      aliases: [...f.aliases, ...(f.kunyas ?? []).flatMap((k) => (f.familyNames ?? []).map((s) => `${k} ${s}`))],
      surnames: f.surnames,
      titles: f.titles,
    })),
  );
  const contextual = compileContextualNames(w.figures);
  return contextual ? Object.assign(matcher, { contextual }) : matcher;
}

export function matchFigures(m: Matcher | FigureMatcher, text: string): Mention[] {
  const found = findEntities(m, text);
  const all = 'contextual' in m && m.contextual ? withContextualNames(m.contextual, text, found) : found;
  return all.map((e) => ({ figureId: e.id, start: e.start, end: e.end, text: e.text, alias: e.alias }));
}
