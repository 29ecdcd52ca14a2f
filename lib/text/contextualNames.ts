import type { EntityMatch, MatchEntry } from './compileMatcher.ts';
import { normalizeArabic } from './normalizeArabic.ts';

/** The watchlist fields the contextual pass reads (config/watchlistSchema.ts documents them). */
export interface ContextualFigure {
  id: string;
  aliases: readonly string[];
  surnames?: readonly string[];
  givenNames?: readonly string[];
  honorifics?: readonly string[];
  honorificAlone?: boolean;
  kin?: readonly { of: string; words: readonly string[] }[];
  kunyas?: readonly string[];
  familyNames?: readonly string[];
  context?: readonly string[];
}

/**
 * How a short form counts: a given name after one of his honorifics or kin words (checked in the text before
 * it), or a family name where the text is about him.
 */
type Rule = { kind: 'given' | 'family'; honorifics: ReadonlySet<string>; alone: boolean; kin: ReadonlyMap<string, string> };

/**
 * What the contextual pass needs besides the matcher: which short form follows which rule, which figures
 * share a context word (the same organisation), and the Arabic-script names for Sorani endings.
 */
export interface ContextualNames {
  rules: ReadonlyMap<string, Rule>;
  /** figure → figures sharing a context word */
  related: ReadonlyMap<string, ReadonlySet<string>>;
  /** folded Arabic-script names → figure and alias, with the most words any has */
  folded: ReadonlyMap<string, { id: string; alias: string }>;
  maxWords: number;
}

/**
 * Entries the name matcher finds in the same pass as the full names, told apart by their id: a short form
 * (a given name «قيس», "Laith"; a family name «العامري») is `SHORT + figure id`, a context word («العصائب»,
 * "Badr") `CONTEXT + figure id`. One scan per text finds all of them; a full name is longer and wins where
 * both start («قيس الخزعلي»), and spans stay on the name, not the honorific before it.
 */
const SHORT = '\u0001s:';
const CONTEXT = '\u0001c:';

const ruleKey = (id: string, alias: string) => `${id}\u0000${alias}`;
const fold = (s: string) => normalizeArabic(s).text.trim();

/** A kunya with a family name («أبو حسن العامري», "Abu Hassan al-Amiri") counts anywhere, like any alias. */
export function fullNameForms(f: ContextualFigure): string[] {
  return (f.kunyas ?? []).flatMap((k) => (f.familyNames ?? []).map((s) => `${k} ${s}`));
}

/** Matcher entries for the short forms and context words, and the rules that decide them. */
export function contextualEntries(figures: readonly ContextualFigure[]): { entries: MatchEntry[]; names: ContextualNames } {
  const rules = new Map<string, Rule>();
  const entries: MatchEntry[] = [];
  for (const f of figures) {
    const kin = new Map<string, string>();
    for (const k of f.kin ?? []) for (const w of k.words) kin.set(fold(w), k.of);
    const given: Rule = { kind: 'given', honorifics: new Set((f.honorifics ?? []).map(fold)), alone: f.honorificAlone ?? false, kin };
    for (const g of f.givenNames ?? []) rules.set(ruleKey(f.id, g), given);
    for (const s of f.familyNames ?? []) rules.set(ruleKey(f.id, s), { ...given, kind: 'family' });
    if (f.givenNames?.length || f.familyNames?.length)
      entries.push({ id: SHORT + f.id, aliases: [...(f.givenNames ?? [])], surnames: [...(f.familyNames ?? [])] });
    if (f.context?.length) entries.push({ id: CONTEXT + f.id, aliases: [...f.context] });
  }
  const foldedContext = new Map(figures.map((f) => [f.id, new Set((f.context ?? []).map(fold))]));
  const related = new Map<string, Set<string>>();
  for (const a of figures)
    for (const b of figures)
      if (a.id !== b.id && [...foldedContext.get(a.id)!].some((c) => foldedContext.get(b.id)!.has(c)))
        (related.get(a.id) ?? related.set(a.id, new Set()).get(a.id)!).add(b.id);
  const folded = new Map<string, { id: string; alias: string }>();
  let maxWords = 1;
  for (const f of figures)
    for (const a of [...f.aliases, ...(f.surnames ?? [])].filter(isArabicScript)) {
      const words = foldedWords(a);
      if (words.length === 0 || folded.has(words.join(' '))) continue;
      folded.set(words.join(' '), { id: f.id, alias: a });
      maxWords = Math.max(maxWords, words.length);
    }
  return { entries, names: { rules, related, folded, maxWords } };
}

function isArabicScript(s: string): boolean {
  return /[\u0600-\u06ff]/u.test(s);
}

function foldedWords(s: string): string[] {
  return normalizeArabic(s)
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The figures a text names, from everything the matcher found in it: full names as they are, and the short
 * forms that count here: an honorific with a given or family name where the text is about him (or anywhere,
 * for `honorificAlone`) and no other surname follows («الشيخ قيس» yes, «الشيخ قيس الجبوري» no); a kinship
 * phrase once that relative is named; a family name where the text is about him. In a Sorani text, his names
 * with an ending glued on. Spans stay UTF-16 offsets of the original text; the result is in text order.
 */
export function withContextualNames(cn: ContextualNames, text: string, found: readonly EntityMatch[], sorani?: boolean): EntityMatch[] {
  const mayBeSorani = sorani ?? SORANI.test(text);
  // most texts hold full names only, or none: nothing to decide
  if (!mayBeSorani && !found.some((m) => m.id.charCodeAt(0) === 1)) return found as EntityMatch[];
  const out: EntityMatch[] = [];
  const short: EntityMatch[] = [];
  const contextFound = new Set<string>();
  for (const m of found) {
    if (m.id.startsWith(SHORT)) short.push({ ...m, id: m.id.slice(SHORT.length) });
    else if (m.id.startsWith(CONTEXT)) contextFound.add(m.id.slice(CONTEXT.length));
    else out.push(m);
  }
  const overlaps = (m: { start: number; end: number }) => out.some((x) => x.start < m.end && x.end > m.start);
  const plain = out.length;
  if (mayBeSorani) for (const m of soraniSuffixed(cn, text)) if (!overlaps(m)) out.push(m);
  if (short.length === 0) return out.length === plain ? out : out.sort((a, b) => a.start - b.start);
  const named = new Set(out.map((m) => m.id));
  const about = (id: string) => named.has(id) || contextFound.has(id) || [...(cn.related.get(id) ?? [])].some((r) => named.has(r));
  // honorifics and family names first: «الشيخ قيس ... أخوي ليث» names Qais, then Laith through him
  for (const pass of ['honorific', 'family', 'kin'] as const) {
    for (const m of short) {
      const rule = cn.rules.get(ruleKey(m.id, m.alias));
      if (!rule || overlaps(m)) continue;
      let counts = false;
      const before = wordsBefore(text, m.start);
      // «الشيخ قيس», «الحجي العامري»: his honorific before his given or family name
      const honorific = [1, 2, 3].some((n) => rule.honorifics.has(before.slice(-n).join(' ')));
      const of = rule.kin.get(before.slice(-1).join(' ')) ?? rule.kin.get(before.slice(-2).join(' '));
      if (pass === 'honorific' && honorific) counts = (rule.alone || about(m.id)) && !anotherSurnameAfter(text, m.end);
      else if (pass === 'family' && !honorific && rule.kind === 'family') counts = about(m.id);
      else if (pass === 'kin' && !honorific && rule.kind === 'given' && of) counts = named.has(of);
      if (!counts) continue;
      out.push(m);
      named.add(m.id);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

// Sorani writes letters that Arabic and Persian do not
const SORANI = /[\u06d5\u06ce\u06c6\u0695\u06b5]/u;
/** Endings glued to a name in Sorani (folded): izafe «ی», «یش» (also), «ە», «ەوە», «دا», «یان», «ەکەی». */
const SORANI_ENDINGS = ['ي', 'يش', 'ش', 'ه', 'هوه', 'دا', 'يان', 'هكهي'];

/** A figure's Arabic-script name with a Sorani ending on its last word («ئەبو فەدەکی» → «ئەبو فەدەک»). */
function soraniSuffixed(cn: ContextualNames, text: string): EntityMatch[] {
  const nt = normalizeArabic(text);
  const words = [...nt.text.matchAll(/[\p{L}\p{N}]+/gu)];
  const out: EntityMatch[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(cn.maxWords, words.length - i); n >= 1; n--) {
      const last = words[i + n - 1];
      const head = words.slice(i, i + n - 1).map((w) => w[0]);
      const hit = SORANI_ENDINGS.map((e) => (last[0].endsWith(e) && last[0].length - e.length >= 3 ? last[0].slice(0, -e.length) : undefined))
        .filter((core): core is string => !!core)
        .map((core) => ({ core, entry: cn.folded.get([...head, core].join(' ')) }))
        .find((x) => x.entry);
      if (!hit?.entry) continue;
      const start = nt.start[words[i].index];
      const end = nt.end[last.index + hit.core.length - 1];
      out.push({ id: hit.entry.id, start, end, text: text.slice(start, end), alias: hit.entry.alias });
      i += n - 1;
      break;
    }
  }
  return out;
}

/** The folded words just before a position, a proclitic «و»/«ف» taken off the last («والشيخ» → «الشيخ»). */
function wordsBefore(text: string, start: number): string[] {
  const words = normalizeArabic(text.slice(Math.max(0, start - 40), start))
    .text.split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length && /^[وف]ال/u.test(words[words.length - 1])) words[words.length - 1] = words[words.length - 1].slice(1);
  return words.slice(-3);
}

/** Words after a name that are not a surname though they carry the article («الذي», «اليوم»). */
const NOT_SURNAMES = new Set(['الذي', 'التي', 'اليوم', 'الامين', 'الان', 'الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعه', 'السبت', 'الاحد']);

/** «الشيخ قيس الجبوري», "Sheikh Qais al-Jubouri": another man's surname follows the given name. */
function anotherSurnameAfter(text: string, end: number): boolean {
  const next = /^[\s\u200c]*([^\s.,،:;؛!?؟«»"()]+)/u.exec(text.slice(end, end + 40))?.[1];
  if (!next) return false;
  const w = normalizeArabic(next).text;
  if (/^(?:al|el)$/u.test(w) || /^(?:al|el)-/iu.test(next)) return true;
  return /^[وف]?ال/u.test(w) && w.length > 4 && !NOT_SURNAMES.has(w.replace(/^[وف]/u, ''));
}
