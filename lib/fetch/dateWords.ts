/**
 * Calendar words as outlets in the region write them, for `feedDate.ts`. These are facts of the calendars and
 * languages, not tunable lists, so they live here as typed data rather than in config/. Keys are folded with
 * {@link foldDateWord} (alef, yeh, kaf, heh and teh marbuta unified; tatweel and diacritics gone).
 */

/** Gregorian months 1–12: English, Arabic (Egyptian/Gulf and Levantine/Iraqi names), Persian, Sorani. */
export const GREGORIAN_MONTHS: Record<string, number> = wordsToNumbers([
  ['january jan يناير كانون_الثاني كانون_ثاني ژانویه ژانویهٔ کانوونی_دووەم', 1],
  ['february feb فبراير فبرایر شباط فوریه شوبات', 2],
  ['march mar مارس آذار ئازار', 3],
  ['april apr أبريل ابريل إبريل نيسان آوریل آپریل نیسان', 4],
  ['may مايو أيار ايار مه می ئایار', 5],
  ['june jun يونيو يونيه حزيران ژوئن حوزەیران', 6],
  ['july jul يوليو يوليه تموز ژوئیه جولای تەمموز', 7],
  ['august aug أغسطس اغسطس آب اوت آگوست ئاب', 8],
  ['september sep sept سبتمبر أيلول ايلول سپتامبر ئەیلوول', 9],
  ['october oct أكتوبر اكتوبر تشرين_الأول تشرين_اول اکتبر تشرینی_یەکەم', 10],
  ['november nov نوفمبر تشرين_الثاني تشرين_ثاني نوامبر تشرینی_دووەم', 11],
  ['december dec ديسمبر كانون_الأول كانون_اول دسامبر کانوونی_یەکەم', 12],
]);

/** Solar Hijri (Jalali) months 1–12, as Iranian outlets date their stories. */
export const JALALI_MONTHS: Record<string, number> = wordsToNumbers([
  ['فروردین', 1],
  ['اردیبهشت', 2],
  ['خرداد', 3],
  ['تیر', 4],
  ['مرداد', 5],
  ['شهریور', 6],
  ['مهر', 7],
  ['آبان', 8],
  ['آذر', 9],
  ['دی', 10],
  ['بهمن', 11],
  ['اسفند', 12],
]);

/**
 * Lunar Hijri months. A date in them is left unknown on purpose: the month starts by moon sighting, so the
 * same written date can fall on two or three different Gregorian days depending on the authority.
 */
export const HIJRI_MONTHS: ReadonlySet<string> = new Set(
  [
    'محرم',
    'صفر',
    'ربيع_الأول',
    'ربيع_الاول',
    'ربيع_الثاني',
    'ربيع_الآخر',
    'جمادى_الأولى',
    'جمادى_الاولى',
    'جمادى_الآخرة',
    'جمادى_الثانية',
    'رجب',
    'شعبان',
    'رمضان',
    'شوال',
    'ذو_القعدة',
    'ذو_الحجة',
  ].map(foldDateWord),
);

/** Words that may sit in a date without changing it: weekdays, "at", "o'clock", era marks, "date:". */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  [
    'mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday at on of the',
    'الأحد الاحد الإثنين الاثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت الساعة ساعة التاريخ تاريخ النشر نشر في بتاريخ م',
    'یکشنبه دوشنبه سه‌شنبه سه_شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه شنبه ساعت تاریخ انتشار منتشر_شده',
    'یەکشەممە دووشەممە سێشەممە چوارشەممە پێنجشەممە هەینی شەممە کاتژمێر',
  ]
    .join(' ')
    .split(/\s+/)
    .map(foldDateWord),
);

/** Morning / evening marks after a 12-hour time. */
export const AM_WORDS: ReadonlySet<string> = new Set(['am', 'a.m.', 'ص', 'صباحا', 'صباحاً', 'ق.ظ', 'صبح', 'پ.ن'].map(foldDateWord));
export const PM_WORDS: ReadonlySet<string> = new Set(['pm', 'p.m.', 'مساء', 'مساءً', 'مساءا', 'ظهرا', 'ب.ظ', 'عصر', 'د.ن'].map(foldDateWord));

/** Units of "N units ago", in seconds, by word (singular, plural, Arabic dual as its own entry with count 2). */
export const RELATIVE_UNITS: Record<string, { seconds: number; count?: number }> = Object.fromEntries(
  (
    [
      ['second seconds sec secs ثانية ثوان ثواني ثوانٍ ثانیه چرکە', 1],
      ['minute minutes min mins دقيقة دقائق دقیقه خولەک', 60],
      ['hour hours hr hrs ساعة ساعات ساعت کاتژمێر سەعات', 3600],
      ['day days يوم أيام ايام روز ڕۆژ', 86400],
      ['week weeks أسبوع اسبوع أسابيع اسابيع هفته هەفتە', 7 * 86400],
    ] as const
  )
    .flatMap(([words, seconds]) => words.split(' ').map((w) => [foldDateWord(w), { seconds }] as const))
    .concat(
      [
        ['ثانيتين', 1],
        ['دقيقتين', 60],
        ['ساعتين', 3600],
        ['يومين', 86400],
        ['أسبوعين', 7 * 86400],
        ['اسبوعين', 7 * 86400],
      ].map(([w, seconds]) => [foldDateWord(w as string), { seconds: seconds as number, count: 2 }] as const),
    ),
);

/** "ago" before the amount (Arabic منذ/قبل, Sorani پێش) or after it (English ago, Persian پیش/قبل, Sorani لەمەوبەر). */
export const AGO_BEFORE: ReadonlySet<string> = new Set(['منذ', 'قبل', 'پێش'].map(foldDateWord));
export const AGO_AFTER: ReadonlySet<string> = new Set(['ago', 'پیش', 'قبل', 'لەمەوبەر', 'پێش'].map(foldDateWord));
/** "one"/"a" as the amount: "an hour ago", «یک ساعت پیش», «یەک کاتژمێر». */
export const ONE_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'one', 'یک', 'یه', 'یەک', 'واحد', 'واحدة'].map(foldDateWord));
/** "just now" and the like: the fetch time itself. */
export const NOW_WORDS: ReadonlySet<string> = new Set(
  ['now', 'just_now', 'الآن', 'الان', 'للتو', 'لحظاتی_پیش', 'همین_الان', 'ئێستا'].map(foldDateWord),
);

/**
 * One spelling per word: lowercase, Arabic-script variants unified (أإآ→ا, ى/ي/ی→ي, ك/ک→ك, ة→ه, ۀ→ه),
 * tatweel, diacritics and ZWNJ dropped, spaces as `_` so two-word names are one key.
 */
export function foldDateWord(w: string): string {
  return w
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640\u200C\u200D]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىیي]/g, 'ي')
    .replace(/[کك]/g, 'ك')
    .replace(/[ةۀ]/g, 'ه')
    .replace(/\s+/g, '_');
}

function wordsToNumbers(rows: Array<[string, number]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [words, n] of rows) for (const w of words.split(' ')) out[foldDateWord(w)] = n;
  return out;
}
