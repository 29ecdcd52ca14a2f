/**
 * Keeping tracked names right through a translation model.
 *
 * A span of a tracked figure or place must come out as its canonical English name, exactly. Two ways, used
 * in this order by translateTexts():
 *
 * 1. Inline: the span is replaced by the canonical English name in the source sentence, so the model sees
 *    the whole sentence (word order, agreement) and usually copies a Latin name through. Its output is then
 *    checked: each name must be there (case, hyphens and spacing may differ; they are put back exactly).
 * 2. Splice: when the check fails — a real Marian model may transliterate, drop or re-case a Latin name it
 *    does not know, and placeholder tokens are not reliably copied by opus-mt models either — the parts of
 *    the sentence between the spans are translated on their own and the names are spliced in between.
 *    That loses some context but the name is guaranteed.
 *
 * Both are deterministic and need nothing from the model but text in, text out.
 */

/** A protected span of the text (UTF-16 offsets) and the English name it must come out as. */
export interface NameSpan {
  start: number;
  end: number;
  name: string;
}

export interface ProtectedText {
  /** the sentence with each span replaced by its English name: what the model sees first */
  source: string;
  /** the English names, in order */
  names: string[];
  /** the original text between the spans: names.length + 1 pieces, for the splice fallback */
  segments: string[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Spans in order, without overlaps (of two overlapping spans the earlier, then the longer, wins). */
export function orderedSpans(spans: readonly NameSpan[]): NameSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NameSpan[] = [];
  for (const s of sorted) if (s.end > s.start && (out.length === 0 || s.start >= out[out.length - 1].end)) out.push(s);
  return out;
}

export function protectNames(text: string, spans: readonly NameSpan[]): ProtectedText {
  const names: string[] = [];
  const segments: string[] = [];
  let source = '';
  let pos = 0;
  for (const s of orderedSpans(spans)) {
    const before = text.slice(pos, s.start);
    segments.push(before);
    names.push(s.name);
    // a clitic glued to the name («للخزعلي») must not glue to the Latin name either
    const lead = before && WORD_CHAR.test(before[before.length - 1]) ? ' ' : '';
    const trail = WORD_CHAR.test(text[s.end] ?? '') ? ' ' : '';
    source += before + lead + s.name + trail;
    pos = s.end;
  }
  segments.push(text.slice(pos));
  source += text.slice(pos);
  return { source, names, segments };
}

function namePattern(name: string): RegExp {
  const words = name
    .split(/[\s\-‐‑'’ʼ]+/u)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("[\\s\\-‐‑'’ʼ]*")}(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * The model's output with every expected name written exactly as canonical, or null when some name is not
 * there as often as it was in the source (then the splice fallback is used).
 */
export function restoreNames(translation: string, names: readonly string[]): string | null {
  let out = translation;
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  // longer names first, so "Qais al-Khazali" is settled before a shorter name inside it
  for (const [name, count] of [...counts].sort((a, b) => b[0].length - a[0].length)) {
    const re = namePattern(name);
    const found = out.match(re)?.length ?? 0;
    if (found < count) return null;
    out = out.replace(re, name);
  }
  return out;
}

/** Translated segments and names interleaved: seg0 name0 seg1 name1 … segN, with tidy spacing. */
export function spliceNames(translatedSegments: readonly string[], names: readonly string[]): string {
  const parts: string[] = [];
  translatedSegments.forEach((seg, i) => {
    parts.push(seg.trim());
    if (i < names.length) parts.push(names[i]);
  });
  return parts
    .filter(Boolean)
    .join(' ')
    .replace(/\s+([,.;:!?])/g, '$1');
}
