/**
 * zod issues → problems a contributor can read: a dotted path and a plain French message. Used for
 * suites, datasets, config and assertion arguments: every loader of files a person writes.
 */
import type { z } from 'zod';
import { suggestName } from './suggest.js';

export type Problem = { path: string; message: string; hint?: string };

export type ZodIssue = z.core.$ZodIssue;
type Issue = ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'texte', number: 'nombre', int: 'nombre entier', boolean: 'booléen (true ou false)', array: 'liste',
  object: 'objet (clé: valeur)', record: 'objet (clé: valeur)', null: 'vide (null)',
};

const typeName = (t: string): string => TYPE_NAMES[t] ?? t;

const received = (v: unknown): string => {
  if (v === null) return 'vide (null)';
  if (Array.isArray(v)) return 'liste';
  if (typeof v === 'number' && !Number.isFinite(v)) return 'nombre non fini';
  return typeName(typeof v);
};

/** zod's default English messages; anything else was written by us in French and is kept. */
const isZodDefault = (message: string): boolean => /^(Invalid|Too (big|small)|Unrecognized)/.test(message);

export const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
};

const bound = (origin: string, n: unknown, side: 'min' | 'max', inclusive: boolean): string => {
  const word = side === 'min' ? 'au moins' : 'au plus';
  if (origin === 'string') return side === 'min' && n === 1 ? 'ne doit pas être vide' : `${word} ${String(n)} caractère(s)`;
  if (origin === 'array' || origin === 'set') return `${word} ${String(n)} élément(s)`;
  const sign = side === 'min' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `doit être ${sign} ${String(n)}`;
};

/** One French sentence for one issue; `value` is what was found at the issue's path. */
export const frenchIssueMessage = (issue: Issue, value: unknown): string => {
  const missing = value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union');
  if (!isZodDefault(issue.message)) return missing ? `champ obligatoire manquant (${issue.message})` : issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return missing ? `champ obligatoire manquant (${typeName(issue.expected)} attendu)` : `${typeName(issue.expected)} attendu, reçu ${received(value)}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, 'min', issue.inclusive ?? true);
    case 'too_big':
      return bound(issue.origin, issue.maximum, 'max', issue.inclusive ?? true);
    case 'unrecognized_keys':
      return `champ inconnu : ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
    case 'invalid_value':
      return `valeur non admise, valeurs possibles : ${issue.values.map((v) => `« ${String(v)} »`).join(', ')}`;
    case 'invalid_union':
      return missing ? 'champ obligatoire manquant' : 'forme non reconnue';
    case 'invalid_format':
      return `format invalide (${issue.format} attendu)`;
    case 'not_multiple_of':
      return `doit être un multiple de ${String(issue.divisor)}`;
    default:
      return 'valeur invalide';
  }
};

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Maps every issue of `error` to a problem. Give `opts.input` (the parsed object) or parse with
 * `{ reportInput: true }` so messages can tell a missing field from a wrong one. Unknown keys get
 * one problem each, at their own path, with a did-you-mean among `opts.knownKeys` (top level).
 */
export const zodIssuesToProblems = (error: z.ZodError, opts: { input?: unknown; knownKeys?: readonly string[] } = {}): Problem[] =>
  error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const close = issue.path.length === 0 && opts.knownKeys ? suggestName(key, opts.knownKeys) : undefined;
        return { path: joinPath([...issue.path, key]), message: `champ inconnu « ${key} »`, ...(close ? { hint: `vouliez-vous dire « ${close} » ?` } : {}) };
      });
    }
    const value = opts.input === undefined ? issue.input : valueAt(opts.input, issue.path);
    return [{ path: joinPath(issue.path), message: frenchIssueMessage(issue, value) }];
  });
