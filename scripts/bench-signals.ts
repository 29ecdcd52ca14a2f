/**
 * Precision and recall per statement signal, beside the keyword baseline, and figure-mention precision,
 * recall and F1 per language, on the labelled sets of lib/statements/testdata/ (see its README):
 *
 *   npx tsx scripts/bench-signals.ts                 the older sets and the v3 dev split
 *   npx tsx scripts/bench-signals.ts --split dev     the v3 dev split only
 *   npx tsx scripts/bench-signals.ts --split old     the older sets only
 *   npx tsx scripts/bench-signals.ts --split test    the v3 test split only (the lead scores it, once per round)
 *   add --errors to list the errors of the split(s) printed (never of test)
 *
 * Also prints the statement layer's milliseconds per text (places and signals; figures are matched before).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaces } from '../config/placesSchema.ts';
import { loadLexicon } from '../config/statements/lexiconSchema.ts';
import { loadWatchlist } from '../config/watchlistSchema.ts';
import { evaluateSignalSet, parseLabelledSet, splitOf, type Evaluation } from '../lib/statements/evaluateSignalSet.ts';
import { compileLexicon } from '../lib/statements/lexicon.ts';
import { compilePlaces } from '../lib/statements/matchPlaces.ts';
import { f1, SIGNAL_TYPES, type LabelledText } from '../lib/statements/scoreSignals.ts';
import { compileWatchlist } from '../lib/text/matchFigures.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testdata = join(root, 'lib/statements/testdata');
const args = process.argv.slice(2);
const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'default';
if (!['default', 'dev', 'old', 'test'].includes(splitArg)) {
  console.error(`bench-signals: --split must be dev, old or test (got "${splitArg}")`);
  process.exit(2);
}
const showErrors = args.includes('--errors') && splitArg !== 'test';

const figures = compileWatchlist(loadWatchlist(join(root, 'config/watchlist.yaml')));
const places = compilePlaces(loadPlaces(join(root, 'config/places.yaml')));
const lexicon = compileLexicon(loadLexicon(join(root, 'config/statements')));

const read = (file: string): LabelledText[] => parseLabelledSet(readFileSync(file, 'utf8'), file);
const pct = (x: number) => x.toFixed(2).padStart(5);

function table(title: string, gold: readonly LabelledText[]): Evaluation {
  const r = evaluateSignalSet(gold, figures, places, lexicon);
  console.log(`\n${title} (${gold.length} texts, ${r.msPerText.toFixed(2)} ms per text)`);
  console.log('type          gold  | classifier P    R   | keyword baseline P    R');
  for (const t of SIGNAL_TYPES) {
    const c = r.classifier.byType[t];
    const b = r.baseline.byType[t];
    console.log(
      `${t.padEnd(12)} ${String(c.tp + c.fn).padStart(5)}  |        ${pct(c.precision)} ${pct(c.recall)}  |             ${pct(b.precision)} ${pct(b.recall)}`,
    );
  }
  const p = r.classifier.places;
  console.log(`places       ${String(p.tp + p.fn).padStart(5)}  |        ${pct(p.precision)} ${pct(p.recall)}  |`);
  const langs = Object.keys(r.mentions.byLang).sort();
  if (langs.length) {
    console.log('figure mentions (sets per text)   P     R     F1');
    for (const [name, s] of [['all', r.mentions.all] as const, ...langs.map((l) => [l, r.mentions.byLang[l]] as const)])
      console.log(`  ${name.padEnd(6)} ${String(s.tp + s.fn).padStart(5)} gold             ${pct(s.precision)} ${pct(s.recall)} ${pct(f1(s))}`);
  }
  return r;
}

function errors(gold: readonly LabelledText[], r: Evaluation): void {
  const byId = new Map(gold.map((g) => [g.id, g]));
  for (const e of r.classifier.errors) {
    const g = byId.get(e.id);
    console.log(`${e.id} [${g?.kind ?? ''}]: missed [${e.missed.join('; ')}] spurious [${e.spurious.join('; ')}] ${g?.text}`);
  }
  for (const e of r.mentions.errors)
    console.log(`${e.id} figures: missed [${e.missed.join(', ')}] spurious [${e.spurious.join(', ')}] ${byId.get(e.id)?.text}`);
}

const v3 = join(testdata, 'v3');
if (splitArg === 'test') {
  const file = join(v3, 'test.jsonl');
  if (!existsSync(file)) throw new Error(`${file}: not there yet`);
  table('v3 test', read(file));
} else {
  if (splitArg !== 'dev') {
    const gold = read(join(testdata, 'signals.jsonl'));
    const r = table('signals.jsonl, all (tuned on in every split)', gold);
    for (const split of ['tuning', 'held-out', 'final'] as const)
      table(
        `signals.jsonl, ${split}`,
        gold.filter((g) => splitOf(g) === split),
      );
    const held = read(join(testdata, 'signals-heldout-2.jsonl'));
    const h = table('signals-heldout-2.jsonl', held);
    if (showErrors) {
      errors(gold, r);
      errors(held, h);
    }
  }
  if (splitArg !== 'old') {
    const file = join(v3, 'dev.jsonl');
    if (!existsSync(file)) console.log(`\n(v3 dev: ${file} is not there yet)`);
    else {
      const dev = read(file);
      const r = table('v3 dev', dev);
      for (const l of [...new Set(dev.map((g) => g.lang))].sort())
        table(
          `v3 dev, ${l}`,
          dev.filter((g) => g.lang === l),
        );
      if (showErrors) errors(dev, r);
    }
  }
}
console.log(
  '\ngoal (issue 12): debunk P>=0.9 R>=0.8; harm_claim P>=0.85 R>=0.8; whereabouts P>=0.9 R>=0.8; appearance P>=0.85 R>=0.8; mentions F1>=0.97',
);
