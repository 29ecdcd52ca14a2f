import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detectLanguage.ts';

describe('detectLanguage', () => {
  it.each([
    // Modern Standard and dialectal Arabic are arb
    ['نفى مكتب الشيخ قيس الخزعلي في طهران أنباء مقتله', 'arb'],
    ['أعلنت الحكومة العراقية اليوم عن إجراءات جديدة لمكافحة الفساد في المؤسسات العامة.', 'arb'],
    ['شكو ماكو اليوم؟ اكو جماعة بالباب', 'arb'], // Iraqi
    ['شو بدك تعمل هلق؟ ما في شي', 'arb'], // Levantine
    ['مسلسل مترجم', 'arb'],
    // Persian, including Arabic loans and text quoting Arabic names
    ['قیس خزعلی، دبیرکل عصائب اهل الحق، گفت که آمریکا باید عراق را ترک کند.', 'pes'],
    ['من به مدرسه می‌روم.', 'pes'],
    ['نام هر دو ابن فهد است.', 'pes'],
    ['سپاه پاسداران', 'pes'],
    // Arabic-script Sorani (franc alone says Persian)
    ['سەرۆکی هەرێمی کوردستان ئەمڕۆ سەردانی بەغدای کرد', 'ckb'],
    ['ئەو پیاوە لە هەولێر دەژی', 'ckb'],
    ['باوک: ئیحسان', 'ckb'],
    // Urdu
    ['وزیر اعظم نے آج پارلیمنٹ سے خطاب کیا اور کہا کہ ملک ترقی کرے گا۔', 'urd'],
    ['کیا کوئی اصولی اختلاف تھا؟', 'urd'],
    // English, including short lines franc calls Scots or French
    ['Laith al-Khazali met Muhammad al-Tabatabai in Baghdad.', 'eng'],
    ['Breaking news', 'eng'],
    ['He said no.', 'eng'],
    ['TV', 'eng'],
    // Turkish shows itself by its letters
    ['Irak Başbakanı bugün Ankara’ya geldi ve görüşmeler yaptı.', 'tur'],
    // und when it cannot tell
    ['', 'und'],
    ['   ', 'und'],
    ['12345 678', 'und'],
    ['٢٠٢٤', 'und'],
    ['🔥🔥🔥', 'und'],
    ['ا', 'und'],
    ['!!!', 'und'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('decides a long article on its start without reading it all', () => {
    const article = 'قال رئيس الوزراء العراقي إن الحكومة ماضية في الإصلاحات. '.repeat(20_000);
    expect(detectLanguage(article)).toBe('arb');
  });

  it('an Arabic line with an English word is still Arabic', () => {
    expect(detectLanguage('الساعة الآن 01:45 PM.')).toBe('arb');
  });
});
