/**
 * Language ID quality on ../shared/bench/langid.jsonl: per-language precision and recall, franc alone
 * (restricted to arb/pes/ckb/urd/eng, its raw labels) beside detectLanguage, plus throughput of both.
 * Gold acm/apc (Iraqi, Levantine) count as arb. Run: npx tsx scripts/bench-langid.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { franc } from 'franc';
import { detectLanguage } from '../lib/text/detectLanguage.ts';

const FILE = new URL('../../shared/bench/langid.jsonl', import.meta.url).pathname;
if (!existsSync(FILE)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}

interface Line {
  id: string;
  text: string;
  lang: string;
}
const lines: Line[] = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Line);
const gold = (l: Line) => (l.lang === 'acm' || l.lang === 'apc' ? 'arb' : l.lang);
const LABELS = ['arb', 'pes', 'ckb', 'urd', 'eng'];

function score(name: string, predict: (t: string) => string): void {
  const t0 = performance.now();
  const predicted = lines.map((l) => predict(l.text));
  const ms = performance.now() - t0;
  let correct = 0;
  const rows: string[] = [];
  for (const lang of LABELS) {
    let tp = 0,
      fp = 0,
      fn = 0;
    lines.forEach((l, i) => {
      const g = gold(l) === lang,
        p = predicted[i] === lang;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    });
    correct += tp;
    const p = tp / (tp + fp || 1),
      r = tp / (tp + fn || 1);
    rows.push(
      `  ${lang}  P ${(p * 100).toFixed(1).padStart(5)}  R ${(r * 100).toFixed(1).padStart(5)}  F1 ${(((2 * p * r) / (p + r || 1)) * 100).toFixed(1).padStart(5)}  (gold ${tp + fn})`,
    );
  }
  const others = new Map<string, number>();
  predicted.forEach((p) => {
    if (!LABELS.includes(p)) others.set(p, (others.get(p) ?? 0) + 1);
  });
  console.log(
    `${name}: accuracy ${((correct / lines.length) * 100).toFixed(1)}% of ${lines.length} lines, ${(lines.length / (ms / 1000)).toFixed(0)} lines/s`,
  );
  console.log(rows.join('\n'));
  console.log(`  other labels: ${[...others].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  const short = lines.map((l, i) => ({ l, p: predicted[i] })).filter(({ l }) => l.text.length < 40);
  const shortOk = short.filter(({ l, p }) => p === gold(l)).length;
  console.log(`  lines under 40 chars: ${((shortOk / short.length) * 100).toFixed(1)}% of ${short.length}`);
  return;
}

score('franc alone (only arb/pes/ckb/urd/eng, raw labels)', (t) => franc(t, { only: ['arb', 'pes', 'ckb', 'urd', 'eng'] }));
score('detectLanguage', detectLanguage);

if (process.argv.includes('--errors')) {
  for (const l of lines) {
    const p = detectLanguage(l.text);
    if (p !== gold(l)) console.log(`${gold(l)} -> ${p}\t${l.text.slice(0, 100)}`);
  }
}
