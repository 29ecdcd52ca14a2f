/**
 * A frozen hash table from folded words to small integers, in typed arrays (open addressing, linear probing).
 * The matcher looks up every word of every text here, so it avoids Map and string creation: the caller
 * hashes the word's code units as it reads them and the table compares them in place.
 */
export class WordTable {
  private readonly mask: number;
  private readonly slots: Int32Array; // key index + 1; 0 = empty
  private readonly slotHash: Int32Array;
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
    while (cap < keys.size * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    this.slotHash = new Int32Array(cap);
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
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = k + 1;
      this.slotHash[s] = h;
      k++;
    }
  }

  /** Key index of chars[from, to) whose hash is `hash` (from hashRange), or -1. */
  find(chars: Uint16Array, from: number, to: number, hash: number): number {
    const len = to - from;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const k1 = this.slots[s];
      if (k1 === 0) return -1;
      if (this.slotHash[s] !== hash) continue;
      const k = k1 - 1;
      if (this.keyLen[k] !== len) continue;
      const start = this.keyStart[k];
      let i = 0;
      while (i < len && this.pool[start + i] === chars[from + i]) i++;
      if (i === len) return k;
    }
  }
}

/** FNV-1a over UTF-16 code units, with a final mix so the low bits index the table well. */
export function hashRange(chars: Uint16Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ chars[i], 16777619);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
