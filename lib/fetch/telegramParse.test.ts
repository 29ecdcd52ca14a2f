import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channelFromUrl, parseCount, parsePostId, parseTelegramPreview } from './telegramParse.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/telegram/${name}`, import.meta.url), 'utf8');
const URL_S = 'https://t.me/s/sabereen_demo';

describe('parseTelegramPreview on the newest page', () => {
  const page = parseTelegramPreview(fixture('channel.html'), URL_S);
  const post = (n: number) => {
    const p = page.posts.find((x) => x.id === n);
    if (!p) throw new Error(`post ${n} missing`);
    return p;
  };

  it('reads the channel, the posts in page order and the link to older posts', () => {
    expect(page.isPreview).toBe(true);
    expect(page.channel).toBe('sabereen_demo');
    expect(page.posts.map((p) => p.id)).toEqual([101, 102, 103, 104, 105, 106]);
    expect(page.beforeId).toBe(101);
  });

  it('keys each post on data-post and links it permanently', () => {
    expect(post(101).guid).toBe('sabereen_demo/101');
    expect(post(101).link).toBe('https://t.me/sabereen_demo/101');
    expect(post(101).publishedAt).toBe('2026-11-20T08:15:00.000Z');
  });

  it('keeps emoji, writes <br> as newline, and puts a link URL after text that does not show it', () => {
    expect(post(101).text).toBe(
      'مكتب الشيخ قيس الخزعلي ينفي الأنباء المتداولة عن تعرضه لوعكة صحية، ويؤكد أنه بصحة جيدة ويمارس مهامه بشكل طبيعي. ✅\n' +
        'التفاصيل على الموقع: اضغط هنا (https://example.org/news/4412)',
    );
    // a link whose text is its URL is not repeated
    expect(post(105).text).toBe('كلمة مصورة لسماحة السيد مقتدى الصدر 🎥\nرابط مباشر: https://example.org/v/77');
  });

  it('keeps hashtags readable without their search URLs, and leaves out the link-preview card', () => {
    expect(post(106).text).toBe('🔴 عاجل | الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي يصل إلى بغداد قادماً من طهران.\n\n#عاجل #قيس_الخزعلي');
    expect(post(106).media).toEqual(['photo']);
    expect(post(106).photoCount).toBe(2);
  });

  it('reads who a post was forwarded from', () => {
    expect(post(102).forwardedFrom).toBe('مراسل الميدان');
    expect(post(101).forwardedFrom).toBeNull();
  });

  it('expands view counters', () => {
    expect(post(101).views).toBe(12_500);
    expect(post(102).views).toBe(3_400_000);
    expect(post(103).views).toBe(905);
    expect(post(105).views).toBe(1204);
  });

  it('flags a media-only post with empty text', () => {
    expect(post(103).text).toBe('');
    expect(post(103).media).toEqual(['photo']);
  });

  it('flags video, and does not take a reply quote for the post text', () => {
    expect(post(105).media).toEqual(['video']);
    expect(post(105).videoCount).toBe(1);
    expect(post(105).isReply).toBe(true);
    expect(post(105).text).not.toContain('ينفي');
  });

  it('reads the "edited" label only where Telegram puts it', () => {
    expect(post(104).edited).toBe(true);
    expect(page.posts.filter((p) => p.edited).map((p) => p.id)).toEqual([104]);
  });
});

describe('parseTelegramPreview on other pages', () => {
  it('reads an older page (?before=) whose only paging link points to newer posts', () => {
    const page = parseTelegramPreview(fixture('channel_before_101.html'), `${URL_S}?before=101`);
    expect(page.posts.map((p) => p.id)).toEqual([97, 98, 99, 100]);
    expect(page.beforeId).toBeNull();
    expect(page.posts[1].media).toEqual(['document']);
    expect(page.posts[3].forwardedFrom).toBe('حساب مخفي');
  });

  it('tells a landing page (no preview) from a preview', () => {
    const page = parseTelegramPreview(fixture('landing.html'), 'https://t.me/sabereen_demo');
    expect(page.isPreview).toBe(false);
    expect(page.posts).toEqual([]);
    expect(page.channel).toBe('sabereen_demo');
  });

  it('returns nothing from an empty or unrelated document rather than throwing', () => {
    expect(parseTelegramPreview('', URL_S)).toMatchObject({ isPreview: false, posts: [], beforeId: null });
    expect(parseTelegramPreview('<html><body><p>hello</p></body></html>', 'http://127.0.0.1/x').channel).toBeNull();
  });

  it('skips service messages and posts with a malformed data-post', () => {
    const html = `<section class="tgme_channel_history">
      <div class="tgme_widget_message service_message" data-post="demo_chan/5"><div class="tgme_widget_message_text">Channel photo updated</div></div>
      <div class="tgme_widget_message" data-post="demo_chan/x6"><div class="tgme_widget_message_text">bad</div></div>
      <div class="tgme_widget_message" data-post="demo_chan/7"><div class="tgme_widget_message_text">ok</div></div></section>`;
    const page = parseTelegramPreview(html, 'https://t.me/s/demo_chan');
    expect(page.posts.map((p) => p.guid)).toEqual(['demo_chan/7']);
    expect(page.posts[0].views).toBeNull();
    expect(page.posts[0].publishedAt).toBeNull();
  });
});

describe('parseCount', () => {
  it.each([
    ['1.2K', 1200],
    ['3.4M', 3_400_000],
    ['8.67M', 8_670_000],
    ['826', 826],
    ['1,204', 1204],
    ['2B', 2_000_000_000],
  ])('%s → %d', (raw, n) => expect(parseCount(raw)).toBe(n));
  it('gives null for text that is not a counter', () => {
    expect(parseCount('')).toBeNull();
    expect(parseCount('views')).toBeNull();
  });
});

describe('channelFromUrl', () => {
  it('reads /s/<channel> and /<channel>', () => {
    expect(channelFromUrl('https://t.me/s/sabereen_demo?before=10')).toBe('sabereen_demo');
    expect(channelFromUrl('https://t.me/sabereen_demo')).toBe('sabereen_demo');
    expect(channelFromUrl('https://t.me/')).toBeNull();
  });
});

describe('parseTelegramPreview: polls, every media kind, and post ids that must be refused', () => {
  const page = parseTelegramPreview(fixture('media-kinds.html'), URL_S);
  const post = (n: number) => page.posts.find((x) => x.id === n);

  it('keeps only this channel’s posts with a positive integer id, case-insensitively, and says why the others went', () => {
    expect(page.posts.map((p) => p.guid)).toEqual([
      'sabereen_demo/110',
      'sabereen_demo/111',
      'sabereen_demo/112',
      'sabereen_demo/113',
      'sabereen_demo/114',
      'sabereen_demo/115',
      'SABEREEN_DEMO/119',
    ]);
    expect(page.rejected).toEqual([
      'data-post "sabereen_demo/99999999999999999999999": the post id is not a positive integer of at most 15 digits',
      'data-post "sabereen_demo/0": the post id is not a positive integer of at most 15 digits',
      'data-post "sabereen_demo/-5": the post id is not a positive integer of at most 15 digits',
      'data-post "other_channel/118" belongs to another channel than sabereen_demo',
    ]);
  });

  it('a poll’s question and options are the post’s text, one per line', () => {
    expect(post(110)?.text).toBe('هل تصدق رواية مكتب قيس الخزعلي عن وجوده في قم؟\nنعم\nلا، الصور من كربلاء');
    expect(post(110)?.media).toEqual(['poll']);
  });

  it('names every kind of media', () => {
    expect([111, 112, 113, 114, 115].map((n) => [n, post(n)?.media, post(n)?.text])).toEqual([
      [111, ['sticker'], ''],
      [112, ['round_video'], ''],
      [113, ['voice'], 'تسجيل صوتي لأبو فدك المحمداوي'],
      [114, ['document'], 'نص البيان كاملاً'],
      [115, ['album', 'photo', 'video'], 'صور من مراسم كربلاء اليوم'],
    ]);
    expect(post(115)?.photoCount).toBe(2);
  });

  it('keeps a post’s own text as written, line break included', () => {
    expect(post(119)?.text).toBe('\u200c \u200fاسم القناة بأحرف كبيرة \u200c\nالسطر الثاني');
  });

  it('reads the post id guard as a pure function', () => {
    expect(parsePostId('1')).toBe(1);
    expect(parsePostId('999999999999999')).toBe(999_999_999_999_999);
    for (const bad of ['0', '-1', '1.5', '1e3', '9999999999999999', '99999999999999999999999', '', ' 1', '٣'])
      expect(parsePostId(bad), bad).toBeNull();
  });

  it('a single post’s page URL names its channel', () => {
    expect(channelFromUrl('https://t.me/sabereen_demo/110')).toBe('sabereen_demo');
    expect(channelFromUrl('https://t.me/s/sabereen_demo/110')).toBe('sabereen_demo');
  });
});
