/**
 * Source throughput on this machine, each figure beside a baseline measured in the same run:
 *  1. Telegram preview parsing: posts per second through parseTelegramPreview, on the project's fixtures and
 *     (when ../shared/bench/telegram exists) the real saved t.me pages; baseline: cheerio's load() of the same
 *     pages alone, the floor any DOM-based parser pays.
 *  2. Rendering through Chromium (lib/fetch/browser.ts): pages per minute for a JS-built listing served from
 *     127.0.0.1, with the memory of the browser process tree and of node; baseline: the same page fetched
 *     over plain HTTP with fetchUrl.
 * Run: npx tsx scripts/bench-sources.ts [--seconds 3] [--renders 24]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { browserProcessIds, closeBrowser, configureBrowser, renderPage } from '../lib/fetch/browser.ts';
import { fetchUrl } from '../lib/fetch/http.ts';
import { parseTelegramPreview } from '../lib/fetch/telegramParse.ts';
import { startLocalServer } from '../test/helpers/httpServer.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SECONDS = arg('seconds', 3);
const RENDERS = arg('renders', 24);

interface PageSet {
  label: string;
  pages: Array<{ html: string; url: string }>;
}

function pageSets(): PageSet[] {
  const own = new URL('../lib/fetch/testdata/telegram/', import.meta.url);
  const sets: PageSet[] = [
    {
      label: 'project fixtures',
      pages: ['channel.html', 'channel_before_101.html', 'channel_later.html'].map((f) => ({
        html: readFileSync(new URL(f, own), 'utf8'),
        url: 'https://t.me/s/sabereen_demo',
      })),
    },
  ];
  const real = '../shared/bench/telegram';
  if (existsSync(real)) {
    const files = readdirSync(real).filter((f) => f.endsWith('.html') && !f.includes('landing') && !f.includes('nonexistent'));
    sets.push({
      label: 'real t.me pages (../shared/bench)',
      pages: files.map((f) => ({ html: readFileSync(join(real, f), 'utf8'), url: 'https://t.me/s/x' })),
    });
  } else {
    console.log('real Telegram pages skipped: ../shared/bench not found');
  }
  return sets;
}

/** Runs `fn` over and over for about `seconds`; returns calls per second and the units it counted. */
function timeLoop(seconds: number, fn: () => number): { perSecond: number; unitsPerSecond: number } {
  for (let i = 0; i < 3; i++) fn(); // warm the JIT
  let calls = 0;
  let units = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    units += fn();
    calls++;
    now = process.hrtime.bigint();
  }
  const s = Number(now - start) / 1e9;
  return { perSecond: calls / s, unitsPerSecond: units / s };
}

function benchTelegram(): void {
  console.log('\n== Telegram preview parsing (one core) ==');
  for (const set of pageSets()) {
    const bytes = set.pages.reduce((s, p) => s + Buffer.byteLength(p.html), 0);
    const postsPerRound = set.pages.reduce((s, p) => s + parseTelegramPreview(p.html, p.url).posts.length, 0);
    const ours = timeLoop(SECONDS, () => set.pages.reduce((s, p) => s + parseTelegramPreview(p.html, p.url).posts.length, 0));
    const base = timeLoop(SECONDS, () => set.pages.reduce((s, p) => s + load(p.html)('.tgme_widget_message[data-post]').length, 0));
    const mbps = (ours.perSecond * bytes) / 1e6;
    console.log(`${set.label}: ${set.pages.length} pages, ${postsPerRound} posts, ${(bytes / 1024).toFixed(0)} KiB per round`);
    console.log(
      `  parseTelegramPreview : ${ours.unitsPerSecond.toFixed(0).padStart(7)} posts/s  (${(ours.perSecond * set.pages.length).toFixed(0)} pages/s, ${mbps.toFixed(1)} MB/s of HTML)`,
    );
    console.log(`  baseline cheerio load: ${base.unitsPerSecond.toFixed(0).padStart(7)} posts/s  (DOM parse + one selector, no extraction)`);
    console.log(`  ratio ours/baseline  : ${(ours.unitsPerSecond / base.unitsPerSecond).toFixed(2)}`);
  }
}

/** Resident memory of a process in KiB: PSS when the kernel offers it (shared pages counted once across the tree), else RSS. */
function memKiB(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (m) return Number(m[1]);
  } catch {
    // fall through to status
  }
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function benchRender(): Promise<void> {
  console.log('\n== Rendering through Chromium vs plain HTTP ==');
  if (!existsSync(process.env.RAQIB_CHROMIUM ?? '/usr/bin/chromium')) {
    console.log('skipped: Chromium not found');
    return;
  }
  const listing = readFileSync(new URL('../lib/fetch/testdata/html/listing-js.html', import.meta.url));
  const server = await startLocalServer({
    '/js/latest': (_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(listing);
    },
  });
  const limits = { timeoutMs: 15_000, maxBytes: 5 << 20, maxRedirects: 3, userAgent: 'RaqibBot/bench', allow: [server.hostPort] };
  const url = `${server.origin}/js/latest`;
  try {
    // baseline: the same page over plain HTTP, sequentially
    const httpN = 200;
    let t = Date.now();
    for (let i = 0; i < httpN; i++) await fetchUrl(url, limits);
    const httpPerMin = (httpN / ((Date.now() - t) / 1000)) * 60;

    configureBrowser({ maxPages: 2 });
    t = Date.now();
    await renderPage(url, { ...limits, waitForSelector: 'li.js-item' });
    const coldMs = Date.now() - t;
    let peakBrowserKiB = 0;
    let peakNodeKiB = 0;
    const sample = () => {
      const kib = browserProcessIds().reduce((s, pid) => s + memKiB(pid), 0);
      peakBrowserKiB = Math.max(peakBrowserKiB, kib);
      peakNodeKiB = Math.max(peakNodeKiB, Math.round(process.memoryUsage().rss / 1024));
    };
    const sampler = setInterval(sample, 200);
    t = Date.now();
    let done = 0;
    // as many renders in flight as the page cap allows, like a worker with several jobs
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        while (done < RENDERS) {
          done++;
          const r = await renderPage(url, { ...limits, waitForSelector: 'li.js-item' });
          if (!r.html.includes('js-item')) throw new Error('render lost the JS-built list');
        }
      }),
    );
    const warmS = (Date.now() - t) / 1000;
    sample();
    clearInterval(sampler);
    const renderPerMin = (RENDERS / warmS) * 60;
    console.log(`cold start (launch + first render): ${coldMs} ms`);
    console.log(`Chromium render, 2 pages at once : ${renderPerMin.toFixed(0).padStart(6)} pages/min (${RENDERS} renders in ${warmS.toFixed(1)} s)`);
    console.log(`baseline plain HTTP fetchUrl      : ${httpPerMin.toFixed(0).padStart(6)} pages/min (${httpN} sequential fetches)`);
    console.log(
      `ratio render/plain HTTP           : ${(renderPerMin / httpPerMin).toFixed(4)} (plain HTTP is ${(httpPerMin / renderPerMin).toFixed(0)}x faster)`,
    );
    console.log(
      `peak memory: browser tree ${(peakBrowserKiB / 1024).toFixed(0)} MiB (PSS over ${browserProcessIds().length} processes), node ${(peakNodeKiB / 1024).toFixed(0)} MiB RSS`,
    );
  } finally {
    await closeBrowser();
    await server.close();
  }
}

benchTelegram();
await benchRender();
