/**
 * Fetch-path speed on this machine, each figure beside a baseline measured in the same run:
 *  1. parse: our parseFeed (decode + DTD neutralising + rss-parser + our item mapping + htmlToText)
 *     against rss-parser's own parseString with its own item mapping on the same UTF-8 text;
 *  2. http: fetchUrl (SSRF lookup, deadline, size cap, hashing) against a bare http.get reading the
 *     body, both from a server on 127.0.0.1;
 *  3. decode: windows-1256 bytes of the real Arabic text in ../shared/bench/windows-1256 through decodeBody
 *     against a direct iconv-lite decode (skipped when ../shared/bench is absent).
 * Run: npx tsx scripts/bench-fetch.ts   (about 20 s)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { decodeBody } from '../lib/fetch/encoding.ts';
import { fetchUrl } from '../lib/fetch/http.ts';
import { parseFeed } from '../lib/fetch/rss.ts';
import { startLocalServer } from '../test/helpers/httpServer.ts';

const ITEMS = 500;
const paragraph = 'أكد الأمين العام لعصائب أهل الحق قيس الخزعلي أن «الحوار» هو الطريق الوحيد لحل الأزمة، وفق بيان صدر اليوم في بغداد. ';
const feedText =
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title><link>https://news.example/</link>` +
  Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item><title>خبر رقم ${i} عن الخزعلي</title><link>https://news.example/a/${i}</link><guid>g-${i}</guid>` +
      `<pubDate>Wed, 01 May 2024 10:${String(i % 60).padStart(2, '0')}:00 +0300</pubDate>` +
      `<description><![CDATA[<p>${paragraph.repeat(3)}</p><p>${paragraph}</p>]]></description></item>`,
  ).join('') +
  '</channel></rss>';
const feedBytes = Buffer.from(feedText, 'utf8');

async function timeFor(label: string, seconds: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await fn();
    runs++;
  }
  const perSec = runs / ((performance.now() - start) / 1000);
  process.stdout.write(`  ${label.padEnd(44)} ${perSec.toFixed(1).padStart(8)} runs/s\n`);
  return perSec;
}

const limits = { maxItems: ITEMS, maxItemChars: 100_000 };
const mb = feedBytes.length / 1024 / 1024;

process.stdout.write(`parse: ${ITEMS}-item Arabic RSS, ${mb.toFixed(2)} MB\n`);
const ours = await timeFor('parseFeed (ours)', 5, () => parseFeed(feedBytes, 'application/rss+xml', 'https://news.example/rss', limits));
const theirs = await timeFor('rss-parser parseString (baseline)', 5, () => new Parser().parseString(feedText));
process.stdout.write(
  `  ours: ${(ours * ITEMS).toFixed(0)} items/s, ${(ours * mb).toFixed(1)} MB/s; baseline ${(theirs * ITEMS).toFixed(0)} items/s; ratio ours/baseline ${(ours / theirs).toFixed(2)}\n\n`,
);

const server = await startLocalServer({
  '/feed': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': feedBytes.length });
    res.end(feedBytes);
  },
});
process.stdout.write(`http: GET of the same ${mb.toFixed(2)} MB body from 127.0.0.1\n`);
const opts = { timeoutMs: 10_000, maxBytes: 16 * 1024 * 1024, maxRedirects: 3, userAgent: 'RaqibBot/bench', allow: [server.hostPort] };
const guarded = await timeFor('fetchUrl (guard, deadline, cap, sha256)', 5, () => fetchUrl(`${server.origin}/feed`, opts));
const bare = await timeFor(
  'http.get reading the body (baseline)',
  5,
  () =>
    new Promise<void>((resolve, reject) => {
      get(`${server.origin}/feed`, { agent: false }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve());
      }).on('error', reject);
    }),
);
process.stdout.write(`  ours ${guarded.toFixed(0)} req/s vs bare ${bare.toFixed(0)} req/s; ratio ${(guarded / bare).toFixed(2)}\n\n`);
await server.close();

const bench = new URL('../../shared/bench/windows-1256/', import.meta.url);
if (!existsSync(bench)) {
  process.stdout.write('decode: skipped: ../shared/bench not found\n');
} else {
  const files = readdirSync(bench).filter((f) => f.endsWith('.txt') || f.endsWith('.html'));
  const bytes = Buffer.concat(files.map((f) => readFileSync(new URL(f, bench))));
  // repeat the real text to a size worth timing
  const big = Buffer.concat(Array.from({ length: Math.ceil((1024 * 1024) / bytes.length) }, () => bytes));
  let correct = 0;
  for (const f of files) {
    const d = decodeBody(readFileSync(new URL(f, bench)));
    if (d.charset === 'windows-1256' && d.text === readFileSync(new URL(`utf8-reference/${f}.utf8`, bench), 'utf8')) correct++;
  }
  process.stdout.write(
    `decode: ${files.length} real windows-1256 files, no declaration: ${correct}/${files.length} decoded exactly like iconv's reference\n`,
  );
  const sniff = await timeFor(`decodeBody, ${(big.length / 1024 / 1024).toFixed(1)} MB (detect + decode)`, 3, async () => decodeBody(big));
  const direct = await timeFor('iconv.decode windows-1256 (baseline)', 3, async () => iconv.decode(big, 'windows-1256'));
  const size = big.length / 1024 / 1024;
  process.stdout.write(
    `  ours ${(sniff * size).toFixed(0)} MB/s vs direct ${(direct * size).toFixed(0)} MB/s; ratio ${(sniff / direct).toFixed(2)}\n`,
  );
}
