import type { Lang } from '../text/detectLanguage.ts';
import { matchFigures, type Matcher } from '../text/matchFigures.ts';
import { analyzeStatements, placeIds } from './analyzeStatements.ts';
import { keywordBaseline } from './keywordBaseline.ts';
import type { Lexicon } from './lexicon.ts';
import { matchPlaces, type PlaceMatcher } from './matchPlaces.ts';
import { countSets, emptyScore, finish, scoreSignals, type LabelledText, type Scored, type TypeScore } from './scoreSignals.ts';

/**
 * Where a text of the older set (signals.jsonl) came from (see testdata/README.md): `tuning` texts were
 * written first and tuned on; `held-out` (-hNN) written later; `final` (-fNN) written last.
 */
export function splitOf(t: LabelledText): 'tuning' | 'held-out' | 'final' {
  if (/-f\d+$/.test(t.id)) return 'final';
  if (/-h\d+$/.test(t.id)) return 'held-out';
  return 'tuning';
}
export const isHeldOut = (t: LabelledText) => splitOf(t) === 'held-out';

export interface Evaluation {
  classifier: Scored;
  baseline: Scored;
  /** figure mentions as sets per text, against the `figures` field (texts without one are skipped) */
  mentions: { all: TypeScore; byLang: Record<string, TypeScore>; errors: { id: string; missed: string[]; spurious: string[] }[] };
  /** statement analysis only (places and signals), per text */
  msPerText: number;
}

/**
 * Runs the classifier (and the keyword baseline) over a labelled set and scores both. Figures are found by
 * the production matcher and the language is the gold one, so the score is the statement logic's own;
 * figure mentions are scored on their own against the `figures` field.
 */
export function evaluateSignalSet(gold: readonly LabelledText[], figures: Matcher, places: PlaceMatcher, lexicon: Lexicon): Evaluation {
  const ours = new Map<string, { signals: ReturnType<typeof analyzeStatements>['signals']; places: string[] }>();
  const base = new Map<string, { signals: ReturnType<typeof keywordBaseline>; places: string[] }>();
  const all = emptyScore();
  const byLang: Record<string, TypeScore> = {};
  const mentionErrors: Evaluation['mentions']['errors'] = [];
  let ms = 0;
  for (const g of gold) {
    const lang = g.lang as Lang;
    const mentions = matchFigures(figures, g.text);
    const started = performance.now();
    const a = analyzeStatements(g.text, lang, mentions, places, lexicon);
    ms += performance.now() - started;
    ours.set(g.id, { signals: a.signals, places: placeIds(a.places) });
    const found = matchPlaces(places, g.text, lang, lexicon);
    base.set(g.id, { signals: keywordBaseline(g.text, lang, mentions, found, lexicon), places: placeIds(found) });
    if (g.figures) {
      const wanted = new Set(g.figures);
      const got = new Set(mentions.map((m) => m.figureId));
      countSets(all, wanted, got);
      countSets((byLang[g.lang] ??= emptyScore()), wanted, got);
      const missed = [...wanted].filter((x) => !got.has(x));
      const spurious = [...got].filter((x) => !wanted.has(x));
      if (missed.length || spurious.length) mentionErrors.push({ id: g.id, missed, spurious });
    }
  }
  for (const s of [all, ...Object.values(byLang)]) finish(s);
  return {
    classifier: scoreSignals(gold, ours),
    baseline: scoreSignals(gold, base),
    mentions: { all, byLang, errors: mentionErrors },
    msPerText: gold.length ? ms / gold.length : 0,
  };
}

/** Parses a JSON Lines labelled set; a bad line names the file and the line. */
export function parseLabelledSet(jsonl: string, file = 'labelled set'): LabelledText[] {
  return jsonl
    .split('\n')
    .map((l, i) => [l, i] as const)
    .filter(([l]) => l.trim())
    .map(([l, i]) => {
      try {
        return JSON.parse(l) as LabelledText;
      } catch (e) {
        throw new Error(`${file} line ${i + 1}: ${(e as Error).message}`);
      }
    });
}
