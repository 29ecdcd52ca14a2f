import { z } from 'zod';
import { loadYaml } from './load.ts';

/** A name form: any script, at least one letter or digit (the matcher ignores punctuation). */
const NameForm = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or digit');

const LATIN_NAME = /^[\p{Script=Latin}\s\-'’ʿʾ.]+$/u;

export const FigureSchema = z
  .object({
    /** Stable slug, e.g. `qais-al-khazali`; stored with each mention and used in URLs and alerts. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug (a-z, 0-9, - and _)'),
    /** Display name, in any script. */
    name: NameForm,
    /** Canonical English name, forced into translations. Defaults to `name` when Latin, else the first Latin alias. */
    nameEn: NameForm.optional(),
    /** Full-name forms in any script and spelling: «قيس الخزعلي», «قیس خزعلی», "Qais al-Khazali". */
    aliases: z.array(NameForm).min(1, 'must list at least one alias'),
    /** Surname-only forms («الخزعلي», "Khazali"): count unless they are plainly part of someone else's name. */
    surnames: z.array(NameForm).default([]),
    /** Role titles that name this person: «الأمين العام لعصائب أهل الحق». */
    titles: z.array(NameForm).default([]),
    /*
     * Short forms that name him only in context (lib/text/contextualNames.ts). "The text is about him" means:
     * he is named by a full form in the same text, or one of his `context` words is there, or a figure
     * sharing one of his `context` words is named.
     */
    /** Given-name forms («قيس», "Qais", «قەیس»): count after one of his `honorifics` («الشيخ قيس») where the text is about him. */
    givenNames: z.array(NameForm).default([]),
    /** Honorifics used with his given or family name: «الشيخ», "Sheikh", «سید», «شێخ», «الحجي» (+ «العامري»). */
    honorifics: z.array(NameForm).default([]),
    /** The honorific with his given or family name means him in any text («الشيخ قيس», «السيد مقتدى»), not only where the text is about him. */
    honorificAlone: z.boolean().default(false),
    /** Kinship words that name him with his given name once that relative is named: `{of: qais-al-khazali, words: [شقيقه, his brother]}`. */
    kin: z
      .array(
        z.object({
          of: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a figure id'),
          words: z.array(NameForm).min(1, 'must list at least one word'),
        }),
      )
      .default([]),
    /** Kunyas («أبو حسن», "Abu Hassan") that name him with one of his `familyNames` («أبو حسن العامري»). */
    kunyas: z.array(NameForm).default([]),
    /** Family names too common to count alone («العامري», "Amiri»): they count after a kunya of his, or where the text is about him. */
    familyNames: z.array(NameForm).default([]),
    /** Words that show a text is about him, usually his organisation: «عصائب أهل الحق», "Asaib", «عەسائیب». */
    context: z.array(NameForm).default([]),
    /** Organisation or role, for people reading alerts: "Asaib Ahl al-Haq (secretary-general)". */
    affiliation: z.string().optional(),
    /** Alert when the figure has not been mentioned for this many days; unset: no silence alert. */
    silenceDays: z.number().positive().max(3650).optional(),
  })
  .transform((f) => ({
    ...f,
    nameEn: f.nameEn ?? (LATIN_NAME.test(f.name) ? f.name : f.aliases.find((a) => LATIN_NAME.test(a))),
  }));

export const WatchlistSchema = z.object({ figures: z.array(FigureSchema) }).superRefine((w, ctx) => {
  const seen = new Map<string, number>();
  w.figures.forEach((f, i) => {
    const first = seen.get(f.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['figures', i, 'id'], message: `duplicate id (also figures[${first}])` });
    else seen.set(f.id, i);
  });
  w.figures.forEach((f, i) =>
    f.kin.forEach((k, j) => {
      if (!seen.has(k.of)) ctx.addIssue({ code: 'custom', path: ['figures', i, 'kin', j, 'of'], message: `no figure with id "${k.of}"` });
    }),
  );
});

export type Figure = z.infer<typeof FigureSchema>;
export type Watchlist = z.infer<typeof WatchlistSchema>;

/** Reads and validates a watchlist; errors read `config/watchlist.yaml: figures[2] (qais-al-khazali).aliases[0]: …`. */
export function loadWatchlist(file: string): Watchlist {
  return loadYaml(file, WatchlistSchema);
}
