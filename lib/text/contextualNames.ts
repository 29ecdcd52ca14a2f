import { compileMatcher, findEntities, type EntityMatch, type Matcher } from './compileMatcher.ts';
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
  familyNames?: readonly string[];
  context?: readonly string[];
}

type Rule = { kind: 'honorific'; alone: boolean } | { kind: 'kin'; of: string } | { kind: 'family' };

/**
 * Short forms that name a figure only in context, compiled once per watchlist: an honorific with his given
 * name («الشيخ قيس», "Sayyid Muqtada"), a kinship phrase once his relative is named ("his brother Laith"), a
 * family name too common to count alone («العامري»); the words that show a text is about him; and his
 * Arabic-script names, for Sorani endings glued to them («ئەبو فەدەکی»).
 */
export interface ContextualNames {
  short: Matcher;
  rules: ReadonlyMap<string, Rule>;
  context: Matcher;
  /** figure → figures sharing a context word (the same organisation) */
  related: ReadonlyMap<string, ReadonlySet<string>>;
  /** folded Arabic-script names → figure and alias, with the most words any has */
  folded: ReadonlyMap<string, { id: string; alias: string }>;
  maxWords: number;
}

const ruleKey = (id: string, alias: string) => `${id}\u0000${alias}`;

export function compileContextualNames(figures: readonly ContextualFigure[]): ContextualNames | undefined {
  const rules = new Map<string, Rule>();
  const short = figures.map((f) => {
    const aliases: string[] = [];
    for (const h of f.honorifics ?? [])
      for (const g of [...(f.givenNames ?? []), ...(f.familyNames ?? [])]) {
        const a = `${h} ${g}`;
        aliases.push(a);
        rules.set(ruleKey(f.id, a), { kind: 'honorific', alone: f.honorificAlone ?? false });
      }
    for (const k of f.kin ?? [])
      for (const w of k.words)
        for (const g of f.givenNames ?? []) {
          const a = `${w} ${g}`;
          aliases.push(a);
          rules.set(ruleKey(f.id, a), { kind: 'kin', of: k.of });
        }
    for (const s of f.familyNames ?? []) rules.set(ruleKey(f.id, s), { kind: 'family' });
    return { id: f.id, aliases, surnames: [...(f.familyNames ?? [])] };
  });
  const withContext = figures.filter((f) => f.context?.length);
  if (rules.size === 0 && withContext.length === 0 && !figures.some((f) => f.aliases.some(isArabicScript))) return undefined;
  const foldedContext = new Map(figures.map((f) => [f.id, new Set((f.context ?? []).map((c) => normalizeArabic(c).text))]));
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
  return {
    short: compileMatcher(short.filter((e) => e.aliases.length || e.surnames.length)),
    rules,
    context: compileMatcher(withContext.map((f) => ({ id: f.id, aliases: [...f.context!] }))),
    related,
    folded,
    maxWords,
  };
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
 * The mentions of `found` plus the short forms that count here: an honorific with a given name where the
 * text is about him and no other surname follows («الشيخ قيس» yes, «الشيخ قيس الجبوري» no); a kinship phrase
 * once that relative is named; a family name where the text is about him. In a Sorani text, his names with
 * an ending glued on. Spans stay UTF-16 offsets of the original text; the result is in text order.
 */
export function withContextualNames(cn: ContextualNames, text: string, found: readonly EntityMatch[]): EntityMatch[] {
  const out = [...found];
  const overlaps = (m: { start: number; end: number }) => out.some((x) => x.start < m.end && x.end > m.start);
  if (SORANI.test(text)) for (const m of soraniSuffixed(cn, text)) if (!overlaps(m)) out.push(m);
  const named = new Set(out.map((m) => m.id));
  const contextFound = new Set(findEntities(cn.context, text).map((m) => m.id));
  const about = (id: string) => named.has(id) || contextFound.has(id) || [...(cn.related.get(id) ?? [])].some((r) => named.has(r));
  const short = findEntities(cn.short, text).map((m) => ({ m, rule: cn.rules.get(ruleKey(m.id, m.alias)) }));
  // honorific and family forms first: «الشيخ قيس ... أخوي ليث» names Qais, then Laith through him
  for (const pass of ['honorific', 'family', 'kin'] as const) {
    for (const { m, rule } of short) {
      if (rule?.kind !== pass || overlaps(m)) continue;
      const counts =
        rule.kind === 'kin'
          ? named.has(rule.of)
          : rule.kind === 'honorific'
            ? (rule.alone || about(m.id)) && !anotherSurnameAfter(text, m.end)
            : about(m.id);
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
