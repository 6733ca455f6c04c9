/**
 * Plain-French messages for zod issues, so contributors read « nombre attendu, reçu texte » and
 * not zod's English. Shared by every loader (suites, datasets, config, assertions).
 */
import type { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: 'texte',
  number: 'nombre',
  int: 'nombre entier',
  boolean: 'booléen (true/false)',
  array: 'liste',
  object: 'objet (clé: valeur)',
  record: 'objet (clé: valeur)',
  null: 'vide',
  undefined: 'absent',
};

const received = (input: unknown): string => {
  if (input === undefined) return 'absent';
  if (input === null) return 'vide';
  if (Array.isArray(input)) return 'liste';
  return TYPE_NAMES[typeof input] ?? typeof input;
};

export type ZodIssue = z.core.$ZodIssue;

/** One French sentence for one zod issue (custom messages are kept as written). */
export const frenchZodMessage = (issue: ZodIssue, input?: unknown): string => {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `champ obligatoire manquant (${TYPE_NAMES[issue.expected] ?? issue.expected} attendu)`;
      return `${TYPE_NAMES[issue.expected] ?? issue.expected} attendu, reçu ${received(input)}`;
    case 'unrecognized_keys':
      return `champ inconnu : ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
    case 'invalid_value':
      return `valeur non admise : attendu ${issue.values.map((v) => `« ${String(v)} »`).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `au moins ${String(issue.minimum)} élément(s) attendu(s)`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'ne doit pas être vide' : `au moins ${String(issue.minimum)} caractères`;
      return `doit être ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `au plus ${String(issue.maximum)} élément(s)`;
      if (issue.origin === 'string') return `au plus ${String(issue.maximum)} caractères`;
      return `doit être ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_union':
      return 'forme non reconnue (voir le format dans docs/contribuer.md)';
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
};

/** Reads the value at `path` in `root`, to say what was received. */
export const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
};
