import { settings } from '../../config/settings.ts';
import { loadLexicon } from '../../config/statements/lexiconSchema.ts';
import { compileLexicon, type Lexicon } from './lexicon.ts';

let cached: Lexicon | undefined;

/**
 * The word lists of `RAQIB_STATEMENTS` (config/statements/), read and compiled once per process on first
 * use, like a module's constants: callers that keep their own (tests, a tuning run) pass one instead.
 */
export function defaultLexicon(): Lexicon {
  cached ??= compileLexicon(loadLexicon(settings().RAQIB_STATEMENTS));
  return cached;
}
