/**
 * Words that, standing right before a surname-only form, show that the surname belongs to someone else or
 * to a place: «حسن الخزعلي» (another Khazali), «مدينة الصدر» (Sadr City), «آل الصدر» (the family),
 * «أبو الخزعلي». Written in ordinary spelling; the matcher folds them like any text. Given names that are
 * also everyday words placed before names («الأمين» as in «الأمين العام») are left out on purpose.
 */
export const WORDS_BEFORE_ANOTHER_PERSON: readonly string[] = [
  // Arabic given names common in Iraq and the region
  'محمد', 'محمود', 'أحمد', 'حامد', 'حميد', 'علي', 'حسن', 'حسين', 'حسنين', 'عباس', 'جعفر', 'صادق', 'باقر', 'كاظم',
  'موسى', 'رضا', 'مهدي', 'هادي', 'جواد', 'مرتضى', 'مصطفى', 'مجتبى', 'عمار', 'ياسر', 'قاسم', 'ابراهيم',
  'اسماعيل', 'يوسف', 'يونس', 'عيسى', 'سليمان', 'داود', 'نوري', 'نوح', 'فالح', 'فلاح', 'فاضل', 'فيصل', 'خالد',
  'خليل', 'سعد', 'سعيد', 'سالم', 'سلمان', 'صالح', 'صلاح', 'ضياء', 'طارق', 'عادل', 'عدنان', 'عزيز', 'عماد',
  'عمر', 'عثمان', 'غازي', 'فؤاد', 'قيس', 'كريم', 'كامل', 'ليث', 'ماجد', 'مازن', 'مالك', 'مثنى', 'مقتدى',
  'منصور', 'ناصر', 'نصر', 'نبيل', 'نزار', 'نعيم', 'هاشم', 'هيثم', 'همام', 'وليد', 'وائل', 'ياسين', 'يحيى',
  'أكرم', 'أمير', 'أنور', 'أياد', 'إياد', 'باسم', 'بهاء', 'ثامر', 'جاسم', 'جبار', 'جلال', 'جمال', 'حازم',
  'حيدر', 'خضير', 'رائد', 'رعد', 'رياض', 'زيد', 'سامي', 'سجاد', 'شاكر', 'شبل', 'شهاب', 'ظافر', 'عامر',
  'عبد', 'عقيل', 'علاء', 'عون', 'غدير', 'فارس', 'فرحان', 'قحطان', 'لؤي', 'مؤيد', 'محسن', 'مشتاق', 'منذر',
  'مهند', 'ميثم', 'نجاح', 'هلال', 'وسام', 'زينب', 'فاطمة', 'مريم', 'نور', 'هدى', 'سارة', 'خزعل', 'شبر',
  // Persian given names
  'قاسم', 'اسماعیل', 'حسین', 'غلامرضا', 'غلام', 'رضا', 'محسن', 'مجید', 'مسعود', 'جواد', 'ابوالفضل', 'امیر',
  // kinship, family and places named after a person
  'أبو', 'ابو', 'أبي', 'أبا', 'ابن', 'بن', 'بنت', 'أم', 'آل', 'عائلة', 'عشيرة', 'مدينة', 'شارع', 'حي', 'ساحة',
  'جسر', 'جامع', 'مسجد', 'مرقد', 'ضريح', 'مستشفى', 'جامعة', 'مدرسة', 'مؤسسة', 'قضاء', 'ناحية', 'منطقة', 'قرية',
  // Latin spellings
  'muhammad', 'mohammed', 'mohammad', 'mohamed', 'muhammed', 'ahmed', 'ahmad', 'ali', 'hassan', 'hasan',
  'hussein', 'husain', 'hussain', 'hossein', 'abbas', 'jafar', 'jaafar', 'baqir', 'baqer', 'sadiq', 'sadeq',
  'kadhim', 'kazem', 'kazim', 'mahmoud', 'mahmud', 'hamid', 'hadi', 'mahdi', 'mehdi', 'ibrahim', 'ismail',
  'yusuf', 'yousef', 'youssef', 'khalid', 'khaled', 'salih', 'saleh', 'salah', 'adel', 'adil', 'amir', 'ammar',
  'haider', 'hayder', 'haidar', 'nouri', 'nuri', 'qassem', 'qasim', 'qais', 'qays', 'laith', 'layth', 'muqtada',
  'moqtada', 'akram', 'falih', 'faleh', 'hamza', 'abd', 'abdul', 'abu', 'bin', 'ibn', 'umm', 'bint', 'khazal',
];

/** Words that, right after a surname-only form, make it part of a place name: "Sadr City". */
export const WORDS_AFTER_PLACE_NAME: readonly string[] = ['city', 'street', 'district', 'bridge'];

/** Honorifics that precede a name without being a given name; never treated as someone else's name. */
export const HONORIFICS: readonly string[] = [
  'الشيخ', 'شيخ', 'السيد', 'سيد', 'الحاج', 'حاج', 'سماحة', 'الدكتور', 'النائب', 'القائد', 'الأمين', 'زعيم',
  'sheikh', 'shaikh', 'sayyid', 'sayed', 'sayyed', 'seyyed', 'haj', 'hajj', 'mr', 'dr', 'leader', 'cleric',
];

/**
 * Arabic function words, in their standard spelling, that fold onto names: «على» (on) folds like «علي» (Ali),
 * «لو» (if), «أنا» (I). A one-word match whose text is exactly one of these is not a name. The spelling
 * decides: «علي» still matches, so does «على» inside a longer alias.
 */
export const FUNCTION_WORDS: readonly string[] = [
  'على', 'إلى', 'الى', 'حتى', 'لدى', 'سوى', 'متى', 'أنا', 'انا', 'لو', 'أن', 'إن', 'ان', 'بأن', 'فإن', 'لي',
  'لن', 'لم', 'هو', 'هي', 'ما', 'لا', 'من', 'عن', 'في', 'مع',
];
