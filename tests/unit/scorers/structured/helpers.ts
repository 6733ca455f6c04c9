import type { Assertion, Score } from '../../../../harness/core/types.js';
import { compileAssertion } from '../../../../harness/scorers/evaluate.js';
import { structuredScorers } from '../../../../harness/scorers/registry-structured.js';
import type { ScoreContext } from '../../../../harness/scorers/types.js';

export const ctx = (over: Partial<ScoreContext> = {}): ScoreContext => ({ vars: {}, prompt: '', latencyMs: null, ...over });

/** Compiles one assertion with the structured registry and scores `output`; fails the test if invalid. */
export const score = async (assertion: Assertion, output: string, over: Partial<ScoreContext> = {}): Promise<Score> => {
  const compiled = compileAssertion(structuredScorers, assertion);
  if (!compiled.ok) throw new Error(`assertion invalide : ${JSON.stringify(compiled.problems)}`);
  return compiled.scorer(output, ctx(over));
};

/** The problems of an assertion that must not compile. */
export const problems = (assertion: Assertion) => {
  const compiled = compileAssertion(structuredScorers, assertion);
  if (compiled.ok) throw new Error(`assertion acceptée à tort : ${JSON.stringify(assertion)}`);
  return compiled.problems;
};
