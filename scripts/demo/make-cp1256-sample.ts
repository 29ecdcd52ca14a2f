/**
 * Writes iraq-news-cp1256.xml: an RSS feed in windows-1256 (as some Arabic sites still serve), declared in
 * its XML prolog. Kept as the committed bytes; run again only to change its text:
 *   npx tsx scripts/demo/make-cp1256-sample.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

const xml = `<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0">
  <channel>
    <title>أخبار العراق (ترميز windows-1256)</title>
    <link>http://iraqnews.example/</link>
    <description>عينة بترميز عربي قديم كتبت لعرض رقيب التجريبي</description>
    <item>
      <title>مصدر مقرب من الخزعلي: الشيخ قيس على قيد الحياة ويمارس نشاطه</title>
      <link>http://iraqnews.example/story/77</link>
      <guid>in-77</guid>
      <pubDate>Tue, 24 Nov 2026 09:30:00 +0300</pubDate>
      <description>قال مصدر مقرب من الأمين العام لعصائب أهل الحق إن الشيخ قيس الخزعلي على قيد الحياة ويمارس نشاطه بشكل طبيعي، نافياً ما تناقلته مواقع التواصل عن مقتله.</description>
    </item>
    <item>
      <title>وزارة الكهرباء تعلن خطة صيانة صيفية</title>
      <link>http://iraqnews.example/story/78</link>
      <guid>in-78</guid>
      <pubDate>Tue, 24 Nov 2026 10:00:00 +0300</pubDate>
      <description>أعلنت وزارة الكهرباء خطة لصيانة المحطات قبل الصيف المقبل.</description>
    </item>
  </channel>
</rss>
`;

const out = join(dirname(fileURLToPath(import.meta.url)), 'iraq-news-cp1256.xml');
writeFileSync(out, iconv.encode(xml, 'windows-1256'));
process.stdout.write(`wrote ${out}\n`);
