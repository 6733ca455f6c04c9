/**
 * The core registry: every deterministic scorer, by the `type` written in suites. Model-graded and
 * metric scorers live in their own files and are merged in by the composition root.
 */
import { choiceScorer } from './choice.js';
import { isJsonScorer } from './is-json.js';
import { latencyScorer } from './latency.js';
import { lengthScorer, wordCountScorer } from './length.js';
import { levenshteinScorer } from './levenshtein.js';
import { regexScorer } from './regex.js';
import { textScorers } from './text.js';
import type { ScorerDefinition, ScorerRegistry } from './types.js';

export const coreScorers: ScorerRegistry = {
  ...textScorers,
  regex: regexScorer,
  'is-json': isJsonScorer,
  levenshtein: levenshteinScorer,
  'word-count': wordCountScorer,
  length: lengthScorer,
  latency: latencyScorer,
  choice: choiceScorer,
};

const NOT = 'not-';

/** Finds the definition for `type`, reading a `not-` prefix as negation of a negatable scorer. */
export const resolveScorer = (
  registry: ScorerRegistry,
  type: string,
): { definition: ScorerDefinition; negated: boolean } | undefined => {
  const direct = Object.hasOwn(registry, type) ? registry[type] : undefined;
  if (direct) return { definition: direct, negated: false };
  if (!type.startsWith(NOT)) return undefined;
  const base = type.slice(NOT.length);
  const definition = Object.hasOwn(registry, base) ? registry[base] : undefined;
  return definition?.negatable ? { definition, negated: true } : undefined;
};

/** Every type a suite may write, `not-` forms included, sorted. */
export const scorerTypes = (registry: ScorerRegistry): string[] =>
  Object.entries(registry)
    .flatMap(([type, def]) => (def.negatable ? [type, `${NOT}${type}`] : [type]))
    .sort();
