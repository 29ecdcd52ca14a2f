/**
 * A frozen hash table from folded words to small integers, in one typed array (open addressing, linear
 * probing). The matcher looks up every word of every text here, so it avoids Map and string creation: the
 * caller hashes the word's code units as it reads them and the table compares them in place. Everything a
 * lookup needs sits in one 16-byte slot, so a lookup costs one cache miss plus one for the comparison.
 */
export class WordTable {
  private readonly mask: number;
  /** Slot i is cells[4i..4i+3] = hash, pool offset + 1 (0: empty), word, flags | length << 8. */
  private readonly cells: Int32Array;
  private readonly pool: Uint16Array;
  /** One bit per top-FILTER_BITS hash value: a word that is no key (most clitic readings) is refused from cache. */
  private readonly filter: Int32Array;
  readonly size: number;

  constructor(keys: ReadonlyMap<string, { word: number; flags: number }>) {
    this.size = keys.size;
    let cap = 16;
    while (cap < keys.size * 1.25) cap *= 2; // load ≤ 0.8: a smaller table stays in cache
    this.mask = cap - 1;
    this.cells = new Int32Array(cap * 4);
    let total = 0;
    for (const k of keys.keys()) total += k.length;
    this.pool = new Uint16Array(total);
    this.filter = new Int32Array(1 << (FILTER_BITS - 5));
    let at = 0;
    for (const [text, v] of keys) {
      const chars = new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) chars[i] = text.charCodeAt(i);
      this.pool.set(chars, at);
      const h = hashRange(chars, 0, chars.length);
      this.filter[h >>> (32 - FILTER_BITS + 5)] |= 1 << ((h >>> (32 - FILTER_BITS)) & 31);
      let s = h & this.mask;
      while (this.cells[s * 4 + 1] !== 0) s = (s + 1) & this.mask;
      this.cells[s * 4] = h;
      this.cells[s * 4 + 1] = at + 1;
      this.cells[s * 4 + 2] = v.word;
      this.cells[s * 4 + 3] = (v.flags & 0xff) | (text.length << 8);
      at += text.length;
    }
  }

  /** The slot of chars[from, to) whose hash is `hash` (from hashRange), or -1; read it with word()/flags(). */
  find(chars: Uint16Array, from: number, to: number, hash: number): number {
    if ((this.filter[hash >>> (32 - FILTER_BITS + 5)] & (1 << ((hash >>> (32 - FILTER_BITS)) & 31))) === 0) return -1;
    const cells = this.cells;
    const pool = this.pool;
    const len = to - from;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const c = s * 4;
      const at1 = cells[c + 1];
      if (at1 === 0) return -1;
      if (cells[c] !== hash || cells[c + 3] >>> 8 !== len) continue;
      const start = at1 - 1;
      let i = 0;
      while (i < len && pool[start + i] === chars[from + i]) i++;
      if (i === len) return c;
    }
  }

  /** The alias word id stored at a slot from find(), or -1 for a word known only for its flags. */
  word(slot: number): number {
    return this.cells[slot + 2];
  }

  flags(slot: number): number {
    return this.cells[slot + 3] & 0xff;
  }
}

const FILTER_BITS = 18;

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
