import type { Watchlist } from '../../config/watchlistSchema.ts';
import type { Lang } from './detectLanguage.ts';
import { compileMatcher, findEntities, type Matcher } from './compileMatcher.ts';
import { contextualEntries, fullNameForms, withContextualNames, type ContextualNames } from './contextualNames.ts';

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

/** A compiled watchlist: one matcher for full names, short forms and context words, and the rules of the short forms. */
export interface FigureMatcher extends Matcher {
  readonly contextual?: ContextualNames;
}

/**
 * Compile once per watchlist (milliseconds for the default list, ~1 s for 50,000 aliases) and reuse. Full
 * names with an honorific or a kunya in front («الشيخ قيس الخزعلي», «أبو حسن العامري») are full names; the
 * short forms that count only in context (lib/text/contextualNames.ts) ride in the same matcher, so a text
 * is scanned once.
 */
export function compileWatchlist(w: Watchlist): FigureMatcher {
  const { entries, names } = contextualEntries(w.figures);
  const matcher = compileMatcher([
    ...w.figures.map((f) => ({ id: f.id, aliases: [...f.aliases, ...fullNameForms(f)], surnames: f.surnames, titles: f.titles })),
    ...entries,
  ]);
  return Object.assign(matcher, { contextual: names });
}

/** `lang`, when the caller knows it, spares a look for Sorani letters (`ckb`: names may carry endings). */
export function matchFigures(m: Matcher | FigureMatcher, text: string, lang?: Lang): Mention[] {
  const found = findEntities(m, text);
  const all =
    'contextual' in m && m.contextual ? withContextualNames(m.contextual, text, found, lang === undefined ? undefined : lang === 'ckb') : found;
  return all.map((e) => ({ figureId: e.id, start: e.start, end: e.end, text: e.text, alias: e.alias }));
}
