/**
 * A frozen hash table from folded words to small integers, in typed arrays (open addressing, linear probing).
 * The matcher looks up every word of every text here, so it avoids Map and string creation: the caller
 * hashes the word's code units as it reads them and the table compares them in place.
 */
export class WordTable {
  private readonly mask: number;
  /** Slot i is slots[2i] = key index + 1 (0: empty), slots[2i+1] = its hash. */
  private readonly slots: Int32Array;
  private readonly pool: Uint16Array;
  private readonly keyStart: Int32Array;
  private readonly keyLen: Int32Array;
  /** Per key: the alias word id, or -1 for a word that is only known for its flags. */
  readonly word: Int32Array;
  /** Per key: caller-defined bits. */
  readonly flags: Uint8Array;
  readonly size: number;

  constructor(keys: ReadonlyMap<string, { word: number; flags: number }>) {
    this.size = keys.size;
    let cap = 16;
    while (cap < keys.size * 1.5) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.keyStart = new Int32Array(keys.size);
    this.keyLen = new Int32Array(keys.size);
    this.word = new Int32Array(keys.size);
    this.flags = new Uint8Array(keys.size);
    let total = 0;
    for (const k of keys.keys()) total += k.length;
    this.pool = new Uint16Array(total);
    let k = 0;
    let at = 0;
    const buf = new Uint16Array(64);
    for (const [text, v] of keys) {
      this.keyStart[k] = at;
      this.keyLen[k] = text.length;
      for (let i = 0; i < text.length; i++) this.pool[at++] = text.charCodeAt(i);
      this.word[k] = v.word;
      this.flags[k] = v.flags;
      const chars = text.length <= buf.length ? buf : new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) chars[i] = text.charCodeAt(i);
      const h = hashRange(chars, 0, text.length);
      let s = h & this.mask;
      while (this.slots[s * 2] !== 0) s = (s + 1) & this.mask;
      this.slots[s * 2] = k + 1;
      this.slots[s * 2 + 1] = h;
      k++;
    }
  }

  /** Key index of chars[from, to) whose hash is `hash` (from hashRange), or -1. */
  find(chars: Uint16Array, from: number, to: number, hash: number): number {
    const len = to - from;
    const slots = this.slots;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const k1 = slots[s * 2];
      if (k1 === 0) return -1;
      if (slots[s * 2 + 1] !== hash) continue;
      const k = k1 - 1;
      if (this.keyLen[k] !== len) continue;
      const start = this.keyStart[k];
      let i = 0;
      while (i < len && this.pool[start + i] === chars[from + i]) i++;
      if (i === len) return k;
    }
  }
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;

/** FNV-1a over UTF-16 code units, with a final mix so the low bits index the table well. */
export function hashRange(chars: Uint16Array, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ chars[i], FNV_PRIME);
  return finishHash(h);
}

/** The final mix of hashRange, for callers that run FNV-1a themselves while reading. */
export function finishHash(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
