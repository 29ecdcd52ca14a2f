import { readFileSync } from 'node:fs';
import { compileMatcher, findEntities } from './lib/text/matchFigures.ts';
const sentences = readFileSync('../shared/bench/ar-persons.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text as string);
const items: string[] = []; for (let r = 0; r < 6; r++) items.push(...sentences);
const bytes = Buffer.byteLength(items.join('\n')) / 1e6;
const grams = new Set<string>(); for (const s of sentences) { const w = s.split(/\s+/).map((x) => x.replace(/[^\p{L}\p{N}]/gu, '')).filter((x) => x.length >= 2); for (let i = 0; i + 1 < w.length; i++) { grams.add(w[i] + ' ' + w[i + 1]); if (i + 2 < w.length) grams.add(w[i] + ' ' + w[i + 1] + ' ' + w[i + 2]); } }
const pool = [...grams]; let seed = 12345; const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
for (let i = pool.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [pool[i], pool[j]] = [pool[j], pool[i]]; }
const m = compileMatcher(Array.from({ length: 5000 }, (_, e) => ({ id: 'e' + e, aliases: pool.slice(e * 10, e * 10 + 10) })));
let best = 1e9, r = 0; for (let i = 0; i < 5; i++) { const c = process.cpuUsage(); r = 0; for (const it of items) r += findEntities(m, it).length; const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / 1000); }
let ref = 1e9; const w = items.join('\n'); for (let i = 0; i < 3; i++) { const c = process.cpuUsage(); let s = 0; for (let j = 0; j < w.length; j++) s += w.charCodeAt(j); const u = process.cpuUsage(c); ref = Math.min(ref, (u.user + u.system) / 1000); if (s < 0) console.log(s); }
console.log((bytes / (best / 1000)).toFixed(1), 'MB/s; ref', (bytes / (ref / 1000)).toFixed(0), r);
