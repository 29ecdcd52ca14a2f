import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/**
 * Place id -> English name from the gazetteer (config/places.yaml: `places: [{id, name, aliases}]`). Read
 * tolerantly: the translate stage only needs id and name, so an absent file means "no places" and entries
 * without them are skipped; validating the gazetteer is the analyze stage's business.
 */
export function loadPlaceNames(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new Error(`${file}: cannot read (${(e as Error).message})`);
  }
  const raw: unknown = parseYaml(text);
  const list: unknown = Array.isArray(raw) ? raw : (raw as { places?: unknown } | null)?.places;
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const p of list as Array<Record<string, unknown>>) {
    if (p && typeof p.id === 'string' && typeof p.name === 'string') out.set(p.id, p.name);
  }
  return out;
}
