import type { Place, PlaceInput } from '../../config/placesSchema.ts';
import type { Lang } from '../text/detectLanguage.ts';
import { compileMatcher, findEntities, type Matcher } from '../text/matchFigures.ts';
import { normalizeArabic } from '../text/normalizeArabic.ts';
import type { Lexicon } from './lexicon.ts';

/** A gazetteer place named in a text; start/end are UTF-16 offsets into the original text. */
export interface PlaceMention {
  /** the place, or for a district, suburb or shrine inside a city, the city («الجادرية» → baghdad) */
  placeId: string;
  start: number;
  end: number;
  text: string;
  /** city | shrine | country | region, when the gazetteer says (of the city for a district) */
  kind?: Place['kind'];
  /** the district's own id when placeId is its city's */
  districtId?: string;
}

/** A compiled gazetteer: the matcher plus each place's kind and city. */
export interface PlaceMatcher {
  matcher: Matcher;
  kinds: ReadonlyMap<string, Place['kind']>;
  /** countries none of whose Arabic aliases carries the article: «السورية» is then the adjective "Syrian" */
  noArticle?: ReadonlySet<string>;
  /** district id → the city it is reported as */
  parents?: ReadonlyMap<string, string>;
  /** one-word aliases, folded: what a word is once a Sorani ending is cut off («لە بەغدادا») */
  oneWord?: ReadonlyMap<string, string>;
  /** aliases matched only in texts of one language («قوم» is Qom in Sorani only) */
  byLang?: ReadonlyMap<string, Matcher>;
  /** places never written with «ال» («المشهد» is not Mashhad) */
  noArticleEver?: ReadonlySet<string>;
  /** folded alias → the place whose alias spells it with these marks («عمّان» Amman, not «عمان» Oman) */
  marked?: ReadonlyMap<string, { id: string; marks: string }>;
}

const TASHKEEL = /[\u064b-\u065f\u0670]/gu;

const ARTICLE = /^[وفبلك]?(?:ال|لل)/u;
// «السورية», «العراقية»: an article and a feminine ending make the nisba adjective, not the country
const NISBA = /^[وفبلك]?(?:ال|لل)\S*(?:ية|يه)$/u;

/** Places go through the same matcher as figures: the same folding, proclitics (بالنجف، وطهران) and word edges. */
export function compilePlaces(places: readonly PlaceInput[]): PlaceMatcher {
  const oneWord = new Map<string, string>();
  const marked = new Map<string, { id: string; marks: string }>();
  const langEntries = new Map<string, { id: string; aliases: string[] }[]>();
  for (const p of places) {
    for (const [lang, aliases] of Object.entries(p.langAliases ?? {}))
      if (aliases?.length) (langEntries.get(lang) ?? langEntries.set(lang, []).get(lang)!).push({ id: p.id, aliases });
    for (const a of [...p.aliases, ...Object.values(p.langAliases ?? {}).flat()]) {
      const folded = normalizeArabic(a).text;
      const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length === 1 && words[0].length >= 3 && !oneWord.has(words[0])) oneWord.set(words[0], p.id);
      const marks = (a.match(TASHKEEL) ?? []).join('');
      if (marks) marked.set(folded, { id: p.id, marks });
    }
  }
  return {
    matcher: compileMatcher(places.map((p) => ({ id: p.id, aliases: p.aliases }))),
    kinds: new Map(places.map((p) => [p.id, p.kind])),
    noArticle: new Set(places.filter((p) => p.kind === 'country' && !p.aliases.some((a) => ARTICLE.test(a))).map((p) => p.id)),
    parents: new Map(places.filter((p) => p.parent).map((p) => [p.id, p.parent!])),
    oneWord,
    byLang: new Map([...langEntries].map(([lang, entries]) => [lang, compileMatcher(entries)])),
    noArticleEver: new Set(places.filter((p) => p.noArticle).map((p) => p.id)),
    marked,
  };
}

/**
 * Places named in a text, districts reported as their city. Accepts a bare `compileMatcher` result too (then
 * kinds are unknown and countries count as places). With the text's language and the word lists, a Sorani
 * name with a preposition or an ending glued on («لەبەغدا», «لە قومدا») is found too.
 */
export function matchPlaces(pm: PlaceMatcher | Matcher, text: string, lang?: Lang, lexicon?: Lexicon): PlaceMention[] {
  const { matcher, kinds, noArticle, parents, oneWord, byLang, noArticleEver, marked }: PlaceMatcher =
    'matcher' in pm ? pm : { matcher: pm, kinds: new Map<string, Place['kind']>() };
  const own = lang ? byLang?.get(lang) : undefined;
  const entities = findEntities(matcher, text);
  if (own) for (const e of findEntities(own, text)) if (!entities.some((x) => x.start < e.end && x.end > e.start)) entities.push(e);
  const named = entities
    // "the Iraqi-Syrian border" («الحدود العراقية السورية») names no place
    .filter((e) => !(noArticle?.has(e.id) && NISBA.test(e.text)))
    .filter((e) => !(noArticleEver?.has(e.id) && ARTICLE.test(e.text)))
    .map((e) => ({ id: spelledAs(marked, e.id, e.text), start: e.start, end: e.end, text: e.text }))
    .filter((e): e is { id: string; start: number; end: number; text: string } => e.id !== undefined);
  const suffixes = lang === 'ckb' ? lexicon?.byLang.get('ckb')?.placeSuffixes : undefined;
  if (suffixes && oneWord) named.push(...withGluedAffixes(text, named, oneWord, suffixes));
  named.sort((a, b) => a.start - b.start);
  return named.map((e) => {
    const city = parents?.get(e.id);
    const placeId = city ?? e.id;
    const kind = kinds.get(placeId);
    return { placeId, start: e.start, end: e.end, text: e.text, ...(kind ? { kind } : {}), ...(city ? { districtId: e.id } : {}) };
  });
}

/**
 * «عمّان» with its shadda is Amman, «عمان» without is Oman: where a marked alias and another place fold to one
 * form, the marks in the text pick one of them (`undefined` drops the other reading).
 */
function spelledAs(marked: PlaceMatcher['marked'], id: string, text: string): string | undefined {
  const m = marked?.get(normalizeArabic(text).text);
  if (!m) return id;
  const hasMarks = (text.match(TASHKEEL) ?? []).join('') === m.marks;
  if (m.id === id) return hasMarks ? id : undefined;
  return hasMarks ? undefined : id;
}

/** Sorani prepositions written joined to the next word: «لەبەغدا», «بۆتاران». */
const SORANI_PREFIXES = ['', 'له', 'بو', 'به', 'وله'];

/** Words the matcher could not read as a place because of a Sorani affix, read without it. */
function withGluedAffixes(
  text: string,
  named: readonly { start: number; end: number }[],
  oneWord: ReadonlyMap<string, string>,
  suffixes: readonly string[],
): { id: string; start: number; end: number; text: string }[] {
  const nt = normalizeArabic(text);
  const out: { id: string; start: number; end: number; text: string }[] = [];
  const taken = (s: number, e: number) => named.some((n) => n.start < e && n.end > s);
  for (const m of nt.text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    found: for (const pre of SORANI_PREFIXES) {
      if (!w.startsWith(pre)) continue;
      for (const suf of ['', ...suffixes]) {
        if (pre === '' && suf === '') continue;
        if (!w.endsWith(suf) || w.length - pre.length - suf.length < 3) continue;
        const core = w.slice(pre.length, w.length - suf.length);
        const id = oneWord.get(core);
        if (!id) continue;
        const from = m.index + pre.length;
        const to = m.index + w.length - suf.length;
        const start = nt.start[from];
        const end = nt.end[to - 1];
        if (!taken(start, end)) out.push({ id, start, end, text: text.slice(start, end) });
        break found;
      }
    }
  }
  return out;
}
