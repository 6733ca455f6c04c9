/** `word-count` and `length`: the output's size stays within bounds. */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';

const BoundsArgs = z
  .strictObject({ min: z.int().nonnegative().optional(), max: z.int().nonnegative().optional() })
  .superRefine((args, ctx) => {
    if (args.min === undefined && args.max === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'indiquez min, max ou les deux' });
    } else if (args.min !== undefined && args.max !== undefined && args.min > args.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${args.max}) est inférieur à min (${args.min})` });
    }
  });

type Bounds = z.infer<typeof BoundsArgs>;

const boundsText = ({ min, max }: Bounds): string => {
  if (min !== undefined && max !== undefined) return `entre ${min} et ${max}`;
  return min !== undefined ? `au moins ${min}` : `au plus ${String(max)}`;
};

const boundedScorer = (type: string, unit: string, description: string, measure: (output: string) => number): ScorerDefinition<typeof BoundsArgs> => ({
  description,
  args: BoundsArgs,
  negatable: true,
  create: (args) => (output) => {
    const n = measure(output);
    const pass = (args.min === undefined || n >= args.min) && (args.max === undefined || n <= args.max);
    return { type, value: pass ? 1 : 0, pass, reason: `${n} ${unit}, attendu ${boundsText(args)}` };
  },
});

/** Words are runs of non-whitespace characters. */
export const countWords = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

/** Characters as code points (an accented letter or an emoji counts once), leading and trailing spaces excluded. */
export const countCharacters = (text: string): number => Array.from(text.normalize('NFC').trim()).length;

export const wordCountScorer = boundedScorer('word-count', 'mot(s)', 'nombre de mots de la sortie entre min et max', countWords);
export const lengthScorer = boundedScorer('length', 'caractère(s)', 'nombre de caractères de la sortie entre min et max (espaces autour exclus)', countCharacters);
