import { fmix32 } from '../hash32.ts';
/**
 * MinHash over a set of 32-bit shingle hashes. Each of the HASHES permutations is approximated by xoring a
 * fixed seed into the shingle hash and scrambling with the murmur3 finalizer; the minimum per permutation
 * estimates Jaccard similarity: P(min_i(A) = min_i(B)) = |A ∩ B| / |A ∪ B|.
 */

/** Bands × rows: 32 bands of 2 rows put the LSH threshold near Jaccard 0.18, so a reworded or shortened
 * copy (J ≥ 0.35) shares a band with P > 0.98 (J 0.45: P > 0.998); texts sharing only a name (J ≈ 0.1–0.25)
 * sometimes do too and are turned away by the similarity check. 64 bands (threshold 0.13) found the same
 * stories in the tests but doubled the band rows, locks and candidate lookups per item: the alert stage ran
 * at 685 items/s end to end with 64 and 1,062 with 32 (scripts/bench-pipeline.ts, 20,000 items). 64 hashes
 * keep the Jaccard estimate within about ±0.06 (1 sd). */
export const BANDS = 32;
export const ROWS = 2;
export const HASHES = BANDS * ROWS;

const SEEDS: Uint32Array = (() => {
  const s = new Uint32Array(HASHES);
  let x = 0x9e3779b9;
  for (let i = 0; i < HASHES; i++) {
    // xorshift32: fixed seeds, so signatures stored in Postgres stay comparable across processes and releases
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    s[i] = x;
  }
  return s;
})();

export { fmix32, hashString } from '../hash32.ts';

/** The MinHash of a set of shingle hashes, as signed 32-bit integers (Postgres `integer[]`). */
export function minhash(shingles: Iterable<number>): number[] {
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (const sh of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const v = fmix32(sh ^ SEEDS[i]);
      if (v < mins[i]) mins[i] = v;
    }
  }
  return Array.from(mins, (v) => v | 0);
}

/** One signed 64-bit key per band (Postgres `bigint`), mixing the band's index so equal rows in different bands differ. */
export function bandKeys(sig: readonly number[]): bigint[] {
  const keys: bigint[] = [];
  for (let b = 0; b < BANDS; b++) {
    let hi = fmix32(b + 0x5bd1e995);
    let lo = fmix32(b ^ 0x27d4eb2f);
    for (let r = 0; r < ROWS; r++) {
      const v = sig[b * ROWS + r] >>> 0;
      hi = fmix32(hi ^ v);
      lo = fmix32(Math.imul(lo, 31) ^ v ^ 0x165667b1);
    }
    keys.push(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)));
  }
  return keys;
}

/** Share of positions where the two MinHashes agree: an unbiased estimate of Jaccard similarity. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same / n;
}
