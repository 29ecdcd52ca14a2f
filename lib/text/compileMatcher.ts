import { FUNCTION_WORDS, HONORIFICS, WORDS_AFTER_PLACE_NAME, WORDS_BEFORE_ANOTHER_PERSON } from './nameContext.ts';
import { FOLD, HARD_SEPARATOR } from './foldTable.ts';
import { TransitionTable } from './transitionTable.ts';
import { foldedWords, WordScanner, type WordSink } from './wordScanner.ts';
import { hashRange, WordTable } from './wordTable.ts';

/** Something to find in text: a tracked figure, a place. `surnames` fire only when not part of another name. */
export interface MatchEntry {
  id: string;
  aliases: string[];
  /** Surname-only forms («الخزعلي», "Khazali"): ignored right after a given name, a kinship word or a place noun. */
  surnames?: string[];
  /** Role titles («الأمين العام لعصائب أهل الحق») that name the entry as surely as an alias. */
  titles?: string[];
}

/** One occurrence; start/end are UTF-16 offsets into the ORIGINAL text and text === original.slice(start, end). */
export interface EntityMatch {
  id: string;
  start: number;
  end: number;
  text: string;
  /** The configured alias, surname or title that matched, as written in the configuration. */
  alias: string;
}

interface Terminal {
  entry: number;
  alias: string;
  surnameOnly: boolean;
}

/**
 * A word-level automaton over all aliases: each distinct word (folded, leading «ال» split off into a flag)
 * gets an id through a hash table; aliases are paths of word ids in a trie. Matching cuts and folds the text
 * in one pass and looks each word up once (plus once per proclitic reading), so cost grows with the text,
 * not with the number of aliases. An edge is `wordId * 2 + 1` when the alias word had «ال», else `wordId * 2`.
 */
export interface Matcher {
  readonly ids: readonly string[];
  /** Alias words, their "al"-joined Latin forms, and context words (flags BEFORE_ANOTHER_PERSON, AFTER_PLACE). */
  readonly words: WordTable;
  /**
   * First-word edge → packed trie state, -1 when no alias starts with it. A packed state carries its kind in
   * the top bits (state | kind << 24; kind = FINAL, FINAL_SURNAME_ONLY for states ending only surname-only
   * forms, HAS_CHILDREN) so a step decides without touching per-state memory.
   */
  readonly rootNext: Int32Array;
  /** (state, edge) → packed state, for the second word on. */
  readonly next: TransitionTable;
  /** Per state s: its terminals are termEntry/termSurnameOnly/termAlias[termStart[s] .. termStart[s + 1]). */
  readonly termStart: Int32Array;
  readonly termEntry: Int32Array;
  readonly termSurnameOnly: Uint8Array;
  readonly termAlias: readonly string[];
  readonly stats: { entries: number; aliases: number; words: number; states: number };
}

const BEFORE_ANOTHER_PERSON = 1;
const AFTER_PLACE = 2;
/**
 * Word-table flags saying which of a word's two edges (plain: << 0, with «ال»: << 1) occur in the trie at all,
 * as an alias's first word (ROOT) or as a later word (INNER). Nearly every word of news text is an alias word
 * somewhere, but most of its edges lead nowhere; the flags come with the word lookup for free and spare the
 * matcher a rootNext read per reading and a transition lookup per edge that cannot continue any alias.
 */
const ROOT_EDGE = 4;
const INNER_EDGE = 16;
const FINAL = 1;
const FINAL_SURNAME_ONLY = 2;
const HAS_CHILDREN = 4;
const STATE_BITS = 24;
const STATE_MASK = (1 << STATE_BITS) - 1;
const ALEF = 0x627;
const LAM = 0x644;
const WAW = 0x648;
const FEH = 0x641;
const BEH = 0x628;
const KAF = 0x643;

/** Where the word's core starts: after a leading «ال» when at least two letters remain. */
function coreFrom(chars: Uint16Array, from: number, len: number): number {
  return len - from >= 4 && chars[from] === ALEF && chars[from + 1] === LAM ? from + 2 : from;
}

/** A folded word without its leading «ال». */
function coreString(folded: string): string {
  return folded.length >= 4 && folded.charCodeAt(0) === ALEF && folded.charCodeAt(1) === LAM ? folded.slice(2) : folded;
}

const functionWords = new Set(FUNCTION_WORDS);
const TASHKEEL = /[\u064b-\u065f\u0670\u0640]/g;
const honorificCores = new Set(HONORIFICS.flatMap((h) => foldedWords(h)).map(coreString));

export function compileMatcher(entries: MatchEntry[]): Matcher {
  const wordIds = new Map<string, number>();
  const keys = new Map<string, { word: number; flags: number }>();
  const rootEdges = new Map<number, number>();
  const transitions = new Map<number, Map<number, number>>();
  const terminals: (Terminal[] | undefined)[] = [undefined];
  let states = 1;
  let aliasCount = 0;

  const addKey = (text: string, word: number, flags: number): void => {
    const k = keys.get(text);
    if (!k) keys.set(text, { word, flags });
    else {
      if (k.word < 0) k.word = word;
      k.flags |= flags;
    }
  };
  const wordId = (core: string): number => {
    let id = wordIds.get(core);
    if (id === undefined) {
      id = wordIds.size;
      wordIds.set(core, id);
      addKey(core, id, 0);
    }
    return id;
  };

  const scanner = new WordScanner();
  const addPath = (entry: number, alias: string, surnameOnly: boolean): void => {
    const words: { core: string; al: number; afterParticle: boolean }[] = [];
    scanner.scan(alias, {
      word(chars, _s, len, _e, _j, afterParticle) {
        const from = coreFrom(chars, 0, len);
        words.push({ core: String.fromCharCode(...chars.subarray(from, len)), al: from > 0 ? 1 : 0, afterParticle });
      },
    });
    if (words.length === 0) throw new Error(`matcher: ${entries[entry].id}: "${alias}" has no letters or digits`);
    aliasCount++;
    let state = 0;
    words.forEach((w, i) => {
      const id = wordId(w.core);
      // "Alkhazali" written as one word is the same name as "al-Khazali"
      if (w.afterParticle) addKey(`al${w.core}`, id, 0);
      const edge = id * 2 + w.al;
      let children = i === 0 ? rootEdges : transitions.get(state);
      if (!children) transitions.set(state, (children = new Map()));
      let s = children.get(edge);
      if (s === undefined) children.set(edge, (s = states++));
      state = s;
    });
    const list = (terminals[state] ??= []);
    if (!list.some((t) => t.entry === entry && t.surnameOnly === surnameOnly)) list.push({ entry, alias, surnameOnly });
    if (!surnameOnly && words.length >= 2 && !honorificCores.has(words[0].core)) addKey(words[0].core, -1, BEFORE_ANOTHER_PERSON);
  };

  entries.forEach((e, i) => {
    for (const a of e.aliases) addPath(i, a, false);
    for (const t of e.titles ?? []) addPath(i, t, false);
    for (const s of e.surnames ?? []) addPath(i, s, true);
  });
  for (const w of WORDS_BEFORE_ANOTHER_PERSON) for (const f of foldedWords(w)) addKey(coreString(f), -1, BEFORE_ANOTHER_PERSON);
  for (const w of WORDS_AFTER_PLACE_NAME) for (const f of foldedWords(w)) addKey(coreString(f), -1, AFTER_PLACE);

  if (states > STATE_MASK) throw new Error(`matcher: ${states} trie states is more than ${STATE_MASK}`);
  const kind = new Uint8Array(states);
  for (const from of transitions.keys()) kind[from] |= HAS_CHILDREN;
  // terminals flattened into typed arrays: emitting a match then reads memory next to memory
  const termStart = new Int32Array(states + 1);
  const termEntry: number[] = [];
  const termSurnameOnly: number[] = [];
  const termAlias: string[] = [];
  for (let s = 0; s < states; s++) {
    termStart[s] = termEntry.length;
    const ts = terminals[s];
    if (!ts) continue;
    kind[s] |= ts.some((t) => !t.surnameOnly) ? FINAL : FINAL_SURNAME_ONLY;
    // full aliases first, so an entry found by both an alias and a surname reports the alias
    for (const t of [...ts].sort((a, b) => Number(a.surnameOnly) - Number(b.surnameOnly))) {
      termEntry.push(t.entry);
      termSurnameOnly.push(t.surnameOnly ? 1 : 0);
      termAlias.push(t.alias);
    }
  }
  termStart[states] = termEntry.length;
  const packed = (s: number) => s | (kind[s] << STATE_BITS);
  const rootNext = new Int32Array(Math.max(1, wordIds.size * 2)).fill(-1);
  const edgeFlags = new Uint8Array(wordIds.size);
  for (const [edge, s] of rootEdges) {
    rootNext[edge] = packed(s);
    edgeFlags[edge >> 1] |= ROOT_EDGE << (edge & 1);
  }
  const flat: [number, number, number][] = [];
  for (const [from, children] of transitions) {
    for (const [edge, to] of children) {
      flat.push([from, edge, packed(to)]);
      edgeFlags[edge >> 1] |= INNER_EDGE << (edge & 1);
    }
  }
  for (const k of keys.values()) if (k.word >= 0) k.flags |= edgeFlags[k.word];
  return {
    ids: entries.map((e) => e.id),
    words: new WordTable(keys),
    rootNext,
    next: new TransitionTable(flat),
    termStart,
    termEntry: Int32Array.from(termEntry),
    termSurnameOnly: Uint8Array.from(termSurnameOnly),
    termAlias,
    stats: { entries: entries.length, aliases: aliasCount, words: wordIds.size, states },
  };
}

/** Readings of one word as a name's first word: as is, after 1 or 2 proclitics, with ال or «لل», ×2 edges. */
const MAX_FIRST = 10;
const MAX_INNER = 2;

/**
 * The words of one text that could take part in a match, in order. Scratch space is reused between calls
 * (matching is synchronous), so a stream of short items allocates almost nothing.
 */
class HitCollector implements WordSink {
  m!: Matcher;
  count = 0;
  ordinal = 0;
  prevBlocks = false;
  prevHit = -1;
  prevOrdinal = -10;
  ord = new Int32Array(256);
  end = new Int32Array(256);
  blockedBefore = new Uint8Array(256);
  blockedAfter = new Uint8Array(256);
  firstN = new Uint8Array(256);
  /** First-word readings of all hits, packed: hit h owns [firstOff[h], firstOff[h] + firstN[h]). */
  firstOff = new Int32Array(256);
  firstEdge = new Int32Array(1024);
  firstStart = new Int32Array(1024);
  packed = 0;
  innerN = new Uint8Array(256);
  innerEdge = new Int32Array(256 * MAX_INNER);

  reset(m: Matcher): void {
    this.m = m;
    this.count = 0;
    this.packed = 0;
    this.ordinal = 0;
    this.prevBlocks = false;
    this.prevHit = -1;
  }

  word(chars: Uint16Array, starts: Int32Array, len: number, end: number, joined: boolean, _afterParticle: boolean, hash: number): void {
    const m = this.m;
    const table = m.words;
    this.ordinal += joined ? 1 : 2;
    const core = coreFrom(chars, 0, len);
    const key = table.find(chars, core, len, core === 0 ? hash : hashRange(chars, core, len));
    const flags = key >= 0 ? table.flags(key) : 0;
    const h = this.count;
    if (this.prevHit >= 0 && joined && (flags & AFTER_PLACE) !== 0) this.blockedAfter[this.prevHit] = 1;
    this.prevHit = -1;
    if (h >= this.ord.length) this.grow();
    let nf = 0;
    let ni = 0;
    if (this.packed + MAX_FIRST > this.firstEdge.length) this.growPacked();
    const base = this.packed;
    // the word as it stands (leading «ال» split off)
    const id = key >= 0 ? table.word(key) : -1;
    if (id >= 0) {
      for (let e = core > 0 ? 1 : 0; e >= 0; e--) {
        const edge = id * 2 + e;
        if ((flags & (INNER_EDGE << e)) !== 0) this.innerEdge[h * MAX_INNER + ni++] = edge;
        if ((flags & (ROOT_EDGE << e)) !== 0) {
          this.firstEdge[base + nf] = edge;
          this.firstStart[base + nf++] = starts[0];
        }
      }
    }
    // proclitics before the first word of a name: و ف, then ب ل ك, then «ال» (or «لل» for ل + ال)
    const c0 = chars[0];
    let blocks = (flags & BEFORE_ANOTHER_PERSON) !== 0;
    if (len >= 3 && (c0 === WAW || c0 === FEH || c0 === BEH || c0 === LAM || c0 === KAF)) {
      nf = this.strip(chars, starts, len, 1, base, nf);
      if (c0 === WAW || c0 === FEH) {
        blocks ||= (this.stripFlags & BEFORE_ANOTHER_PERSON) !== 0; // «وحسن الخزعلي»
        const c1 = chars[1];
        if (len >= 4 && (c1 === BEH || c1 === LAM || c1 === KAF)) nf = this.strip(chars, starts, len, 2, base, nf);
      }
    }
    const blockedBefore = joined && this.prevBlocks && this.prevOrdinal === this.ordinal - 1;
    this.prevBlocks = blocks;
    this.prevOrdinal = this.ordinal;
    if (nf === 0 && ni === 0) return;
    this.ord[h] = this.ordinal;
    this.end[h] = end;
    this.firstN[h] = nf;
    this.firstOff[h] = base;
    this.packed += nf;
    this.innerN[h] = ni;
    this.blockedBefore[h] = blockedBefore ? 1 : 0;
    this.blockedAfter[h] = 0;
    this.prevHit = h;
    this.count++;
  }

  /** Flags of the last plain reading `strip` looked up. */
  stripFlags = 0;

  /** Readings of the word with its first k letters taken as proclitics. */
  private strip(chars: Uint16Array, starts: Int32Array, len: number, k: number, base: number, nf: number): number {
    const table = this.m.words;
    const from = coreFrom(chars, k, len);
    this.stripFlags = 0;
    if (len - from >= 2) {
      const key = table.find(chars, from, len, hashRange(chars, from, len));
      if (key >= 0) {
        this.stripFlags = table.flags(key);
        nf = this.addFirst(base, nf, table.word(key), this.stripFlags, from > k, starts[k]);
      }
    }
    if (chars[k - 1] === LAM && chars[k] === LAM && len - k - 1 >= 2) {
      const key = table.find(chars, k + 1, len, hashRange(chars, k + 1, len));
      if (key >= 0) nf = this.addFirst(base, nf, table.word(key), table.flags(key), true, starts[k - 1]);
    }
    return nf;
  }

  private addFirst(base: number, nf: number, id: number, flags: number, al: boolean, start: number): number {
    if (id < 0) return nf;
    for (let e = al ? 1 : 0; e >= 0; e--) {
      const edge = id * 2 + e;
      if ((flags & (ROOT_EDGE << e)) !== 0) {
        this.firstEdge[base + nf] = edge;
        this.firstStart[base + nf++] = start;
      }
    }
    return nf;
  }

  private growPacked(): void {
    const edge = new Int32Array(this.firstEdge.length * 2);
    edge.set(this.firstEdge);
    this.firstEdge = edge;
    const start = new Int32Array(this.firstStart.length * 2);
    start.set(this.firstStart);
    this.firstStart = start;
  }

  private grow(): void {
    const n = this.ord.length * 2;
    const g32 = (a: Int32Array, k = 1) => {
      const b = new Int32Array(n * k);
      b.set(a);
      return b;
    };
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(n);
      b.set(a);
      return b;
    };
    this.ord = g32(this.ord);
    this.end = g32(this.end);
    this.blockedBefore = g8(this.blockedBefore);
    this.blockedAfter = g8(this.blockedAfter);
    this.firstN = g8(this.firstN);
    this.firstOff = g32(this.firstOff);
    this.innerN = g8(this.innerN);
    this.innerEdge = g32(this.innerEdge, MAX_INNER);
  }
}

const scanner = new WordScanner();
const hits = new HitCollector();

/**
 * All entries mentioned in `text`, in order, leftmost-longest: «ليث الخزعلي» is one match (Laith), never
 * also «الخزعلي». Spans leave out a proclitic و ف ب ل ك («وقيس الخزعلي» → «قيس الخزعلي», «بالخزعلي» →
 * «الخزعلي») so highlights show the name; in «للخزعلي» the article has merged into the ل, so the whole word
 * is the span.
 */
export function findEntities(m: Matcher, text: string): EntityMatch[] {
  const out: EntityMatch[] = [];
  for (let from = 0; from < text.length;) {
    const to = chunkEnd(text, from);
    hits.reset(m);
    scanner.scan(text, hits, from, to);
    resolve(m, text, out);
    from = to;
  }
  return out;
}

/** Long texts are matched in pieces of ~16K units cut after punctuation, so the hit arrays stay in cache. */
const CHUNK = 16_384;

function chunkEnd(text: string, from: number): number {
  if (text.length - from <= CHUNK * 2) return text.length;
  // punctuation ends any name (a HARD_SEPARATOR), so no match or name context crosses the cut
  for (let i = from + CHUNK; i < from + CHUNK * 2; i++) if (FOLD[text.charCodeAt(i)] === HARD_SEPARATOR) return i + 1;
  return text.length;
}

/** Leftmost-longest matches among the collected hits, appended to `out`. */
function resolve(m: Matcher, text: string, out: EntityMatch[]): void {
  const n = hits.count;
  const { ord, firstN, firstOff, firstEdge, firstStart } = hits;
  const rootNext = m.rootNext;
  let coveredOrdinal = -1;
  for (let h = 0; h < n; h++) {
    const nf = firstN[h];
    if (nf === 0 || ord[h] <= coveredOrdinal) continue;
    let bestWords = 0;
    let bestState = -1;
    let bestStart = 0;
    let bestEnd = 0;
    const off = firstOff[h];
    for (let j = off; j < off + nf; j++) {
      const r = longest(m, h, rootNext[firstEdge[j]], 1, n);
      if (r.words > bestWords) {
        bestWords = r.words;
        bestState = r.state;
        bestStart = firstStart[j];
        bestEnd = hits.end[h + r.words - 1];
      }
    }
    if (bestWords === 0) continue;
    coveredOrdinal = hits.ord[h] + bestWords - 1;
    const last = h + bestWords - 1;
    const insideAnotherName = hits.blockedBefore[h] === 1 || hits.blockedAfter[last] === 1;
    const from = m.termStart[bestState & STATE_MASK];
    const to = m.termStart[(bestState & STATE_MASK) + 1];
    const matched = text.slice(bestStart, bestEnd);
    if (bestWords === 1 && matched.length <= 8 && functionWords.has(matched.replace(TASHKEEL, ''))) continue;
    for (let i = from; i < to; i++) {
      if (m.termSurnameOnly[i] === 1 && insideAnotherName) continue;
      if (to - from > 1 && emittedBefore(m, from, i)) continue;
      out.push({ id: m.ids[m.termEntry[i]], start: bestStart, end: bestEnd, text: matched, alias: m.termAlias[i] });
    }
  }
}

/** Whether an earlier terminal of the same state names the same entry (aliases sort before surnames). */
function emittedBefore(m: Matcher, from: number, i: number): boolean {
  for (let j = from; j < i; j++) if (m.termEntry[j] === m.termEntry[i]) return true;
  return false;
}

const result = { words: 0, state: -1 };

/** Longest accepted path from `state` (reached with `words` words ending at hit h); depth = alias length. */
function longest(m: Matcher, h: number, state: number, words: number, n: number): { words: number; state: number } {
  let bestWords = 0;
  let bestState = -1;
  const next = h + 1;
  const info = state >>> STATE_BITS;
  if ((info & HAS_CHILDREN) !== 0 && next < n && hits.ord[next] === hits.ord[h] + 1) {
    for (let j = 0; j < hits.innerN[next]; j++) {
      const s = m.next.get(state & STATE_MASK, hits.innerEdge[next * MAX_INNER + j]);
      if (s < 0) continue;
      const r = longest(m, next, s, words + 1, n);
      if (r.words > bestWords) {
        bestWords = r.words;
        bestState = r.state;
      }
    }
  }
  if (bestWords === 0) {
    // a surname-only form standing inside another name («حسن الخزعلي», "Sadr City") ends nothing
    if ((info & FINAL) !== 0 || ((info & FINAL_SURNAME_ONLY) !== 0 && hits.blockedBefore[h - words + 1] === 0 && hits.blockedAfter[h] === 0)) {
      bestWords = words;
      bestState = state;
    }
  }
  result.words = bestWords;
  result.state = bestState;
  return result;
}
