/** `not-<type>`: the inverse of a deterministic scorer. */
import type { Score } from '../core/types.js';
import type { Scorer } from './types.js';

/** Inverts one score: value 1 - v (null stays null), pass flipped for applicable scores. */
export const negateScore = (score: Score): Score => ({
  type: `not-${score.type}`,
  value: score.value === null ? null : 1 - score.value,
  // A not-applicable score stays a non-pass: « not » of « cannot tell » is still « cannot tell ».
  pass: score.value === null ? false : !score.pass,
  reason: `NON : ${score.reason}`,
});

export const negateScorer =
  (scorer: Scorer): Scorer =>
  async (output, ctx) =>
    negateScore(await scorer(output, ctx));
