import type { Lang } from '../text/detectLanguage.ts';
import { matchFigures, type Matcher } from '../text/matchFigures.ts';
import { analyzeStatements, placeIds } from './analyzeStatements.ts';
import { keywordBaseline } from './keywordBaseline.ts';
import { matchPlaces, type PlaceMatcher } from './matchPlaces.ts';
import { scoreSignals, type LabelledText, type Scored } from './scoreSignals.ts';

/**
 * Where a labelled text came from (see testdata/README.md): `tuning` texts were written first and the rules
 * were tuned on them; `held-out` (-hNN) texts were written later in two batches, each scored once before the
 * rules were fixed again; `final` (-fNN) texts were written last and never tuned on: the honest estimate.
 */
export function splitOf(t: LabelledText): 'tuning' | 'held-out' | 'final' {
  if (/-f\d+$/.test(t.id)) return 'final';
  if (/-h\d+$/.test(t.id)) return 'held-out';
  return 'tuning';
}
export const isHeldOut = (t: LabelledText) => splitOf(t) === 'held-out';

/**
 * Runs the classifier (and the keyword baseline) over a labelled set and scores both. Figures are found by
 * the production matcher and the language is the gold one, so the score is the statement logic's own.
 */
export function evaluateSignalSet(gold: readonly LabelledText[], figures: Matcher, places: PlaceMatcher): { classifier: Scored; baseline: Scored } {
  const ours = new Map<string, { signals: ReturnType<typeof analyzeStatements>['signals']; places: string[] }>();
  const base = new Map<string, { signals: ReturnType<typeof keywordBaseline>; places: string[] }>();
  for (const g of gold) {
    const mentions = matchFigures(figures, g.text);
    const a = analyzeStatements(g.text, g.lang as Lang, mentions, places);
    ours.set(g.id, { signals: a.signals, places: placeIds(a.places) });
    const found = matchPlaces(places, g.text);
    base.set(g.id, { signals: keywordBaseline(g.text, mentions, found), places: placeIds(found) });
  }
  return { classifier: scoreSignals(gold, ours), baseline: scoreSignals(gold, base) };
}

export function parseLabelledSet(jsonl: string): LabelledText[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as LabelledText;
      } catch (e) {
        throw new Error(`signals.jsonl line ${i + 1}: ${(e as Error).message}`);
      }
    });
}
