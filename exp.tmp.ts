import { readFileSync } from 'node:fs';
import { WordScanner } from './lib/text/wordScanner.ts';
import { compileMatcher, findEntities } from './lib/text/matchFigures.ts';
const sentences = readFileSync('../shared/bench/ar-persons.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text as string);
const whole = Array(6).fill(sentences.join('\n')).join('\n');
const bytes = Buffer.byteLength(whole) / 1e6;
function t(name: string, f: () => number) { let best = 1e9, r = 0; for (let i = 0; i < 4; i++) { const c = process.cpuUsage(); r = f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / 1000); } console.log(name, (bytes / (best / 1000)).toFixed(1), 'MB/s', r); }
t('charCodeAt sum', () => { let s = 0; for (let i = 0; i < whole.length; i++) s += whole.charCodeAt(i); return s; });
const sc = new WordScanner();
t('scan noop', () => { let n = 0; sc.scan(whole, { word() { n++; } }); return n; });
const names = new Set<string>(); for (const l of readFileSync('../shared/bench/ar-persons.jsonl', 'utf8').split('\n').filter(Boolean)) for (const p of JSON.parse(l).persons) names.add(p.text);
const m1 = compileMatcher([...names].map((n, i) => ({ id: 'p' + i, aliases: [n] })));
t('realistic 2.2K person names', () => findEntities(m1, whole).length);
const grams: string[] = []; for (const s of sentences) { const w = s.split(/\s+/); for (let i = 0; i + 1 < w.length; i += 7) grams.push(w[i] + ' ' + w[i + 1]); }
const m2 = compileMatcher(Array.from({ length: 5000 }, (_, e) => ({ id: 'e' + e, aliases: grams.slice(e * 10, e * 10 + 10) })));
t('50K ngrams', () => findEntities(m2, whole).length);
