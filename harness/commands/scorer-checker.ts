/** Adapts the scorer registry to what the suite loader needs (suites never import scorers). */
import type { Assertion } from '../core/types.js';
import { compileAssertion } from '../scorers/evaluate.js';
import { resolveScorer, scorerTypes } from '../scorers/registry.js';
import { suggestName } from '../core/suggest.js';
import type { ScorerRegistry } from '../scorers/types.js';
import type { AssertionChecker } from '../suites/load-suite.js';

export const createAssertionChecker = (registry: ScorerRegistry): AssertionChecker => {
  const types = scorerTypes(registry);
  return {
    isKnown: (type) => resolveScorer(registry, type) !== undefined,
    suggest: (type) => suggestName(type, types),
    check: (assertion: Assertion) => {
      const compiled = compileAssertion(registry, assertion);
      return compiled.ok ? [] : compiled.problems;
    },
  };
};
