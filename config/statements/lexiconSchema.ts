import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadYaml } from '../load.ts';

/**
 * The words of the statement classifier, one YAML file per language (`arb.yaml`, `pes.yaml`, `eng.yaml`,
 * `ckb.yaml` in this folder). Each file is a list of groups; a group is one kind of word with the same
 * grammar («مقتل», "killing of", «ترور» are all death nouns whose victim follows). The classifier's rules
 * (lib/statements/) decide what a word means in its sentence; these files only say which words exist.
 */

export const HARM_KINDS = ['death', 'injury', 'strike', 'arrest', 'illness', 'flight'] as const;
export type HarmKind = (typeof HARM_KINDS)[number];

export const CUE_KINDS = [
  /** harm to a person: needs `harm` and `form` */
  'harm',
  /** a denial, or a word calling a claim false («نفى», "baseless", «تکذیب», «درۆیە») */
  'denial',
  /** he is alive, well, unhurt, free, at work: needs `strength` */
  'assurance',
  /** he is seen or heard: needs `sight` */
  'sighting',
  /** he is at, goes to, leaves a place: needs `move` */
  'movement',
  /** a negator before a predicate: "not", «لم», «نه» */
  'negation',
  /** a helper word that may stand between a negator and its predicate: "was", "been", «تم», «قد», «لأي» */
  'auxiliary',
  /** what follows is planned, not done: "will", «سوف», «خواهد», «بڕیارە» */
  'future',
  /** a verb of carrying or hanging pictures: the pictures are posters, not sightings («رفع صور», "held up portraits") */
  'display',
  /** an adjective after a noun that makes it planned: «لقاء مرتقب», «انتخابات پیش رو»; it marks that noun only */
  'upcoming',
  /** a purpose that makes what follows it planned: "to attend", «للمشاركة», «برای شرکت در» */
  'purpose',
  /** the picture or clip is old: "archive", «قديمة» */
  'old',
  /** talk of a claim: "rumours", «أنباء», «شایعه», «دەنگۆ» */
  'rumor',
  /** a sighting or assurance that names the talk it answers: "after reports", "first appearance since" */
  'rebuttal',
  /** "after", «بعد», «پس از», «دوای»: before talk of a claim ("after injury reports") it recalls the claim a sighting answers */
  'since',
  /** holds a harm word but claims no harm: "arrest warrant", "sanctions targeting", "hit out at" */
  'notHarm',
  /** "no one was hurt": a negated harm that is about nobody */
  'nobody',
  /** a relative: needs `form` (construct: "brother of X"; appositive: "his brother X") */
  'kin',
  /** an aide, bodyguard, driver, envoy: harm to them is not harm to him */
  'entourage',
  /** an office, delegation or representative: a place after it is the office's, not his */
  'office',
  /** his house, convoy, car: an attack on it is aimed at him */
  'possession',
  /** a preposition of place: «في», "in", «در», «لە» */
  'locative',
  /** a noun that may stand between a preposition and a place name: «مدينة», "city of", «شهر», «شاری» */
  'placeNoun',
  /** a pronoun standing for the figure talked about: "he", «وهو», «او», «ئەو»; "I" for the speaker */
  'pronoun',
  /**
   * a title or honorific standing for the figure talked about: «الشيخ», "the cleric", «ناوبراو». It names
   * the sheikh even where his name last stood in a relative's phrase («نجل الخزعلي ... والشيخ بخير»)
   */
  'honorific',
  /** a word of cause before a harm noun whose victim is the one talked about: «إثر وعكة», "due to illness" */
  'cause',
  /** a verb of saying: "said", «أكد», «اعلام کرد», «ڕایگەیاند» */
  'speech',
  /** who speaks for him: "office", "spokesman", «مصدر مقرب» */
  'source',
  /** a word that opens a question: «هل», «آیا» */
  'question',
  /** a contrast that starts a new statement: "while", «فيما», «بینما» */
  'contrast',
  /** a relative pronoun: "who", «الذي» */
  'relative',
  /**
   * a set phrase that holds a cue word or a place name but means neither: "Tehran-backed", «صلاة الظهر»
   * (noon prayer, not «ظهر» "appeared"), «كل أرض كربلاء»; it hides every cue and place inside it
   */
  'idiom',
] as const;
export type CueKind = (typeof CUE_KINDS)[number];

export const SIGHTS = ['media', 'speech', 'meeting', 'visit', 'attend', 'interview', 'live', 'audio', 'seen'] as const;
export const MOVES = ['arrive', 'leave', 'stay', 'return', 'travel'] as const;

/** A word or phrase as people write it; folded at load time like the text (one entry covers every spelling). */
const Phrase = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or digit')
  .refine((s) => !s.slice(0, -1).includes('*'), 'only a trailing * (a stem) is allowed');

export const CueGroupSchema = z
  .object({
    /** Names the group in load errors and in the classifier's explanations, e.g. `death-noun`. */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lowercase slug (a-z, 0-9, -)'),
    kind: z.enum(CUE_KINDS),
    /** harm: what harm the word names */
    harm: z.enum(HARM_KINDS).optional(),
    /**
     * harm and kin: where the person stands. `noun`: after it («مقتل X», "the killing of X"); `possessive`: the
     * word carries his pronoun («مقتله», "his death"); `verb`: either side («اغتيل X», "X was killed").
     * kin: `construct` ("brother of X": about the brother), `appositive` ("his brother X": names X).
     */
    form: z.enum(['noun', 'possessive', 'verb', 'construct', 'appositive']).optional(),
    /** assurance: `strong` (alive, well, unhurt) answers harm on its own; `active` (at work, busy) only where harm is talked of */
    strength: z.enum(['strong', 'active']).optional(),
    /** sighting: how he is seen */
    sight: z.enum(SIGHTS).optional(),
    /** movement: what he does relative to the place */
    move: z.enum(MOVES).optional(),
    /** the word is itself negated (Persian «کشته نشده», Sorani «نەکوژراوە»): read as "not killed" */
    negated: z.boolean().default(false),
    /** harm: talk of his health («صحة», "health") claims harm only beside rumour or denial words in its sentence */
    weak: z.boolean().default(false),
    /** harm: a place of harm (a hospital): after a sighting or an arrival of his in its clause it is where he went, not harm */
    site: z.boolean().default(false),
    phrases: z.array(Phrase).min(1, 'must list at least one phrase'),
  })
  .superRefine((g, ctx) => {
    const need = (field: 'harm' | 'form' | 'strength' | 'sight' | 'move', why: string) => {
      if (g[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a ${g.kind} group needs ${field} (${why})` });
    };
    if (g.kind === 'harm') {
      need('harm', HARM_KINDS.join('|'));
      need('form', 'noun|possessive|verb');
      if (g.form === 'construct' || g.form === 'appositive')
        ctx.addIssue({ code: 'custom', path: ['form'], message: 'harm form must be noun, possessive or verb' });
    }
    if (g.kind === 'kin') {
      need('form', 'construct|appositive');
      if (g.form !== undefined && g.form !== 'construct' && g.form !== 'appositive')
        ctx.addIssue({ code: 'custom', path: ['form'], message: 'kin form must be construct or appositive' });
    }
    if (g.kind === 'assurance') need('strength', 'strong|active');
    if (g.kind === 'sighting') need('sight', SIGHTS.join('|'));
    if (g.kind === 'movement') need('move', MOVES.join('|'));
  });
export type CueGroup = z.infer<typeof CueGroupSchema>;

export const LEXICON_LANGS = ['arb', 'pes', 'eng', 'ckb'] as const;
export type LexiconLang = (typeof LEXICON_LANGS)[number];

export const LexiconFileSchema = z
  .object({
    lang: z.enum(LEXICON_LANGS),
    /**
     * Letters that may be glued to the front of a word (Arabic و ف ب ل ك, the article ال): «وبخير» is «بخير».
     * Listed longest first is not needed; every split is tried.
     */
    proclitics: z.array(z.string().min(1)).default([]),
    /** Prefixes glued to a verb that make it future («سيزور»): the word counts, marked as planned. */
    futurePrefixes: z.array(z.string().min(1)).default([]),
    /**
     * Arabic possessive endings: a `noun` harm word with one of these is the `possessive` form («مقتل» →
     * «مقتله»); a noun ending in ة takes the ending after ت («إصابة» → «إصابته»).
     */
    possessiveSuffixes: z.array(z.string().min(1)).default([]),
    /**
     * Endings glued to a place name that keep it a place (Sorani «لە قومدا», «لە بەغدایە»); the place matcher
     * tries the name without them.
     */
    placeSuffixes: z.array(z.string().min(1)).default([]),
    groups: z.array(CueGroupSchema).min(1, 'must list at least one group'),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.groups.forEach((g, i) => {
      const first = seen.get(g.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate id (also groups[${first}])` });
      else seen.set(g.id, i);
    });
  });
export type LexiconFile = z.infer<typeof LexiconFileSchema>;

/** One file; errors read `config/statements/arb.yaml: groups[3] (death-noun).phrases[2]: must not be empty`. */
export function loadLexiconFile(file: string): LexiconFile {
  return loadYaml(file, LexiconFileSchema);
}

/** Every `*.yaml` of a folder, one per language; a language listed twice is an error naming both files. */
export function loadLexicon(dir: string): LexiconFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch (e) {
    throw new ConfigError(`${dir}: cannot read the statement word lists (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (names.length === 0) throw new ConfigError(`${dir}: no statement word lists (*.yaml)`);
  const byLang = new Map<string, string>();
  return names.map((n) => {
    const file = join(dir, n);
    const lexicon = loadLexiconFile(file);
    const other = byLang.get(lexicon.lang);
    if (other) throw new ConfigError(`${file}: lang ${lexicon.lang} is also the language of ${other}`);
    byLang.set(lexicon.lang, file);
    return lexicon;
  });
}
