/**
 * `choice`: multiple choice. The expected answer is the case's reference (or `expected`), one of the
 * candidates in `value`. When the model can score continuations (in-process GGUF), the runner asks
 * it for the log-likelihood of each candidate and the output is the most likely one; otherwise the
 * model answers freely and its output must name exactly one candidate.
 */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';
import { normalizeText, quote } from './normalize.js';
import { TextList, TextValue } from './text.js';

const ChoiceArgs = z.strictObject({
  /** The candidate answers, in the order they are offered. */
  value: TextList.refine((l) => l.length >= 2, { message: 'au moins deux réponses possibles' }),
  /** The right candidate; default: the case reference. */
  expected: TextValue.optional(),
});

const norm = (text: string): string => normalizeText(text, { ignoreCase: true, ignoreAccents: true, ignoreWhitespace: false }).replace(/[.!?;:,«»"']+$/u, '').trim();

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The single candidate an answer names (exactly, or as the only candidate it contains), if any. */
export const pickCandidate = (output: string, candidates: readonly string[]): string | undefined => {
  const answer = norm(output);
  const exact = candidates.find((c) => norm(c) === answer);
  if (exact !== undefined) return exact;
  // Whole words only: candidate « a » must not match inside « la ».
  const named = candidates.filter((c) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(norm(c))}($|[^\\p{L}\\p{N}])`, 'u').test(answer));
  return named.length === 1 ? named[0] : undefined;
};

export const choiceScorer: ScorerDefinition<typeof ChoiceArgs> = {
  description: 'choix multiple : la réponse (ou la réponse la plus probable pour un modèle local) est la bonne parmi `value`',
  args: ChoiceArgs,
  negatable: false,
  usesReference: true,
  create: (args) => (output, ctx) => {
    const expected = args.expected ?? ctx.reference;
    if (expected === undefined) return { type: 'choice', value: null, pass: false, reason: 'aucune bonne réponse (expected ou référence) pour ce cas' };
    const picked = pickCandidate(output, args.value);
    if (picked === undefined) return { type: 'choice', value: 0, pass: false, reason: `aucune des réponses possibles n’est choisie sans ambiguïté dans ${quote(output)}` };
    const pass = norm(picked) === norm(expected);
    return { type: 'choice', value: pass ? 1 : 0, pass, reason: pass ? `bonne réponse ${quote(picked)}` : `choisi ${quote(picked)}, attendu ${quote(expected)}` };
  },
};
