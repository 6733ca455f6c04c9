/**
 * Turns assertions into scorers (with every problem found, for the suite loader) and scores one
 * case's output against its assertions.
 */
import { z } from 'zod';
import { HarnessError, errorMessage } from '../core/errors.js';
import type { Assertion, Score } from '../core/types.js';
import { negateScorer } from './negate.js';
import { resolveScorer, scorerTypes } from './registry.js';
import { suggestName } from '../core/suggest.js';
import type { ScoreContext, Scorer, ScorerRegistry } from './types.js';
import { zodIssuesToProblems, type Problem } from '../core/zod-messages.js';

export type CompiledAssertion =
  | { ok: true; scorer: Scorer; weight: number; type: string }
  | { ok: false; problems: Problem[] };

export type CaseEvaluation = { scores: Score[]; score: number | null; pass: boolean };

const typeProblem = (registry: ScorerRegistry, type: unknown): Problem | undefined => {
  if (typeof type !== 'string' || type === '') return { path: 'type', message: 'type de critère manquant (texte attendu)' };
  if (resolveScorer(registry, type)) return undefined;
  const base = type.slice('not-'.length);
  if (type.startsWith('not-') && Object.hasOwn(registry, base)) return { path: 'type', message: `le critère « ${base} » ne peut pas être inversé avec not-` };
  const close = suggestName(type, scorerTypes(registry));
  const hint = close ? `vouliez-vous dire « ${close} » ?` : 'voir la liste : bac-a-sable list scorers';
  return { path: 'type', message: `type de critère inconnu « ${type} »`, hint };
};

/**
 * Validates one assertion and builds its scorer. Problems have paths relative to the assertion
 * (`type`, `value`, `threshold`…). The `at` location added by the suite loader is ignored.
 */
export const compileAssertion = (registry: ScorerRegistry, assertion: Assertion): CompiledAssertion => {
  const { type, weight, at: _at, ...args } = assertion;
  const problems: Problem[] = [];
  const bad = typeProblem(registry, type);
  if (bad) problems.push(bad);
  if (weight !== undefined && !(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) {
    problems.push({ path: 'weight', message: 'le poids doit être un nombre ≥ 0' });
  }
  const resolved = bad ? undefined : resolveScorer(registry, type);
  if (!resolved) return { ok: false, problems };
  const { definition, negated } = resolved;
  const parsed = definition.args.safeParse(args, { reportInput: true });
  if (!parsed.success) {
    const knownKeys = [...(definition.args instanceof z.ZodObject ? Object.keys(definition.args.shape) : []), 'weight'];
    problems.push(...zodIssuesToProblems(parsed.error, { input: args, knownKeys }));
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  let base: Scorer;
  try {
    base = definition.create(parsed.data);
  } catch (e) {
    return { ok: false, problems: [{ path: '', message: `critère « ${type} » inutilisable : ${errorMessage(e)}` }] };
  }
  const inner = negated ? negateScorer(base) : base;
  // The written type (`not-contains`, `icontains`) names the score, whatever the scorer reports.
  const scorer: Scorer = async (output, ctx) => ({ ...(await inner(output, ctx)), type });
  return { ok: true, scorer, weight: weight ?? 1, type };
};

const runScorer = async (compiled: CompiledAssertion & { ok: true }, output: string, ctx: ScoreContext): Promise<Score> => {
  try {
    return await compiled.scorer(output, ctx);
  } catch (e) {
    const code = e instanceof HarnessError ? e.code : 'provider-error';
    return { type: compiled.type, value: null, pass: false, reason: `erreur du critère : ${errorMessage(e)}`, error: { code, message: errorMessage(e) } };
  }
};

/** The assertion as a cache key: the loader's `at` differs per case but does not change the scorer. */
const cacheKey = (assertion: Assertion): string => {
  const { at: _at, ...rest } = assertion;
  return JSON.stringify(rest);
};

/**
 * Scores outputs against assertions, compiling each distinct assertion once. The case score is
 * the weighted mean of the applicable (non-null) values. The case passes when that score reaches
 * `threshold` if one is given (and the score is not null); otherwise when every applicable score
 * passes (a null score with no verdict fails the case); a case without assertions passes. Never
 * throws: a failing scorer or an invalid assertion yields a null score explaining why.
 */
export const createCaseEvaluator = (registry: ScorerRegistry) => {
  const cache = new Map<string, CompiledAssertion>();
  const compile = (assertion: Assertion): CompiledAssertion => {
    const key = cacheKey(assertion);
    let compiled = cache.get(key);
    if (!compiled) {
      compiled = compileAssertion(registry, assertion);
      cache.set(key, compiled);
    }
    return compiled;
  };
  return {
    async evaluate(assertions: readonly Assertion[], output: string, ctx: ScoreContext, threshold?: number): Promise<CaseEvaluation> {
      const scores: Score[] = [];
      let weighted = 0;
      let totalWeight = 0;
      for (const assertion of assertions) {
        const compiled = compile(assertion);
        if (!compiled.ok) {
          const detail = compiled.problems.map((p) => (p.path ? `${p.path} : ${p.message}` : p.message)).join(' ; ');
          scores.push({ type: String(assertion.type), value: null, pass: false, reason: `critère invalide : ${detail}` });
          continue;
        }
        const score = await runScorer(compiled, output, ctx);
        scores.push(score);
        if (score.value !== null) {
          weighted += compiled.weight * score.value;
          totalWeight += compiled.weight;
        }
      }
      const score = totalWeight > 0 ? weighted / totalWeight : null;
      // A not-applicable or failed scorer (no expected value, unknown latency, scorer error) fails
      // the case: a case never passes on a verdict that was not given.
      const allPass = scores.every((s) => s.pass);
      const pass = threshold !== undefined && score !== null ? score >= threshold : allPass;
      return { scores, score, pass };
    },
  };
};
