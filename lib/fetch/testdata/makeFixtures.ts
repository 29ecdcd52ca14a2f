/**
 * Writes the byte-exact feed fixtures in this folder (run: npx tsx lib/fetch/testdata/makeFixtures.ts).
 * The files are committed; this script says how their bytes were made, since an editor would silently
 * re-encode a windows-1256 or UTF-16 file. The Arabic text was written for the project.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const here = dirname(fileURLToPath(import.meta.url));
const write = (name: string, bytes: Buffer | string) => writeFileSync(join(here, name), bytes);

export const ARABIC_TITLE = 'قيس الخزعلي يلتقي وفداً عشائرياً في بغداد';
export const ARABIC_TEXT = 'أكد الأمين العام لعصائب أهل الحق أن «الحوار» هو الطريق الوحيد، وفق بيان صدر اليوم.';

const rss = (prolog: string, title = ARABIC_TITLE, text = ARABIC_TEXT) =>
  `${prolog}<rss version="2.0"><channel><title>أخبار العراق</title><link>https://news.example/</link>
<item><title>${title}</title><link>https://news.example/a/1</link><guid>news-1</guid>
<description>&lt;p&gt;${text}&lt;/p&gt;</description><pubDate>Wed, 01 May 2024 10:00:00 +0300</pubDate></item>
<item><title>مقتدى الصدر يدعو إلى التهدئة</title><link>https://news.example/a/2</link><guid>news-2</guid>
<description>نص الخبر الثاني.</description><pubDate>Wed, 01 May 2024 11:00:00 +0300</pubDate></item>
</channel></rss>
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  write('windows-1256-prolog.xml', iconv.encode(rss('<?xml version="1.0" encoding="windows-1256"?>\n'), 'windows-1256'));
  write('windows-1256-no-prolog.xml', iconv.encode(rss(''), 'windows-1256'));
  write('windows-1256-meta-only.html', iconv.encode(`<html><head><meta charset="windows-1256"><title>x</title></head><body><p>${ARABIC_TEXT}</p></body></html>`, 'windows-1256'));
  write('utf8-incorrect-prolog.xml', Buffer.from(rss('<?xml version="1.0" encoding="windows-1256"?>\n'), 'utf8'));
  write('utf16le-bom.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(rss('<?xml version="1.0" encoding="UTF-16"?>\n'), 'utf-16le')]));
  write('utf16be-bom.xml', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(rss('<?xml version="1.0" encoding="UTF-16"?>\n'), 'utf-16be')]));
  const good = Buffer.from(rss('<?xml version="1.0" encoding="utf-8"?>\n'), 'utf8');
  // a stray 0xFF and a truncated two-byte sequence (0xD8 without its continuation) in the first title
  const at = good.indexOf(Buffer.from(ARABIC_TITLE, 'utf8')) + 4;
  write('utf8-invalid-bytes.xml', Buffer.concat([good.subarray(0, at), Buffer.from([0xff, 0xd8]), good.subarray(at)]));
  write(
    'nul-and-controls.xml',
    Buffer.from(rss('<?xml version="1.0" encoding="utf-8"?>\n', `عنوان\u0000 مع\u0007 محارف\u001b تحكم`, `نص\u0000\u0000 فيه\u0008 أصفار`), 'utf8'),
  );
}
