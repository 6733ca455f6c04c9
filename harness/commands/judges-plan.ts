/**
 * Which judges a campaign needs, checked before anything runs: every suite with a model-graded
 * scorer must name a judge (or the config a default), every judge must be a model of the config,
 * and the hosting policy applies to judges as to candidates (they see the case data too).
 */
import { invalidInput, type Issue } from '../core/errors.js';
import { HOSTING_LABELS } from '../core/labels.js';
import type { Suite, TestCase } from '../core/types.js';
import type { Config } from '../config/schema.js';
import { JUDGE_TYPES } from '../scorers/judge/scorers.js';
import { isAllowed, type Policy } from '../sovereignty/policy.js';

type Override = { suite: string; model: string };

export const planJudges = (suites: readonly Suite[], config: Config, overrides: readonly Override[]) => {
  const issues: Issue[] = [];
  const ids = new Set<string>();
  const warnings: string[] = [];
  for (const suite of suites) {
    const graded = suite.cases.flatMap((c) => c.assert).filter((a) => JUDGE_TYPES.has(a.type));
    if (graded.length === 0) continue;
    const named = new Set([...(suite.judges ?? config.defaults.judges), ...graded.flatMap((a) => (a.judge === undefined ? [] : Array.isArray(a.judge) ? a.judge.map(String) : [String(a.judge)]))]);
    if (named.size === 0) {
      issues.push({ at: { file: suite.file, line: 1 }, path: 'judge', message: `la suite « ${suite.id} » emploie un critère évalué par un modèle (${[...new Set(graded.map((a) => a.type))].join(', ')}) mais ne nomme aucun juge`, hint: 'ajoutez `judge: <id de modèle>` à la suite, ou defaults.judge à la configuration' });
    }
    for (const id of named) {
      const m = config.models.find((x) => x.id === id);
      if (!m) {
        issues.push({ at: { file: suite.file, line: 1 }, path: 'judge', message: `juge « ${id} » absent de la configuration` });
        continue;
      }
      ids.add(id);
      if (!isAllowed(config.policy, suite.classification, m.hosting) && !overrides.some((o) => o.suite === suite.id && o.model === id)) {
        warnings.push(`${suite.id} : le juge ${id} (${HOSTING_LABELS[m.hosting]}) ne peut pas voir des données « ${suite.classification} » ; ses critères seront en erreur, rien ne lui sera envoyé`);
      }
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
  return {
    ids: [...ids],
    warnings,
    refusal:
      (policy: Policy) =>
      (judge: { id: string; hosting: Config['models'][number]['hosting'] }, suite: Suite, testCase: TestCase): string | undefined => {
        const classification = testCase.classification ?? suite.classification;
        if (isAllowed(policy, classification, judge.hosting) || overrides.some((o) => o.suite === suite.id && o.model === judge.id)) return undefined;
        return `données « ${classification} » non autorisées vers « ${HOSTING_LABELS[judge.hosting]} »`;
      },
  };
};
