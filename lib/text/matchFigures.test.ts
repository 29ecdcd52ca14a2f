import { describe, expect, it } from 'vitest';
import { loadWatchlist } from '../../config/watchlistSchema.ts';
import { compileMatcher, compileWatchlist, findEntities, matchFigures, type Mention } from './matchFigures.ts';

const watchlist = compileWatchlist(loadWatchlist('config/watchlist.yaml'));

/** [figureId, matched text] pairs, after checking every span is an exact slice of the input. */
function found(text: string): [string, string][] {
  const ms = matchFigures(watchlist, text);
  for (const m of ms) expect(text.slice(m.start, m.end)).toBe(m.text);
  return ms.map((m: Mention) => [m.figureId, m.text]);
}

describe('matchFigures on the default watchlist', () => {
  it('the probe lines from the issue', () => {
    expect(found('نفى مكتب الشيخ قيس الخزعلي في طهران أنباء مقتله')).toEqual([['qais-al-khazali', 'قيس الخزعلي']]);
    const p2 = 'Laith al-Khazali met Muhammad al-Tabatabai in Baghdad.';
    const ms = matchFigures(watchlist, p2);
    expect(ms.map((m) => [m.figureId, m.start, m.end])).toEqual([
      ['laith-al-khazali', 0, 16],
      ['muhammad-al-tabatabai', 21, 42],
    ]);
  });

  it.each([
    // Arabic spellings and forms
    ['قال قيس الخزعلي إن', 'قيس الخزعلي'],
    ['قال قيس هادي الخزعلي إن', 'قيس هادي الخزعلي'],
    ['قال قَيْسُ الخَزْعَلِيّ إن', 'قَيْسُ الخَزْعَلِيّ'],
    ['قال قـيـس الخـزعلي إن', 'قـيـس الخـزعلي'],
    ['وقيس الخزعلي قال', 'قيس الخزعلي'],
    ['فقيس الخزعلي قال', 'قيس الخزعلي'],
    ['التقى بقيس الخزعلي أمس', 'قيس الخزعلي'],
    ['رسالة لقيس الخزعلي', 'قيس الخزعلي'],
    ['وبقيس الخزعلي', 'قيس الخزعلي'],
    ['صرح الخزعلي اليوم', 'الخزعلي'],
    ['وأكد الخزعلي أن', 'الخزعلي'],
    ['في رسالة للخزعلي', 'للخزعلي'],
    ['ولِلخزعلي موقف', 'لِلخزعلي'],
    ['وللخزعلي', 'للخزعلي'],
    ['فللشيخ قيس الخزعلي', 'قيس الخزعلي'],
    ['كقيس الخزعلي', 'قيس الخزعلي'],
    ['«قيس الخزعلي»', 'قيس الخزعلي'],
    ['(الخزعلي)', 'الخزعلي'],
    ['التقى بالخزعلي', 'الخزعلي'],
    ['وبالخزعلي', 'الخزعلي'],
    ['#قيس_الخزعلي يتصدر', 'قيس_الخزعلي'],
    ['الأمين العام لعصائب أهل الحق يقول', 'الأمين العام لعصائب أهل الحق'],
    ['وقال الامين العام لعصائب اهل الحق', 'الامين العام لعصائب اهل الحق'],
    // Persian
    ['قیس خزعلی گفت', 'قیس خزعلی'],
    ['دبیرکل عصائب اهل الحق گفت', 'دبیرکل عصائب اهل الحق'],
    ['قیس‌ خزعلی', 'قیس‌ خزعلی'],
    // English transliterations
    ['Qais al-Khazali said', 'Qais al-Khazali'],
    ["Qays al-Khaz'ali said", "Qays al-Khaz'ali"],
    ['Qais al-Khazʿali said', 'Qais al-Khazʿali'],
    ['Qais Al Khazali said', 'Qais Al Khazali'],
    ['QAIS AL-KHAZALI', 'QAIS AL-KHAZALI'],
    ['Qais Khazali', 'Qais Khazali'],
    ['Qays al-Khazaali', 'Qays al-Khazaali'],
    ["Khazali's militia", 'Khazali'],
    ['leader Khazali said', 'Khazali'],
    ['Alkhazali said', 'Alkhazali'],
  ])('qais-al-khazali in %s', (text, span) => {
    expect(found(text)).toEqual([['qais-al-khazali', span]]);
  });

  it.each([
    ['مقتدى الصدر', 'muqtada-al-sadr'],
    ['مقتدا صدر', 'muqtada-al-sadr'],
    ['مقتدى صدر', 'muqtada-al-sadr'],
    ['مقتدی صدر', 'muqtada-al-sadr'],
    ['قال السيد مقتدى الصدر', 'muqtada-al-sadr'],
    ['Moqtada al-Sadr', 'muqtada-al-sadr'],
    ['Muqtada al-Sadr', 'muqtada-al-sadr'],
    ['Muqtada as-Sadr', 'muqtada-al-sadr'],
    ['غدير شريف', 'ghadir-sharif'],
    ['غدیر شریف', 'ghadir-sharif'],
    ['أكرم الكعبي', 'akram-al-kaabi'],
    ['اکرم کعبی', 'akram-al-kaabi'],
    ['Abu Fadak al-Mohammedawi', 'abu-fadak-al-mohammedawi'],
    ['ابو فدك المحمداوي', 'abu-fadak-al-mohammedawi'],
    ['هادي العامري', 'hadi-al-amiri'],
    ['Faleh al-Fayyadh', 'faleh-al-fayyadh'],
    ['خزعلی گفت', 'qais-al-khazali'],
  ])('%s → %s', (text, id) => {
    expect(found(text).map(([f]) => f)).toEqual([id]);
  });

  describe('negatives', () => {
    it.each([
      ['حسن الخزعلي', 'another Khazali (given name before the surname)'],
      ['وحسن الخزعلي', 'another Khazali behind a clitic'],
      ['Hassan al-Khazali', 'another Khazali in English'],
      ['خزعل الماجدي', 'Khazal is a given name, not the surname'],
      ['حسن خزعلی', 'another Khazali in Persian'],
      ['صدر گفت', 'Persian صدر is an everyday word, not listed'],
      ['محمد باقر الصدر', 'Muhammad Baqir al-Sadr'],
      ['محمد صادق الصدر', 'Muhammad Sadiq al-Sadr'],
      ['في مدينة الصدر', 'Sadr City'],
      ['in Sadr City', 'Sadr City'],
      ['آل الصدر', 'the Sadr family'],
      ['صدر القرار', 'صدر is a verb; the surname needs ال'],
      ['الصدرية', 'a longer word'],
      ['قيسالخزعلي', 'run-together words are one word'],
      ['Qaisal Khazalis', 'longer words'],
      ['قيس. الخزعلي', 'punctuation between the words splits the name (the surname still counts)'],
    ])('%s (%s)', (text, why) => {
      const ids = found(text).map(([f, t]) => `${f}:${t}`);
      if (why.startsWith('punctuation')) expect(ids).toEqual(['qais-al-khazali:الخزعلي']);
      else expect(ids).toEqual([]);
    });
  });

  it('longest match wins: «ليث الخزعلي» is Laith only', () => {
    expect(found('التقى ليث الخزعلي بالوفد')).toEqual([['laith-al-khazali', 'ليث الخزعلي']]);
    expect(found('Laith al-Khazali and Qais al-Khazali')).toEqual([
      ['laith-al-khazali', 'Laith al-Khazali'],
      ['qais-al-khazali', 'Qais al-Khazali'],
    ]);
    expect(found('وليث الخزعلي')).toEqual([['laith-al-khazali', 'ليث الخزعلي']]);
  });

  it('reports every mention in order with exact offsets, across emoji and ZWNJ', () => {
    const text = '🔥 عاجل: قَيْسُ الخزعلي‌ 😀 يلتقي مقتدى الصدر، والخزعلي يؤكد. #مقتدى_الصدر';
    const ms = matchFigures(watchlist, text);
    expect(ms.map((m) => [m.figureId, m.text])).toEqual([
      ['qais-al-khazali', 'قَيْسُ الخزعلي'],
      ['muqtada-al-sadr', 'مقتدى الصدر'],
      ['qais-al-khazali', 'الخزعلي'],
      ['muqtada-al-sadr', 'مقتدى_الصدر'],
    ]);
    for (const m of ms) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(ms[0].start).toBe(text.indexOf('قَيْسُ'));
  });

  it('names the alias that matched', () => {
    const [m] = matchFigures(watchlist, 'قال الخزعلي');
    expect(m.alias).toBe('الخزعلي');
    const [t] = matchFigures(watchlist, 'QAYS AL KHAZAALI');
    expect(t.alias).toBe('Qays al-Khazaali');
    // forms that fold to the same words report the first one configured
    const [u] = matchFigures(watchlist, 'Qais Khazali');
    expect(u.alias).toBe('Qais al-Khazali');
  });

  it('empty, whitespace and punctuation-only texts have no mentions', () => {
    for (const t of ['', '   ', '...', '🔥🔥', '\u200c\u200c']) expect(matchFigures(watchlist, t)).toEqual([]);
  });
});

describe('findEntities as a generic matcher', () => {
  it('matches places with clitics and ال the same way', () => {
    const m = compileMatcher([
      { id: 'baghdad', aliases: ['بغداد', 'Baghdad'] },
      { id: 'jurf-al-sakhar', aliases: ['جرف الصخر', 'Jurf al-Sakhar'] },
      { id: 'tehran', aliases: ['طهران', 'تهران'] },
    ]);
    const text = 'من بغداد وإلى جرف الصخر، ثم لطهران وتهران. Baghdad.';
    expect(findEntities(m, text).map((e) => [e.id, e.text])).toEqual([
      ['baghdad', 'بغداد'],
      ['jurf-al-sakhar', 'جرف الصخر'],
      ['tehran', 'طهران'],
      ['tehran', 'تهران'],
      ['baghdad', 'Baghdad'],
    ]);
  });

  it('reports each entry that shares an alias', () => {
    const m = compileMatcher([
      { id: 'a', aliases: ['محمد علي'] },
      { id: 'b', aliases: ['محمد علي'] },
    ]);
    expect(findEntities(m, 'قال محمد علي').map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('an entry with the same form as alias and surname reports it once', () => {
    const m = compileMatcher([{ id: 'x', aliases: ['الفياض'], surnames: ['الفياض'] }]);
    expect(findEntities(m, 'حسن الفياض').map((e) => e.id)).toEqual(['x']); // the alias counts even after a name
  });

  it('a one-word name does not fire on a function word that folds onto it («على» is not «علي»)', () => {
    const m = compileMatcher([
      { id: 'ali', aliases: ['علي'] },
      { id: 'abu-ali', aliases: ['أبو علي'] },
    ]);
    expect(findEntities(m, 'جلس على الكرسي وعَلَى الطاولة').map((e) => e.id)).toEqual([]);
    expect(findEntities(m, 'قال علي ثم وصل أبو على').map((e) => [e.id, e.text])).toEqual([
      ['ali', 'علي'],
      ['abu-ali', 'أبو على'],
    ]);
  });

  it('an alias without letters is an error naming the entry', () => {
    expect(() => compileMatcher([{ id: 'bad', aliases: ['--'] }])).toThrow(/bad.*"--"/);
  });

  it('scales to 5,000 entries × 10 aliases and still finds the right one', () => {
    const entries = Array.from({ length: 5000 }, (_, e) => ({
      id: `e${e}`,
      aliases: Array.from({ length: 10 }, (_, a) => `اسم${e} لقب${a} عائلة${(e * 7 + a) % 997}`),
    }));
    const m = compileMatcher(entries);
    expect(m.stats.aliases).toBe(50_000);
    const text = 'خبر: وصل واسم4321 لقب7 عائلة' + ((4321 * 7 + 7) % 997) + ' إلى بغداد، واسم4321 لقب7 وحده لا يكفي.';
    const ms = findEntities(m, text);
    expect(ms.map((x) => x.id)).toEqual(['e4321']);
    expect(ms[0].text).toBe('اسم4321 لقب7 عائلة' + ((4321 * 7 + 7) % 997));
  });

  it('a long text (matched in pieces cut at punctuation) gives what its sentences give one by one', () => {
    const sentences = [
      'قال قيس الخزعلي إن',
      'وحسن الخزعلي حضر',
      'Moqtada al-Sadr said',
      'في مدينة الصدر',
      'التقى ليث الخزعلي بالسيد مقتدى الصدر',
      'خبر عادي بلا أسماء',
    ];
    let seed = 7;
    const pick = () => sentences[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % sentences.length];
    const parts: string[] = [];
    for (let i = 0; i < 6000; i++) parts.push(pick());
    const long = parts.join('. ');
    const expected: [string, number, number][] = [];
    let offset = 0;
    for (const p of parts) {
      for (const m of matchFigures(watchlist, p)) expected.push([m.figureId, m.start + offset, m.end + offset]);
      offset += p.length + 2;
    }
    expect(long.length).toBeGreaterThan(100_000);
    expect(matchFigures(watchlist, long).map((m) => [m.figureId, m.start, m.end])).toEqual(expected);
  });

  it('matches in a long text the same as piece by piece', () => {
    const piece = 'قال قيس الخزعلي ثم حسن الخزعلي ثم Moqtada al-Sadr. ';
    const long = piece.repeat(2000);
    const ms = matchFigures(watchlist, long);
    expect(ms.length).toBe(2 * 2000);
    expect(ms[ms.length - 1].start).toBe(piece.length * 1999 + piece.indexOf('Moqtada'));
  });
});
