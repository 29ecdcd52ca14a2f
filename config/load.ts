import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** A config file that does not validate: the message names the file, the entry and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates one YAML file. Array entries are named by their `id` when they have one, so a bad
 * watchlist entry reads `config/watchlist.yaml: figures[2] (qais-al-khazali).aliases[0]: must not be empty`.
 */
export function loadYaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(file, text, schema);
}

export function parseConfig<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const msgs = r.error.issues.slice(0, 5).map((i) => `${file}: ${describePath(raw, i.path)}: ${i.message}`);
  throw new ConfigError(msgs.join('\n'));
}

function describePath(root: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const id = node && typeof node === 'object' ? (node as Record<string, unknown>).id : undefined;
      if (typeof id === 'string') out += ` (${id})`;
    } else {
      out += (out ? '.' : '') + String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
    }
  }
  return out || '(top level)';
}
