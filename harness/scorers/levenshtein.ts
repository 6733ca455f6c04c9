/** Edit distance and the `levenshtein` similarity scorer. */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';
import { frenchDecimal, normalizeText, quote } from './normalize.js';
import { TextValue } from './text.js';
import { levenshteinDistance } from '../core/edit-distance.js';

export { levenshteinDistance };

export const levenshteinSimilarity = (a: string, b: string): number => {
  const longest = Math.max(Array.from(a).length, Array.from(b).length);
  return longest === 0 ? 1 : 1 - levenshteinDistance(a, b) / longest;
};

const LevenshteinArgs = z.strictObject({
  value: TextValue.optional(),
  threshold: z.number().min(0).max(1).default(0.7),
});

export const levenshteinScorer: ScorerDefinition<typeof LevenshteinArgs> = {
  description: 'similarité de Levenshtein avec la valeur ou la référence (seuil par défaut 0,70)',
  args: LevenshteinArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) => {
    const expected = args.value ?? ctx.reference;
    if (expected === undefined) {
      return { type: 'levenshtein', value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' };
    }
    const similarity = levenshteinSimilarity(normalizeText(output), normalizeText(expected));
    const pass = similarity >= args.threshold;
    const sign = pass ? '≥' : '<';
    const detail = `similarité ${frenchDecimal(similarity)} ${sign} seuil ${frenchDecimal(args.threshold)}`;
    return { type: 'levenshtein', value: similarity, pass, reason: pass ? detail : `${detail} (attendu ${quote(expected, 40)})` };
  },
};
