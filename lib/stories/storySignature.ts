import { foldText } from '../text/normalizeArabic.ts';
import { bandKeys, estimateJaccard, hashString, minhash } from './minhash.ts';

/**
 * A near-duplicate signature of an item's text: MinHash of its character shingles over normalized words,
 * cut into LSH bands. Copies of one statement across outlets (reworded a little, shortened, forwarded with
 * a channel's hashtags and footer) share bands and score high; different statements about the same figure
 * share his name and a few stock words, not enough shingles.
 */
export interface StorySignature {
  /** MinHash, signed 32-bit values (Postgres integer[]). */
  minhash: number[];
  /** LSH band keys, signed 64-bit (Postgres bigint). */
  bands: bigint[];
  /** Distinct shingles: the set size, used to estimate containment. */
  shingles: number;
}

/** Shingle length in folded characters: long enough to be specific, short enough to survive clitics (و، ب، ال). */
const SHINGLE = 5;
/** Texts with fewer shingles than this (about 25 characters) cannot be told apart reliably ("2 million barrels a
 * day" vs "7 million ..."): they get no bands and form stories alone. */
export const MIN_SHINGLES = 20;
/** Below this many shingles in the shorter text, containment is not trusted (a headline is "contained" in anything). */
const MIN_CONTAINED = 40;
/** Containment counts only when the shorter text is at most this share of the longer (a cut-down copy). */
const SHORTENED_RATIO = 0.75;
/** A cut-down copy scores its containment times this: wholly contained (1.0) clears the bar, while a different
 * statement that repeats a long stock phrase (the figure's full title; containment ≈ 0.5) does not. */
const CONTAINMENT_WEIGHT = 0.5;
/** Two texts at or above this similarity are one story. Reworded copies measure J ≈ 0.45, different
 * statements about the same figure in the same house style J ≈ 0.2–0.3 (see storySignature.test.ts). */
export const STORY_SIMILARITY = 0.38;

const URL = /\b(?:https?:\/\/|www\.|t\.me\/)\S+/giu;
const HANDLE = /@[A-Za-z0-9_]{3,}/gu;

/** The folded words a story is compared on: links and channel handles say who forwarded, not what was said. */
export function storyWords(text: string): string[] {
  return foldText(text.replace(URL, ' ').replace(HANDLE, ' '))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function shingleHashes(text: string): Set<number> {
  const joined = storyWords(text).join(' ');
  const out = new Set<number>();
  if (joined.length < SHINGLE) {
    if (joined.length > 0) out.add(hashString(joined));
    return out;
  }
  for (let i = 0; i + SHINGLE <= joined.length; i++) out.add(hashString(joined.slice(i, i + SHINGLE)));
  return out;
}

export function storySignature(text: string): StorySignature {
  const shingles = shingleHashes(text);
  const sig = minhash(shingles);
  return { minhash: sig, bands: shingles.size >= MIN_SHINGLES ? bandKeys(sig) : [], shingles: shingles.size };
}

/**
 * How alike two texts are, from 0 to 1: their estimated Jaccard similarity over shingles or, for a shortened
 * copy (the shorter text much smaller but long enough), its weighted estimated containment in the longer one.
 */
export function similarity(a: StorySignature, b: StorySignature): number {
  if (a.shingles === 0 || b.shingles === 0) return 0;
  const j = estimateJaccard(a.minhash, b.minhash);
  const small = Math.min(a.shingles, b.shingles);
  const large = Math.max(a.shingles, b.shingles);
  if (small < MIN_CONTAINED || small / large > SHORTENED_RATIO) return j;
  // |A ∩ B| = J (|A| + |B|) / (1 + J)
  const containment = Math.min(1, (j * (small + large)) / ((1 + j) * small));
  return Math.max(j, CONTAINMENT_WEIGHT * containment);
}
