import { foldText } from '../text/normalizeArabic.ts';

/**
 * The words that make a statement a denial, a harm claim, a sighting or a move, in Arabic (with some Iraqi
 * dialect), Persian and English. Phrases are written as people write them and folded at load time with the
 * same folding as the text (أ/إ → ا, ة → ه, ی → ي, ک → ك, ZWNJ dropped, Latin lower-cased), so one entry
 * covers every spelling the matcher covers. A trailing `*` lets any letters follow (a stem).
 */

/** Where the person a harm cue is about sits, relative to the cue. */
export type Direction =
  /** a noun with its object after it: «مقتل قيس الخزعلي», "the killing of X", «ترور X» */
  | 'after'
  /** a pronoun form that points back: «مقتله», "his death", «کشته شدن او» */
  | 'before'
  /** a verb, active or passive: «أصيب ليث الخزعلي», «ليث الخزعلي أصيب», "X was killed" */
  | 'either';

export type CueKind =
  | 'harm'
  /** health talk counts as a harm claim only next to rumour words («شائعات بشأن صحة X») */
  | 'health'
  /** fleeing: a harm claim («فرار X إلى إيران»), a move, and a claim a denial can refute */
  | 'flight'
  /** leaving: a move, and a claim a denial can refute («لا صحة لمغادرته العراق»), not harm on its own */
  | 'departure'
  | 'move'
  | 'denial'
  /** an affirmation that he is well, alive, unhurt, at work: a debunk on its own */
  | 'wellness'
  | 'appearance'
  | 'rumour'
  /** the appearance is announced, not seen: «لقاء مرتقب», "will meet" */
  | 'future'
  /** a sighting that answers rumours of harm */
  | 'rebuttal'
  /** "no one was hurt": a negated harm cue that is about nobody */
  | 'nobody'
  /** words holding a harm word that claim no harm: «مذكرة اعتقال», "arrest warrant", «متهمين بمحاولة اغتيال» */
  | 'notHarm'
  /** «أول ظهور له منذ», "first appearance since": a rebuttal only when the sentence names the harm or rumour */
  | 'firstSince'
  /** «لم تؤكد», "did not confirm": after a question headline, the claim is left open, not relayed */
  | 'unconfirmed';

interface CueSet {
  kind: CueKind;
  dir?: Direction;
  phrases: string[];
}

const SETS: CueSet[] = [
  {
    kind: 'harm',
    dir: 'after',
    phrases: [
      'مقتل',
      'اغتيال',
      'محاولة اغتيال',
      'محاولة لاغتيال',
      'إصابة',
      'اعتقال',
      'وفاة',
      'موت',
      'استهداف',
      'استشهاد',
      'اختطاف',
      'خطف',
      'حادث سير',
      'تصفية',
      'کشته شدن',
      'ترور',
      'زخمی شدن',
      'مجروح شدن',
      'بازداشت',
      'دستگیری',
      'مرگ',
      'درگذشت',
      'بستری شدن',
      'هدف قرار گرفتن',
      'حمله به',
      'حمله پهپادی به',
      'سوءقصد به',
      'سوء قصد به',
      'شهادت',
      'assassination attempt against',
      'assassination attempt on',
      'attempt on the life of',
      'attempt on',
      'arrest',
      'detention',
      'injury',
      'wounding',
      'targeting of',
      'attack on',
      'strike on',
      'death',
      'killing',
      'assassination',
    ],
  },
  {
    kind: 'harm',
    dir: 'before',
    phrases: [
      'مقتله',
      'اغتياله',
      'إصابته',
      'اعتقاله',
      'وفاته',
      'موته',
      'استهدافه',
      'استشهاده',
      'اختطافه',
      'خطفه',
      'تصفيته',
      'نقله إلى المستشفى',
      'تعرضه لمحاولة اغتيال',
      'تعرضه لوعكة',
      'تعرضه لأزمة صحية',
      'تعرضه لجلطة',
      'تعرضه للاستهداف',
      'تعرضه لاستهداف',
      'لحادث',
      'کشته شدن او',
      'ترور او',
      'زخمی شدن او',
      'مرگ او',
      'بازداشت او',
      'دستگیری او',
      'بستری شدن او',
      'کشته شدن وی',
      'ترور وی',
      'his death',
      'his killing',
      'his assassination',
      'his arrest',
      'his detention',
      'his injury',
      'his injuries',
      'he was killed',
      'he was wounded',
      'he was injured',
      'he was hit',
      'he was arrested',
      'he was detained',
      'he was targeted',
      'he had been killed',
      'he had been arrested',
      'he had been detained',
      'he had been wounded',
      'he had been injured',
      'he died',
    ],
  },
  {
    kind: 'harm',
    dir: 'either',
    phrases: [
      'قتل',
      'اغتيل',
      'أصيب',
      'يصاب',
      'أصيبت',
      'اعتقل',
      'اعتقلت',
      'جرح',
      'استهدف',
      'استهدفت',
      'تستهدف',
      'يستهدف',
      'توفي',
      'قضى',
      'لقي حتفه',
      'انضرب',
      'انقتل',
      'نقل إلى المستشفى',
      'نقل إلى مستشفى',
      'نقل للمستشفى',
      'قبض على',
      'القبض على',
      'المستهدف',
      'المستهدفة',
      'نجا من',
      'نجاته',
      'کشته شد',
      'زخمی شد',
      'مجروح شد',
      'دستگیر شد',
      'بازداشت شد',
      'ترور شد',
      'هدف قرار گرفت',
      'بستری شد',
      'جان باخت',
      'کشته شده',
      'زخمی شده',
      'مجروح شده',
      'دستگیر شده',
      'بازداشت شده',
      'بستری شده',
      'ترور شده',
      'killed',
      'assassinated',
      'wounded',
      'injured',
      'hurt',
      'arrested',
      'detained',
      'captured',
      'dead',
      'died',
      'targeted',
      'hit',
      'hospitalized',
      'hospitalised',
      'shot',
      'survived',
    ],
  },
  { kind: 'health', dir: 'after', phrases: ['صحة', 'مرض', 'وعكة', 'جلطة', 'بیماری', 'سلامتی', 'health of', 'illness of'] },
  // travel for treatment is talk of illness: «سفر مقتدى الصدر إلى لندن للعلاج»
  {
    kind: 'health',
    phrases: ['للعلاج', 'لتلقي العلاج', 'بغرض العلاج', 'for treatment', 'for medical treatment', 'برای درمان', 'جهت درمان'],
  },
  // «أنباء متضاربة حول مصير X», "the fate of X": uncertainty about harm
  { kind: 'harm', dir: 'after', phrases: ['مصير', 'fate of', 'سرنوشت'] },
  { kind: 'health', dir: 'before', phrases: ['صحته', 'مرضه', 'بیماری او', 'his health', 'his illness'] },
  { kind: 'flight', dir: 'after', phrases: ['هروب', 'فرار', 'فرار کرد', 'escape of', 'flight of'] },
  { kind: 'flight', dir: 'before', phrases: ['هروبه', 'فراره', 'his escape', 'his flight', 'he fled', 'he had fled'] },
  { kind: 'flight', dir: 'either', phrases: ['هرب', 'فر إلى', 'fled', 'flees', 'escaped'] },
  { kind: 'departure', dir: 'after', phrases: ['مغادرة', 'ترک'] },
  { kind: 'departure', dir: 'before', phrases: ['مغادرته', 'he left', 'he had left', 'he has left'] },
  { kind: 'departure', dir: 'either', phrases: ['غادر', 'يغادر', 'left', 'leaving', 'has left', 'had left', 'ترک کرد'] },
  {
    kind: 'move',
    phrases: [
      'وصل',
      'يصل',
      'وصول',
      'وصوله',
      'وصلت',
      'انتقل',
      'ينتقل',
      'انتقاله',
      'يتواجد',
      'تواجد',
      'متواجد',
      'موجود',
      'يقيم',
      'مقيم',
      'إقامته',
      'عائدا',
      'عائداً',
      'عاد',
      'يعود',
      'عودته',
      'قادما',
      'قادماً',
      'متوجها',
      'متوجهاً',
      'توجه',
      'يتوجه',
      'زار',
      'يزور',
      'لحضور',
      'غادرها',
      'يغادرها',
      'حط رحاله',
      'يعيش في',
      'زندگی می‌کند',
      'وارد',
      'رسید',
      'ترک کرد',
      'سفر کرد',
      'سفر',
      'رفت',
      'حضور دارد',
      'به سر می‌برد',
      'به سر میبرد',
      'اقامت',
      'عزیمت',
      'بازگشت',
      'arrived',
      'arrives',
      'arriving',
      'arrival',
      'travelled',
      'traveled',
      'travels',
      'moved',
      'moving',
      'is in',
      'was in',
      'staying',
      'stays',
      'remains in',
      'living in',
      'lives in',
      'has been living in',
      'returned',
      'returns',
      'returning',
      'headed',
      'heading',
      'visited',
      'visiting',
      'visits',
      'is staying',
      'is currently in',
      'is now in',
      'is still in',
      'flew to',
      'flies to',
      'flown to',
      'landed in',
      'went to',
      // a noun of presence with its pronoun: «مشيراً إلى وجوده في قم»
      'وجوده',
      'تواجده',
      'مكان وجوده',
      // at work from a place: «يتابع عمله من مكتبه في بغداد»
      'يتابع عمله',
      'يمارس عمله',
      'يمارس مهامه',
      'يواصل عمله',
    ],
  },
  {
    kind: 'denial',
    phrases: [
      'نفى',
      'نفت',
      'ينفي',
      'تنفي',
      'نفي',
      'تنفيها',
      'ينفيها',
      'كذب',
      'كذبت',
      'تكذب',
      'يكذب',
      'تكذيب',
      'عار عن الصحة',
      'عارية عن الصحة',
      'عارية من الصحة',
      'عار من الصحة',
      'لا صحة',
      'لا أساس له من الصحة',
      'لا أساس لها من الصحة',
      'لا أساس له',
      'غير صحيح',
      'غير صحيحة',
      'ليس صحيحا',
      'ليس صحيحاً',
      'مجرد شائعات',
      'مجرد إشاعات',
      'مجرد شائعة',
      'شائعات مغرضة',
      'مفبرك',
      'مفبركة',
      'ملفق',
      'ملفقة',
      'يفند',
      'تفند',
      'فند',
      'أكاذيب',
      'افتراء',
      'لا تصدقوا',
      'لا تصدكون',
      'دحض',
      'يرد على أنباء',
      'يرد على شائعات',
      'ردا على شائعات',
      'تکذیب',
      'رد کرد',
      'رد شد',
      'بی‌اساس',
      'بی اساس',
      'صحت ندارد',
      'کذب محض',
      'دروغ',
      'شایعه است',
      'نادرست',
      'denied',
      'denies',
      'deny',
      'denying',
      'dismissed',
      'dismisses',
      'rejected',
      'rejects',
      'refuted',
      'refutes',
      'baseless',
      'unfounded',
      'false',
      'untrue',
      'fabricated',
      'lies',
      'fake',
      'fake news',
      'no truth',
      'not true',
      'debunked',
      'contrary to reports',
      'hoax',
      // a warrant not served: «المذكرة لم تنفذ بعد», "the warrant has not been executed"
      'لم تنفذ',
      'لم ينفذ',
      'لم يتم تنفيذ',
      'اجرا نشده',
      'has not been executed',
      'has not been served',
      'was not executed',
    ],
  },
  {
    kind: 'wellness',
    phrases: [
      'بخير',
      'حي يرزق',
      'بصحة جيدة',
      'في صحة جيدة',
      'بصحة وعافية',
      'بكامل صحته',
      'على قيد الحياة',
      'لم يصب',
      'لم يتعرض',
      'سلامة الشيخ',
      'سلامة السيد',
      'سلامته',
      'يمارس مهامه',
      'يمارس عمله',
      'يواصل نشاطه',
      'يواصل عمله',
      'زين',
      'ينهي الجدل',
      'بحالة جيدة',
      'لم يمسه سوء',
      'لم يكن في',
      'لم يكن ضمن',
      'لم يكن بين',
      'لم يكن من بين',
      'حال او خوب',
      'حالش خوب',
      'سالم است',
      'در سلامت کامل',
      'سلامت کامل',
      'زنده است',
      'آسیبی ندیده',
      'آسیب ندید',
      'بازداشت نشده',
      'دستگیر نشده',
      'زخمی نشده',
      'کشته نشده',
      'alive and well',
      'is alive',
      'in good health',
      'is fine',
      'safe and sound',
      'safe and unharmed',
      'unharmed',
      'unhurt',
      'not hurt',
      'not harmed',
      'not injured',
      'is well',
      'was not among',
      'was not in',
      'was not at',
      'puts an end to rumours',
      'puts an end to rumors',
      'is safe',
    ],
  },
  {
    kind: 'appearance',
    phrases: [
      'ظهر',
      'يظهر',
      'ظهور',
      'ظهوره',
      'كلمة متلفزة',
      'كلمة',
      'كلمته',
      'خطاب',
      'خطابه',
      'خطبة',
      'لقاء',
      'لقائه',
      'التقى',
      'يلتقي',
      'استقبل',
      'يستقبل',
      'استقباله',
      'اجتماع',
      'اجتماعا',
      'اجتماعاً',
      'يجتمع',
      'اجتمع',
      'زار',
      'يزور',
      'فيديو',
      'مقطع',
      'صورة',
      'صورا',
      'صوراً',
      'صور',
      'صورته',
      'شوهد',
      'يتجول',
      'تجول',
      'مؤتمر صحفي',
      'مؤتمر',
      'يتفقد',
      'تفقد',
      'يشارك',
      'شارك',
      'يؤدي',
      'يصلي',
      'يلقي',
      'ألقى',
      'يتحدث في',
      'تحدث في',
      'سخنرانی',
      'دیدار',
      'دیده شد',
      'ویدئو*',
      'ویدیو*',
      'تصویر*',
      'نشست خبری',
      'شرکت کرد',
      'ملاقات',
      'حضور یافت',
      'گفتگو',
      'مصاحبه',
      'appeared',
      'appears',
      'appearance',
      'speech',
      'address',
      'addressed',
      'met',
      'meets',
      'meeting',
      'received',
      'receives',
      'visited',
      'visits',
      'video',
      'footage',
      'photo',
      'photos',
      'pictured',
      'seen',
      'spoke at',
      'press conference',
      'attended',
      'interview',
      'rally',
      'يطل',
      'أطل',
      'إطلالة',
      'إطلالته',
      'في حوار',
      'حوار متلفز',
      'حوار مطول',
      'حوار خاص',
      'مقابلة',
      'مقابلة متلفزة',
      'filmed',
      'photographed',
    ],
  },
  {
    kind: 'rumour',
    phrases: [
      'شائعات',
      'شائعة',
      'إشاعات',
      'إشاعة',
      'اشاعات',
      'تسريبات',
      'يشاع',
      'شایعه',
      'شایعات',
      'شایعه‌ها',
      'rumours',
      'rumors',
      'rumour',
      'rumor',
    ],
  },
  // announced or intended, not seen: «لقاء مرتقب», «يصل للمشاركة في مؤتمر», "will meet"
  {
    kind: 'future',
    phrases: [
      'مرتقب',
      'مرتقبة',
      'سيلتقي',
      'سوف',
      'المرتقب',
      'للمشاركة',
      'لحضور',
      'will meet',
      'will visit',
      'expected to',
      'is to meet',
      'to attend',
      'to take part',
      'خواهد',
    ],
  },
  // a sighting answering talk of harm: «بعد الحديث عن اعتقاله.. يظهر في اجتماع»
  {
    kind: 'rebuttal',
    phrases: [
      'بعد الحديث عن',
      'بعد شائعات',
      'بعد أنباء',
      'بعد الأنباء',
      'رغم الشائعات',
      'after rumours',
      'after rumors',
      'after reports',
      'پس از شایعات',
      'پس از شایعه',
      // a relative clause recalling the claim: "X, who was reported killed last week, appeared"
      'who was reported killed',
      'who was reported dead',
      'who was rumoured dead',
      'who was rumored dead',
      'الذي أشيع مقتله',
      'الذي أشيعت وفاته',
    ],
  },
  { kind: 'nobody', phrases: ['هیچ کس', 'no one', 'nobody', 'لا أحد', 'دون إصابات', 'ولا إصابات', 'بدون إصابات'] },
  {
    kind: 'notHarm',
    phrases: [
      'مذكرة اعتقال',
      'مذكرة قبض',
      'مذكرة القبض',
      'مذكرة إلقاء القبض',
      'أمر اعتقال',
      'أمر قبض',
      'حکم بازداشت',
      'حکم جلب',
      'arrest warrant',
      'warrant for the arrest of',
      'warrant for his arrest',
      'متهمين بمحاولة اغتيال',
      'المتهمين بمحاولة اغتيال',
      'متهم بمحاولة اغتيال',
      'المتهم بمحاولة اغتيال',
      'متهمين باغتيال',
      'المتهمين باغتيال',
      'بتهمة اغتيال',
      'بتهمة محاولة اغتيال',
    ],
  },
  {
    kind: 'firstSince',
    phrases: ['أول ظهور له منذ', 'أول ظهور منذ', 'أول إطلالة له منذ', 'first appearance since', 'first public appearance since', 'اولین حضور'],
  },
  {
    kind: 'unconfirmed',
    phrases: [
      'لم تؤكد',
      'لم يؤكد',
      'لم تؤكده',
      'لم يتم تأكيد',
      'تایید نکردند',
      'تایید نکرد',
      'تأیید نکردند',
      'did not confirm',
      'have not confirmed',
      'has not confirmed',
    ],
  },
];

export interface Cue {
  kind: CueKind;
  dir?: Direction;
  /** Offsets into the folded text. */
  start: number;
  end: number;
}

interface CompiledSet {
  kind: CueKind;
  dir?: Direction;
  re: RegExp;
}

// Arabic-script phrases may carry attached proclitics (و ف ب ل ك, the article): «وبخير», «للاستهداف», «بالمقتل»
const PROCLITIC = '(?:وال|بال|فال|كال|لل|ال|وب|ول|وف|[وفبلك])?';
const ARABIC_SCRIPT = /[\u0600-\u06ff]/u;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phrasePattern(phrase: string): string {
  const stem = phrase.endsWith('*');
  const folded = foldText(stem ? phrase.slice(0, -1) : phrase).trim();
  const body = folded.split(/\s+/).map(escape).join('\\s+');
  const head = ARABIC_SCRIPT.test(folded) ? PROCLITIC : '';
  return `${head}${body}${stem ? '[\\p{L}\\p{N}]*' : ''}`;
}

const COMPILED: CompiledSet[] = SETS.map((s) => {
  // longest first, so «محاولة اغتيال» wins over «اغتيال» at the same place
  const alts = [...new Set(s.phrases.map(phrasePattern))].sort((a, b) => b.length - a.length);
  return { kind: s.kind, dir: s.dir, re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'gu') };
});

/** Every cue in a folded text, in order of position. Overlaps between kinds are kept (a visit is a move and a sighting). */
export function findCues(folded: string): Cue[] {
  const out: Cue[] = [];
  for (const set of COMPILED) {
    set.re.lastIndex = 0;
    for (let m = set.re.exec(folded); m; m = set.re.exec(folded)) {
      out.push({ kind: set.kind, dir: set.dir, start: m.index, end: m.index + m[0].length });
    }
  }
  // within one kind, a longer cue covering a shorter one at the same place wins («کشته شدن او» over «کشته شدن»)
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Cue[] = [];
  for (const c of out) {
    let covered = false;
    // a cover starts at or before c and no phrase is longer than a few words: look back a short way only
    for (let j = kept.length - 1; j >= 0 && kept[j].start > c.start - 80 && !covered; j--) {
      const k = kept[j];
      const shields = k.kind === c.kind || (isHarmLike(k.kind) && isHarmLike(c.kind)) || (k.kind === 'notHarm' && isHarmLike(c.kind));
      covered = shields && k.start <= c.start && k.end >= c.end;
    }
    if (!covered) kept.push(c);
  }
  return kept;
}

/** Cues that name something that happened to the figure: what a harm claim asserts and a denial refutes. */
export function isHarmLike(kind: CueKind): boolean {
  return kind === 'harm' || kind === 'health' || kind === 'flight' || kind === 'departure';
}

const KIN = [
  'نجل',
  'ابن',
  'ابنة',
  'شقيق',
  'شقيقة',
  'أخ',
  'أخو',
  'اخو',
  'أخت',
  'ابنه',
  'نجله',
  'شقيقه',
  'أقارب',
  'قريب',
  'عائلة',
  'زوجة',
  'والد',
  'والدة',
  'أم',
  'عم',
  'خال',
  'صهر',
  'son',
  'daughter',
  'brother',
  'sister',
  'relative',
  'cousin',
  'nephew',
  'family',
  'wife',
  'mother',
  'father',
  'uncle',
  'brother-in-law',
  'son-in-law',
  'پسر',
  'دختر',
  'برادر',
  'خواهر',
  'بستگان',
  'خانواده',
  'همسر',
  'مادر',
  'پدر',
];
// without the article: «شقيق قيس» is his brother, «الأخ قيس» is an honorific
const KIN_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])[وفبل]?(?:${KIN.map((k) => phrasePattern(k).replace(PROCLITIC, '')).join('|')})(?:\\s+(?:of|to|من|لـ|ل))?\\s*$`,
  'u',
);

/** «نجل قيس الخزعلي», "a relative of Qais al-Khazali": the harm is his relative's, not his. */
export function precededByKin(foldedBefore: string): boolean {
  return KIN_RE.test(foldedBefore.slice(-30));
}

// his entourage: an aide arrested is not harm to him (guards attacked are: that is targeting him); but an aide who
// denies «تعرضه لمحاولة اغتيال» speaks of him, so this applies to a harm cue's direct object or subject only
const ENTOURAGE = [
  'مرافق',
  'مرافقي',
  'مساعد',
  'مستشار',
  'سكرتير',
  'مدير مكتب',
  'سائق',
  'aide',
  'aides',
  'assistant',
  'adviser',
  'advisor',
  'driver',
  'دستیار',
  'مشاور',
  'راننده',
  'مسئول دفتر',
];
const ENTOURAGE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])[وفبل]?(?:${ENTOURAGE.map((k) => phrasePattern(k).replace(PROCLITIC, '')).join('|')})(?:\\s+(?:of|to|من|لـ|ل))?\\s*$`,
  'u',
);

/** «اعتقال مرافق محمد الطباطبائي», "an aide to X was arrested": the harm is his aide's. */
export function precededByEntourage(foldedBefore: string): boolean {
  return ENTOURAGE_RE.test(foldedBefore.slice(-30));
}

const KIN_AFTER_RE = new RegExp(
  `^'?s\\s+(?:${[...KIN, ...ENTOURAGE]
    .filter((k) => /^[a-z]/.test(k))
    .map((k) => phrasePattern(k))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);

/** "Muqtada al-Sadr's brother-in-law was arrested": the English possessive names a relative after him. */
export function followedByKin(foldedAfter: string): boolean {
  return KIN_AFTER_RE.test(foldedAfter.slice(0, 30));
}

const POSSESSIONS = [
  'منزل',
  'مكتب',
  'بيت',
  'مقر',
  'موكب',
  'سيارة',
  'دفتر',
  'خانه',
  'محل اقامت',
  'خودروی',
  'house',
  'home',
  'office',
  'convoy',
  'residence',
  'car',
];
const POSSESSION_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])[وفبل]?(?:${POSSESSIONS.map((k) => phrasePattern(k).replace(PROCLITIC, '')).join('|')})(?:\\s+(?:of|ال))?\\s*$`,
  'u',
);

/** «منزل قيس الخزعلي في بغداد», "the office of X in Baghdad": the place is his house's, not where he is. */
export function precededByPossession(foldedBefore: string): boolean {
  return POSSESSION_RE.test(foldedBefore.slice(-25));
}

// not «غير»: «أنباء غير مؤكدة عن مقتل» is unconfirmed, not denied
const NEGATION = ['لم', 'لا', 'ليس', 'ليست', 'دون', 'بدون', 'not', 'never', "wasn't", 'wasnt', "isn't", "hasn't", 'nor', 'no'];
const NEGATION_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${NEGATION.map(phrasePattern).join('|')})(?![\\p{L}\\p{N}])`, 'u');

/** A negator within the two words before a cue: «لم يتعرض لأي استهداف», "was not hurt". */
export function negatedBefore(foldedBefore: string): boolean {
  const words = foldedBefore
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean)
    .slice(-3);
  // «لا أنباء عن إصابته», "no word on his injury": nothing is known, nothing is denied
  if (words.some((w) => NO_NEWS_RE.test(w))) return false;
  return words.some((w) => NEGATION_RE.test(w));
}

const NO_NEWS_RE = new RegExp(
  `^(?:${['أنباء', 'معلومات', 'تفاصيل', 'word', 'news', 'information', 'خبری', 'اطلاعی'].map((p) => phrasePattern(p).replace(PROCLITIC, '')).join('|')})$`,
  'u',
);

const LOCATIVES = [
  'في',
  'فی',
  'در',
  'in',
  'at',
  'inside',
  'إلى',
  'الى',
  'to',
  'به',
  'من',
  'from',
  'از',
  'مدينة',
  'city of',
  'مسجد',
  'mosque',
  'مرقد',
  'shrine',
  'حرم',
  'سوق',
];
// the preposition, then at most one word («في سوق الكاظمية», "at the Kufa mosque»); attached ب/ل count as one
const LOCATIVE_RE = new RegExp(
  `(?:^|\\s)[وفبل]?(?:${LOCATIVES.map((p) => phrasePattern(p).replace(PROCLITIC, '')).join('|')})\\s+(?:[\\p{L}\\p{N}]+\\s+)?$`,
  'u',
);

/** A place named as a location («في بغداد», «ببغداد», "in Najaf"), not as a modifier («عشائر البصرة»). */
export function locativeBefore(foldedBefore: string, attached: string): boolean {
  if (attached === 'ب' || attached === 'ل' || attached === 'لل') return true;
  return LOCATIVE_RE.test(foldedBefore.slice(-20));
}
