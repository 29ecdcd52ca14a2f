/**
 * chrF (Popović 2015) as sacrebleu computes it by default (chrF2: character n-grams of order 1..6, beta 2,
 * white space removed, no word n-grams, no epsilon smoothing): per order, precision and recall of the
 * clipped n-gram matches; both averaged over the orders where hypothesis and reference have n-grams; then
 * the F-beta of the two averages, times 100. A corpus score sums the statistics of its sentences first.
 */
export const CHRF_ORDER = 6;
export const CHRF_BETA = 2;

/** Per order n = 1..order: [hypothesis n-grams, reference n-grams, matches], flattened. */
export type ChrfStats = number[];

function charNgrams(s: string, n: number): Map<string, number> {
  const out = new Map<string, number>();
  // by code point, as Python slices a str: an emoji is one character, not two
  const chars = [...s];
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

export function chrfStats(hypothesis: string, reference: string, order = CHRF_ORDER): ChrfStats {
  const hyp = hypothesis.replace(/\s+/gu, '');
  const ref = reference.replace(/\s+/gu, '');
  const stats: number[] = [];
  for (let n = 1; n <= order; n++) {
    const h = charNgrams(hyp, n);
    const r = charNgrams(ref, n);
    let hypCount = 0;
    let refCount = 0;
    let match = 0;
    for (const c of h.values()) hypCount += c;
    for (const [g, c] of r) {
      refCount += c;
      match += Math.min(c, h.get(g) ?? 0);
    }
    stats.push(hypCount, refCount, match);
  }
  return stats;
}

/** The score (0–100) of summed statistics. */
export function chrfScore(stats: ChrfStats, beta = CHRF_BETA): number {
  let precision = 0;
  let recall = 0;
  let effective = 0;
  for (let i = 0; i + 2 < stats.length; i += 3) {
    const [hyp, ref, match] = [stats[i], stats[i + 1], stats[i + 2]];
    if (hyp > 0 && ref > 0) {
      precision += match / hyp;
      recall += match / ref;
      effective++;
    }
  }
  if (effective === 0) return 0;
  precision /= effective;
  recall /= effective;
  if (precision + recall === 0) return 0;
  const b2 = beta * beta;
  return (100 * ((1 + b2) * precision * recall)) / (b2 * precision + recall);
}

/** Corpus chrF of hypotheses against one reference each. */
export function corpusChrf(pairs: ReadonlyArray<{ hypothesis: string; reference: string }>, order = CHRF_ORDER, beta = CHRF_BETA): number {
  const total = new Array<number>(order * 3).fill(0);
  for (const p of pairs) chrfStats(p.hypothesis, p.reference, order).forEach((v, i) => (total[i] += v));
  return chrfScore(total, beta);
}
