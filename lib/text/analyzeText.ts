import { detectLanguage, type Lang } from './detectLanguage.ts';
import { matchFigures, type Matcher, type Mention } from './matchFigures.ts';

export interface TextAnalysis {
  lang: Lang;
  /** Tracked figures named in the text, in order; offsets are UTF-16 indices into `text`. */
  mentions: Mention[];
}

/** Language and tracked-figure mentions of one text: what the analyze stage stores and `raqib analyze` prints. */
export function analyzeText(text: string, matcher: Matcher): TextAnalysis {
  const lang = detectLanguage(text);
  return { lang, mentions: matchFigures(matcher, text, lang) };
}
