import type { CueGroup, CueKind, LexiconFile, LexiconLang } from '../../config/statements/lexiconSchema.ts';
import type { Lang } from '../text/detectLanguage.ts';
import { foldText } from '../text/normalizeArabic.ts';

export type { CueKind, HarmKind } from '../../config/statements/lexiconSchema.ts';

/** What a matched word or phrase is: its group's kind and grammar. */
export interface CueSense {
  kind: CueKind;
  group: string;
  harm?: CueGroup['harm'];
  form?: CueGroup['form'];
  strength?: CueGroup['strength'];
  sight?: CueGroup['sight'];
  move?: CueGroup['move'];
  negated: boolean;
  weak: boolean;
  site: boolean;
  /**
   * How the phrase's last word ends as written: «ة» or «ه», which fold to one letter. «زاره» (visited him)
   * is not «وزارة» (ministry), «شقيقه» (his brother) is not «شقيقة» (sister).
   */
  ends?: 'ta' | 'ha';
}

/** One cue in a text: words [first, end) of the document's word list. */
export interface Cue extends CueSense {
  first: number;
  end: number;
  /** a future prefix was glued to the word («سيزور»): the act is planned */
  future: boolean;
  /** proclitics glued to the first word and read off it («و», «بال», «ال»), '' when none */
  prefix: string;
}

interface Node {
  next: Map<string, Node>;
  /** children reached by a stem (a word starting with the key); keys sorted by nothing, looked up by prefix */
  stems: Map<string, Node> | undefined;
  stemLengths: number[];
  senses: CueSense[];
}

/** One language's words, ready to scan a text's folded words in one pass. */
export interface LanguageLexicon {
  lang: LexiconLang;
  root: Node;
  proclitics: string[];
  futurePrefixes: string[];
  placeSuffixes: string[];
}

export interface Lexicon {
  byLang: ReadonlyMap<LexiconLang, LanguageLexicon>;
}

const node = (): Node => ({ next: new Map(), stems: undefined, stemLengths: [], senses: [] });

/** Folded words of a phrase, the last one marked as a stem when it ended in `*`. */
function phraseWords(phrase: string): { words: string[]; stem: boolean } {
  const stem = phrase.endsWith('*');
  const words = foldText(stem ? phrase.slice(0, -1) : phrase)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return { words, stem };
}

function addPhrase(root: Node, words: string[], stem: boolean, sense: CueSense): void {
  let n = root;
  words.forEach((w, i) => {
    const last = i === words.length - 1;
    if (last && stem) {
      n.stems ??= new Map();
      let child = n.stems.get(w);
      if (!child) {
        n.stems.set(w, (child = node()));
        if (!n.stemLengths.includes(w.length)) n.stemLengths.push(w.length);
      }
      n = child;
    } else {
      let child = n.next.get(w);
      if (!child) n.next.set(w, (child = node()));
      n = child;
    }
  });
  if (!n.senses.some((s) => s.group === sense.group && s.form === sense.form)) n.senses.push(sense);
}

/** «ة» or «ه» at the end of a phrase as written (tashkeel aside). */
function lastLetter(phrase: string): 'ta' | 'ha' | undefined {
  const bare = phrase.replace(/[\u064b-\u065f\u0670\u0640\s]+$/u, '');
  const c = bare[bare.length - 1];
  return c === '\u0629' ? 'ta' : c === '\u0647' ? 'ha' : undefined;
}

/** «مقتل» → «مقتله»; «إصابة» (folded «اصابه») → «اصابته». Applied to a phrase's last word. */
function withSuffix(words: string[], suffix: string): string[] {
  const last = words[words.length - 1];
  const base = last.endsWith('ه') ? last.slice(0, -1) + 'ت' : last;
  return [...words.slice(0, -1), base + suffix];
}

/** Compiles the word lists (pure: the caller loads them, see config/statements/lexiconSchema.ts). */
export function compileLexicon(files: readonly LexiconFile[]): Lexicon {
  const byLang = new Map<LexiconLang, LanguageLexicon>();
  for (const f of files) {
    const root = node();
    const suffixes = f.possessiveSuffixes.map((s) => foldText(s));
    for (const g of f.groups) {
      const sense: CueSense = {
        kind: g.kind,
        group: g.id,
        negated: g.negated,
        weak: g.weak,
        site: g.site,
        ...(g.harm ? { harm: g.harm } : {}),
        ...(g.form ? { form: g.form } : {}),
        ...(g.strength ? { strength: g.strength } : {}),
        ...(g.sight ? { sight: g.sight } : {}),
        ...(g.move ? { move: g.move } : {}),
      };
      for (const p of g.phrases) {
        const { words, stem } = phraseWords(p);
        if (words.length === 0) continue;
        const ends = stem ? undefined : lastLetter(p);
        addPhrase(root, words, stem, ends ? { ...sense, ends } : sense);
        // the possessive of an Arabic noun: «مقتل» gives «مقتله», «مقتلها»
        if (g.kind === 'harm' && g.form === 'noun' && !stem)
          for (const s of suffixes)
            addPhrase(root, withSuffix(words, s), false, { ...sense, form: 'possessive', ...(s.endsWith('ه') ? { ends: 'ha' as const } : {}) });
      }
    }
    byLang.set(f.lang, {
      lang: f.lang,
      root,
      proclitics: [...new Set(f.proclitics.map((p) => foldText(p)))].sort((a, b) => b.length - a.length),
      futurePrefixes: f.futurePrefixes.map((p) => foldText(p)),
      placeSuffixes: [...new Set(f.placeSuffixes.map((p) => foldText(p)))].sort((a, b) => b.length - a.length),
    });
  }
  return { byLang };
}

const ARABIC_SCRIPT = /[\u0600-\u06ff]/u;

/**
 * Which word list reads a text: its own language's, else by script (Arabic script → Arabic, Latin →
 * English), so a text the detector calls Urdu or undetermined is still read.
 */
export function lexiconFor(lexicon: Lexicon, lang: Lang, sample: string): LanguageLexicon | undefined {
  const own = lexicon.byLang.get(lang as LexiconLang);
  if (own) return own;
  return lexicon.byLang.get(ARABIC_SCRIPT.test(sample.slice(0, 200)) ? 'arb' : 'eng');
}

// the imperfect prefix a future «س» stands before: «سيزور», «ستلتقي», «سنرى», «سأزور»
const IMPERFECT = /^[يتنا]/u;

/** The readings of one word as the first word of a phrase: as written, without proclitics, without a future prefix. */
function readings(lex: LanguageLexicon, w: string): { form: string; future: boolean; prefix: string }[] {
  const out = [{ form: w, future: false, prefix: '' }];
  for (const p of lex.proclitics) if (w.length - p.length >= 2 && w.startsWith(p)) out.push({ form: w.slice(p.length), future: false, prefix: p });
  for (const p of lex.futurePrefixes) {
    const rest = w.slice(p.length);
    if (rest.length >= 3 && w.startsWith(p) && IMPERFECT.test(rest)) out.push({ form: rest, future: true, prefix: p });
  }
  return out;
}

function step(n: Node, w: string, into: Node[]): void {
  const exact = n.next.get(w);
  if (exact) into.push(exact);
  if (n.stems)
    for (const len of n.stemLengths)
      if (w.length >= len) {
        const s = n.stems.get(w.slice(0, len));
        if (s) into.push(s);
      }
}

/**
 * Every cue in a text's folded words, in order of its first word. One pass: each word is looked up once
 * per reading, and a phrase is followed only while the trie has a next word, so the cost grows with the
 * text, not with the word lists. Within a kind, a longer cue covering a shorter one wins
 * («محاولة اغتيال» over «اغتيال»); cues of different kinds may overlap (a visit is a move and a sighting).
 */
export function findCues(lex: LanguageLexicon, words: readonly string[], endsInTa?: Uint8Array): Cue[] {
  // «ة» and «ه» fold to one letter: a phrase written with one does not match a word written with the other
  const spelled = (s: CueSense, last: number) => !endsInTa || !s.ends || (s.ends === 'ta') === (endsInTa[last] === 1);
  const found: Cue[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const r of readings(lex, words[i])) {
      let frontier: Node[] = [];
      step(lex.root, r.form, frontier);
      for (let j = i; frontier.length > 0;) {
        for (const n of frontier)
          for (const s of n.senses) if (spelled(s, j)) found.push({ ...s, first: i, end: j + 1, future: r.future, prefix: r.prefix });
        j++;
        if (j >= words.length) break;
        const next: Node[] = [];
        // «الحرب النفسية» is «حرب نفسية»: a later word may carry the article where the lexicon has none
        const bare = lex.proclitics.length && words[j].startsWith('ال') && words[j].length > 3 ? words[j].slice(2) : undefined;
        for (const n of frontier)
          if (n.next.size > 0 || n.stems) {
            step(n, words[j], next);
            if (bare) step(n, bare, next);
          }
        frontier = next;
      }
    }
  }
  found.sort((a, b) => a.first - b.first || b.end - a.end || Number(b.kind === 'idiom') - Number(a.kind === 'idiom'));
  const kept: Cue[] = [];
  for (const c of found) {
    let covered = false;
    // a cover starts at or before c and phrases are short: look back a few cues only
    for (let k = kept.length - 1; k >= 0 && kept[k].first > c.first - 8 && !covered; k--) {
      const o = kept[k];
      covered =
        shields(o, c) && o.first <= c.first && o.end >= c.end && (o.end - o.first > c.end - c.first || o.group === c.group || o.kind === 'idiom');
    }
    if (!covered) kept.push(c);
  }
  return kept;
}

/**
 * Which longer cue hides which shorter one inside it: the same kind; a "not harm" phrase its harm word
 * ("arrest warrant"); an assurance its harm and negation words («بازداشت نشده», "not hurt"); a harm verb a
 * movement word in it («به قتل رسید» is not «رسید» "arrived"); a denial its negator («لا صحة»); an idiom
 * everything. A sighting and a movement of the same length both stand (a visit is both).
 */
function shields(outer: CueSense, inner: CueSense): boolean {
  if (outer.kind === inner.kind || outer.kind === 'idiom') return true;
  switch (outer.kind) {
    case 'notHarm':
      return inner.kind === 'harm';
    case 'assurance':
      return inner.kind === 'harm' || inner.kind === 'negation';
    case 'harm':
      return inner.kind === 'movement';
    case 'denial':
      return inner.kind === 'negation';
    default:
      return false;
  }
}
