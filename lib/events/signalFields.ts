import type { HarmKind, Signal } from '../statements/classifyStatement.ts';

export const HARM_KINDS: readonly HarmKind[] = ['death', 'injury', 'strike', 'arrest', 'illness', 'flight'];
const BASES = ['denial', 'assurance', 'sighting'] as const;

export interface StoredSignalFields {
  harm: HarmKind | null;
  basis: (typeof BASES)[number] | null;
  answersRumor: boolean;
  start: number | null;
  end: number | null;
  speaker: { text: string; figureId: string | null; start: number; end: number } | null;
}

const offset = (n: unknown): number | null => (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 2 ** 31 ? n : null);

/**
 * The optional fields of a classifier Signal as item_signals stores them. Each may be absent (today's
 * classifier gives none); a value outside the contract is dropped rather than failing the item's analysis.
 */
export function storedSignalFields(s: Signal): StoredSignalFields {
  const sp = s.speaker;
  const spStart = offset(sp?.start);
  const spEnd = offset(sp?.end);
  return {
    harm: s.harm && HARM_KINDS.includes(s.harm) ? s.harm : null,
    basis: s.basis && (BASES as readonly string[]).includes(s.basis) ? s.basis : null,
    answersRumor: s.answersRumor === true,
    start: offset(s.start),
    end: offset(s.end),
    speaker:
      sp && typeof sp.text === 'string' && sp.text.trim() && spStart !== null && spEnd !== null
        ? { text: sp.text.slice(0, 500), figureId: sp.figureId ?? null, start: spStart, end: spEnd }
        : null,
  };
}
