/**
 * The trie's edges past the first word, frozen into typed arrays: (state, edge) → next state. A hash table
 * rather than per-state maps, because most states have one or two children and there can be ~10^5 of them.
 */
export class TransitionTable {
  private readonly mask: number;
  private readonly from: Int32Array; // -1 = empty
  private readonly edge: Int32Array;
  private readonly to: Int32Array;

  constructor(transitions: ReadonlyArray<readonly [from: number, edge: number, to: number]>) {
    let cap = 16;
    while (cap < transitions.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.from = new Int32Array(cap).fill(-1);
    this.edge = new Int32Array(cap);
    this.to = new Int32Array(cap);
    for (const [f, e, t] of transitions) {
      let s = slot(f, e) & this.mask;
      while (this.from[s] !== -1) s = (s + 1) & this.mask;
      this.from[s] = f;
      this.edge[s] = e;
      this.to[s] = t;
    }
  }

  /** The state reached from `state` over `edge`, or -1. */
  get(state: number, edge: number): number {
    for (let s = slot(state, edge) & this.mask; ; s = (s + 1) & this.mask) {
      const f = this.from[s];
      if (f === -1) return -1;
      if (f === state && this.edge[s] === edge) return this.to[s];
    }
  }
}

function slot(state: number, edge: number): number {
  const h = Math.imul(state, 0x9e3779b1) ^ Math.imul(edge, 0x85ebca6b);
  return h ^ (h >>> 15);
}
