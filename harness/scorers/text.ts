/** Text comparison scorers: equals, contains (and its case/any/all variants), starts-with. */
import { z } from 'zod';
import type { Score } from '../core/types.js';
import type { ScorerDefinition, ScorerRegistry } from './types.js';
import { normalizeText, quote } from './normalize.js';

/** A text `value`; numbers are accepted and stringified (YAML reads `value: 2024` as a number). */
export const TextValue = z.union([z.string().min(1), z.number().transform(String)], { error: 'texte attendu' });

/** A list of texts: a YAML list, or one string split on commas (promptfoo accepts both). */
export const TextList = z
  .union([z.array(z.union([z.string().min(1), z.number().transform(String)])), z.string()], {
    error: 'liste de textes attendue (ou textes séparés par des virgules)',
  })
  .transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : v))
  .refine((list) => list.length > 0, { message: 'au moins un texte attendu' });

const EqualsArgs = z.strictObject({
  value: TextValue.optional(),
  ignoreCase: z.boolean().default(false),
  ignoreWhitespace: z.boolean().default(false),
  ignoreAccents: z.boolean().default(false),
});

const binary = (type: string, pass: boolean, reason: string): Score => ({ type, value: pass ? 1 : 0, pass, reason });

export const equalsScorer: ScorerDefinition<typeof EqualsArgs> = {
  description: 'sortie identique à la valeur ou à la référence (options ignoreCase, ignoreWhitespace, ignoreAccents)',
  args: EqualsArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) => {
    const expected = args.value ?? ctx.reference;
    if (expected === undefined) {
      return { type: 'equals', value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' };
    }
    const pass = normalizeText(output, args) === normalizeText(expected, args);
    return binary('equals', pass, pass ? `identique à ${quote(expected)}` : `attendu ${quote(expected)}, obtenu ${quote(output)}`);
  },
};

const fold = (text: string, ignoreCase: boolean): string => (ignoreCase ? text.toLowerCase() : text).normalize('NFC');
const caseNote = (ignoreCase: boolean): string => (ignoreCase ? ' (casse ignorée)' : '');

const ContainsArgs = z.strictObject({ value: TextValue });

const containsScorer = (type: string, ignoreCase: boolean): ScorerDefinition<typeof ContainsArgs> => ({
  description: `la sortie contient le texte donné${ignoreCase ? ', sans tenir compte de la casse' : ''}`,
  args: ContainsArgs,
  negatable: true,
  create: (args) => {
    const needle = fold(args.value, ignoreCase);
    return (output) => {
      const pass = fold(output, ignoreCase).includes(needle);
      return binary(type, pass, `${pass ? 'contient' : 'ne contient pas'} ${quote(args.value)}${caseNote(ignoreCase)}`);
    };
  },
});

const ListArgs = z.strictObject({ value: TextList });

const containsListScorer = (type: string, mode: 'any' | 'all', ignoreCase: boolean): ScorerDefinition<typeof ListArgs> => ({
  description: `la sortie contient ${mode === 'any' ? 'au moins un' : 'chacun'} des textes donnés${ignoreCase ? ', sans tenir compte de la casse' : ''}`,
  args: ListArgs,
  negatable: true,
  create: (args) => (output) => {
    const haystack = fold(output, ignoreCase);
    const found = args.value.filter((v) => haystack.includes(fold(v, ignoreCase)));
    const missing = args.value.filter((v) => !found.includes(v));
    const note = caseNote(ignoreCase);
    if (mode === 'any') {
      const first = found[0];
      return first !== undefined
        ? binary(type, true, `contient ${quote(first)}${note}`)
        : binary(type, false, `ne contient aucun de ${args.value.map((v) => quote(v, 30)).join(', ')}${note}`);
    }
    return missing.length === 0
      ? binary(type, true, `contient les ${args.value.length} textes attendus${note}`)
      : binary(type, false, `il manque ${missing.map((v) => quote(v, 30)).join(', ')}${note}`);
  },
});

const startsWithScorer: ScorerDefinition<typeof ContainsArgs> = {
  description: 'la sortie commence par le texte donné (espaces de début ignorés)',
  args: ContainsArgs,
  negatable: true,
  create: (args) => (output) => {
    // Models often open with a blank line; that is not what an author means by « starts with ».
    const pass = output.normalize('NFC').trimStart().startsWith(args.value.normalize('NFC'));
    return binary('starts-with', pass, pass ? `commence par ${quote(args.value)}` : `ne commence pas par ${quote(args.value)} (début : ${quote(output.trimStart(), 30)})`);
  },
};

export const textScorers: ScorerRegistry = {
  equals: equalsScorer,
  contains: containsScorer('contains', false),
  icontains: containsScorer('icontains', true),
  'contains-any': containsListScorer('contains-any', 'any', false),
  'contains-all': containsListScorer('contains-all', 'all', false),
  'icontains-any': containsListScorer('icontains-any', 'any', true),
  'icontains-all': containsListScorer('icontains-all', 'all', true),
  'starts-with': startsWithScorer,
};
