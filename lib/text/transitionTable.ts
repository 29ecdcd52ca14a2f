/**
 * The trie's edges past the first word, frozen into typed arrays: (state, edge) → next state. A hash table
 * rather than per-state maps, because most states have one or two children and there can be ~10^5 of them.
 */
export class TransitionTable {
  private readonly mask: number;
  /** Slot i is cells[3i..3i+2] = from (-1: empty), edge, to: one probe touches one cache line. */
  private readonly cells: Int32Array;
  /**
   * One bit per hash value (top FILTER_BITS bits of the slot hash): most lookups ask for an edge that does
   * not exist, and this 128 KiB filter answers most of them from cache without touching the big table.
   */
  private readonly filter: Int32Array;

  constructor(transitions: ReadonlyArray<readonly [from: number, edge: number, to: number]>) {
    let cap = 16;
    while (cap < transitions.length * 1.5) cap *= 2; // load ≤ 0.75 keeps the table small enough for the cache
    this.mask = cap - 1;
    this.cells = new Int32Array(cap * 3).fill(-1);
    this.filter = new Int32Array(1 << (FILTER_BITS - 5));
    for (const [f, e, t] of transitions) {
      const h = slot(f, e);
      this.filter[h >>> (32 - FILTER_BITS + 5)] |= 1 << ((h >>> (32 - FILTER_BITS)) & 31);
      let s = h & this.mask;
      while (this.cells[s * 3] !== -1) s = (s + 1) & this.mask;
      this.cells[s * 3] = f;
      this.cells[s * 3 + 1] = e;
      this.cells[s * 3 + 2] = t;
    }
  }

  /** The state reached from `state` over `edge`, or -1. */
  get(state: number, edge: number): number {
    const h = slot(state, edge);
    if ((this.filter[h >>> (32 - FILTER_BITS + 5)] & (1 << ((h >>> (32 - FILTER_BITS)) & 31))) === 0) return -1;
    const cells = this.cells;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const f = cells[s * 3];
      if (f === -1) return -1;
      if (f === state && cells[s * 3 + 1] === edge) return cells[s * 3 + 2];
    }
  }
}

const FILTER_BITS = 20;

function slot(state: number, edge: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(edge, 0x85ebca6b);
  return h ^ (h >>> 15);
}
