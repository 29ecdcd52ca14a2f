import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extractArticle.ts';
import { toDate as readDate } from './feedDate.ts';

const toDate = (s: string | null) => readDate(s, { now: new Date('2026-11-21T00:00:00Z') });

const fixture = (name: string) => readFileSync(new URL(`./testdata/html/${name}`, import.meta.url), 'utf8');

describe('extractArticle', () => {
  const a = extractArticle(fixture('khazali-baghdad.html'), 'https://news.example/news/2026/11/khazali-baghdad.html');

  it('keeps the article paragraphs as paragraphs', () => {
    expect(a.method).toBe('readability');
    const paras = a.text.split('\n\n');
    expect(paras.some((p) => p.startsWith('وصل الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي'))).toBe(true);
    expect(a.text).toContain('وهو ما نفاه مكتبه في حينه.');
    expect(paras.length).toBeGreaterThanOrEqual(3);
  });

  it('leaves out navigation, ads, related links, comments, scripts and the footer', () => {
    for (const noise of ['الرئيسية', 'إعلان', 'أخبار ذات صلة', 'عطلة رسمية', 'التعليقات', 'جميع الحقوق', 'banner-1', 'display: block'])
      expect(a.text).not.toContain(noise);
  });

  it('reads the title, language and published time', () => {
    expect(a.title).toContain('الخزعلي يصل إلى بغداد');
    expect(a.lang).toBe('ar');
    expect(a.publishedAt?.toISOString()).toBe('2026-11-20T10:30:00.000Z');
  });

  it('falls back to the page body for a page too short for Readability', () => {
    const short = extractArticle(
      '<html><head><title>بيان</title></head><body><nav>القائمة</nav><main><h1>بيان مقتضب</h1><p>نفى المكتب الخبر.</p></main><footer>حقوق</footer></body></html>',
      'https://news.example/x',
    );
    expect(short.text).toContain('نفى المكتب الخبر.');
    expect(short.text).not.toContain('القائمة');
    expect(short.text).not.toContain('حقوق');
  });

  it('returns empty text for an empty page rather than throwing', () => {
    expect(extractArticle('', 'https://news.example/').text).toBe('');
  });
});

describe('article dates (feedDate.toDate)', () => {
  it('reads ISO, RFC 2822 and Arabic-Indic digits', () => {
    expect(toDate('2026-11-20T10:30:00Z')?.toISOString()).toBe('2026-11-20T10:30:00.000Z');
    expect(toDate('Fri, 20 Nov 2026 10:30:00 GMT')?.toISOString()).toBe('2026-11-20T10:30:00.000Z');
    expect(toDate('٢٠٢٦-١١-٢٠T10:30:00Z')?.toISOString()).toBe('2026-11-20T10:30:00.000Z');
  });
  it('gives null for garbage and absurd years', () => {
    expect(toDate('أمس')).toBeNull();
    expect(toDate('1970-01-01T00:00:00Z')).toBeNull();
    expect(toDate('9999-01-01')).toBeNull();
    expect(toDate(null)).toBeNull();
  });
});
