/**
 * Mention quality on real annotated Arabic news (../shared/bench/ar-persons.jsonl, ANERcorp PERSON spans):
 * a watchlist is built from the gold names, then every sentence is matched and the spans are scored against
 * the gold, beside the naive baseline (plain substring search of each alias) in the same run.
 *
 * Watchlist: one entity per distinct name, after (1) folding spelling (hamza forms, ى/ي, tashkeel) so
 * «أسامة بن لادن» and «اسامة بن لادن» are one entity with two aliases, and (2) dropping a one-letter proclitic
 * the source glued to the name («وبلير», «لاسامة بن لادن») when the bare name is also a gold name. Scores:
 *  - exact: same start and end;
 *  - clitic-lenient: exact, or the gold span is the prediction plus one proclitic letter (ANERcorp tags whole
 *    tokens, so gold spans carry و/ب/ل/ف/ك that the matcher leaves out on purpose);
 *  - overlap: the spans share at least one character (one-to-one).
 * Run: npx tsx scripts/bench-match-quality.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { compileMatcher, findEntities, type MatchEntry } from '../lib/text/matchFigures.ts';
import { foldText } from '../lib/text/normalizeArabic.ts';

const FILE = new URL('../../shared/bench/ar-persons.jsonl', import.meta.url).pathname;
if (!existsSync(FILE)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}

interface Span {
  start: number;
  end: number;
}
interface Sentence {
  id: string;
  text: string;
  persons: (Span & { text: string })[];
}
const sentences: Sentence[] = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Sentence);

const PROCLITICS = new Set(['و', 'ب', 'ل', 'ف', 'ك']);
const goldNames = new Set(sentences.flatMap((s) => s.persons.map((p) => p.text)));
const foldedGold = new Set([...goldNames].map(foldText));
const groups = new Map<string, Set<string>>();
for (const name of goldNames) {
  let alias = name;
  const bare = name.slice(1);
  if (PROCLITICS.has(name[0]) && bare.length >= 3 && foldedGold.has(foldText(bare))) alias = bare;
  const key = foldText(alias);
  let g = groups.get(key);
  if (!g) groups.set(key, (g = new Set()));
  g.add(alias);
}
const entries: MatchEntry[] = [...groups.values()].map((aliases, i) => ({ id: `p${i}`, aliases: [...aliases] }));
const allAliases = entries.flatMap((e) => e.aliases);

function naiveFind(text: string): Span[] {
  const out: Span[] = [];
  for (const a of allAliases) for (let i = text.indexOf(a); i >= 0; i = text.indexOf(a, i + 1)) out.push({ start: i, end: i + a.length });
  return out;
}

const t0 = performance.now();
const matcher = compileMatcher(entries);
const buildMs = performance.now() - t0;
const matcherFind = (text: string): Span[] => findEntities(matcher, text);

type Rule = (p: Span, g: Span, text: string) => boolean;
const exact: Rule = (p, g) => p.start === g.start && p.end === g.end;
const cliticLenient: Rule = (p, g, text) => exact(p, g, text) || (p.end === g.end && g.start === p.start - 1 && PROCLITICS.has(text[g.start]));
const overlap: Rule = (p, g) => p.start < g.end && g.start < p.end;

function score(name: string, find: (t: string) => Span[]): void {
  const t = performance.now();
  const predictions = sentences.map((s) => find(s.text));
  const ms = performance.now() - t;
  const rows: string[] = [];
  for (const [ruleName, rule] of [
    ['exact', exact],
    ['clitic-lenient', cliticLenient],
    ['overlap', overlap],
  ] as const) {
    let tp = 0,
      predicted = 0,
      gold = 0;
    sentences.forEach((s, i) => {
      // spans naming the same place count once (two entities sharing an alias are one prediction)
      const preds = [...new Map(predictions[i].map((p) => [`${p.start}:${p.end}`, p])).values()];
      predicted += preds.length;
      gold += s.persons.length;
      const used = new Set<number>();
      for (const g of s.persons) {
        const k = preds.findIndex((p, j) => !used.has(j) && rule(p, g, s.text));
        if (k >= 0) {
          used.add(k);
          tp++;
        }
      }
    });
    const p = tp / (predicted || 1),
      r = tp / (gold || 1);
    rows.push(
      `  ${ruleName.padEnd(15)} P ${(p * 100).toFixed(1).padStart(5)}  R ${(r * 100).toFixed(1).padStart(5)}  F1 ${(((2 * p * r) / (p + r || 1)) * 100).toFixed(1).padStart(5)}  (${tp} of ${gold} gold, ${predicted} predicted)`,
    );
  }
  console.log(`${name}: ${ms.toFixed(0)} ms for ${sentences.length} sentences`);
  console.log(rows.join('\n'));
}

console.log(
  `${sentences.length} sentences, ${goldNames.size} distinct gold names → ${entries.length} entities, ${allAliases.length} aliases; matcher built in ${buildMs.toFixed(0)} ms`,
);
score('naive substring search of each alias', naiveFind);
score('findEntities (word-level, folded, clitics)', matcherFind);

// what the false positives are: mostly words ANERcorp tagged as PERS once and not elsewhere (رئيس, الله)
const falsePositives = new Map<string, number>();
for (const s of sentences) {
  for (const p of findEntities(matcher, s.text)) {
    if (!s.persons.some((g) => overlap(p, g, s.text))) falsePositives.set(p.text, (falsePositives.get(p.text) ?? 0) + 1);
  }
}
const top = [...falsePositives].sort((a, b) => b[1] - a[1]).slice(0, 12);
console.log(`most frequent unannotated matches: ${top.map(([t, n]) => `${t} ${n}`).join(', ')}`);
