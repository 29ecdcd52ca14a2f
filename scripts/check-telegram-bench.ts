/**
 * Compares parseTelegramPreview with the independently derived `*.expected.json` beside each real t.me page in
 * ../shared/bench/telegram (see its README). Prints every mismatch and a per-field tally; exits 1 on any.
 * Run: npx tsx scripts/check-telegram-bench.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTelegramPreview } from '../lib/fetch/telegramParse.ts';

interface ExpectedPost {
  data_post: string;
  id: number;
  datetime: string | null;
  date_link: string | null;
  text_first80: string;
  text_norm_first80: string;
  text_length: number;
  views: number | null;
  has_photo: boolean;
  photo_count: number;
  has_video: boolean;
  video_count: number;
  forwarded_from: string | null;
  has_document: boolean;
  has_voice: boolean;
  is_reply: boolean;
  is_service: boolean;
}
interface Expected {
  file: string;
  kind: string;
  post_count: number;
  before: number | null;
  posts: ExpectedPost[];
}

const DIR = '../shared/bench/telegram';
if (!existsSync(DIR)) {
  console.log('skipped: ../shared/bench not found');
  process.exit(0);
}

const firstCodePoints = (s: string, n: number) => Array.from(s).slice(0, n).join('');
const tally = new Map<string, { ok: number; bad: number }>();
let mismatches = 0;
function check(file: string, field: string, got: unknown, want: unknown): void {
  const t = tally.get(field) ?? { ok: 0, bad: 0 };
  tally.set(field, t);
  if (JSON.stringify(got) === JSON.stringify(want)) {
    t.ok++;
    return;
  }
  t.bad++;
  mismatches++;
  console.log(`${file} ${field}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
}

for (const name of readdirSync(DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()) {
  const exp = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Expected;
  const html = readFileSync(join(DIR, exp.file), 'utf8');
  // the expected texts are plain (no URLs appended), so compare with link expansion off
  const page = parseTelegramPreview(html, 'https://t.me/s/x', { expandLinks: false });
  const tag = exp.file.replace(/\.html$/, '');
  check(tag, 'isPreview', page.isPreview, exp.kind === 'channel_preview');
  check(tag, 'post_count', page.posts.length, exp.posts.filter((p) => !p.is_service).length);
  check(tag, 'before', page.beforeId, exp.before);
  const byGuid = new Map(page.posts.map((p) => [p.guid, p]));
  for (const e of exp.posts.filter((p) => !p.is_service)) {
    const p = byGuid.get(e.data_post);
    const at = `${tag}#${e.id}`;
    if (!p) {
      check(at, 'present', false, true);
      continue;
    }
    check(at, 'id', p.id, e.id);
    check(at, 'datetime', p.publishedAt, e.datetime ? new Date(e.datetime).toISOString() : null);
    if (e.date_link) check(at, 'link', p.link, e.date_link);
    const norm = p.text.replace(/\s+/g, ' ');
    check(at, 'text_norm_first80', firstCodePoints(norm, 80), e.text_norm_first80);
    // pretty-printed pages carry layout newlines in text nodes; only pages saved as served compare raw
    if (!exp.file.startsWith('rust-any2feed')) {
      check(at, 'text_first80', firstCodePoints(p.text, 80), e.text_first80);
    }
    // the expected length counts code points of the whitespace-collapsed text
    check(at, 'text_length', Array.from(norm.trim()).length, e.text_length);
    check(at, 'views', p.views, e.views);
    check(at, 'photo_count', p.photoCount, e.photo_count);
    check(at, 'video_count', p.videoCount, e.video_count);
    check(at, 'has_document', p.media.includes('document'), e.has_document);
    check(at, 'has_voice', p.media.includes('audio'), e.has_voice);
    check(at, 'forwarded_from', p.forwardedFrom, e.forwarded_from);
    check(at, 'is_reply', p.isReply, e.is_reply);
  }
}

for (const [field, t] of tally) console.log(`${field.padEnd(18)} ok ${String(t.ok).padStart(4)}  mismatch ${t.bad}`);
console.log(mismatches === 0 ? 'all fields match' : `${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);
