/**
 * The plan of a run: suites × models × cases × repeats, produced lazily so a 100,000-case suite
 * never exists as 100,000 job objects at once.
 */
import type { Suite, TestCase } from '../core/types.js';

export type Job = { suite: Suite; testCase: TestCase; model: string; repeat: number };

/** Identity of one result line: what resume compares. */
export const jobKey = (suite: string, caseId: string, model: string, repeat: number): string =>
  JSON.stringify([suite, caseId, model, repeat]);

/** Whether a model runs on a suite: models may be restricted to suite ids or communities. */
export const appliesTo = (only: readonly string[] | undefined, suite: Suite): boolean =>
  only === undefined || only.includes(suite.id) || only.includes(suite.community);

/**
 * The cases a model runs on one suite: all of them, or `perSuite` spread evenly from first to last
 * (deterministic, so a resumed or repeated campaign draws the same sample).
 */
export const sampleCases = <T>(cases: readonly T[], perSuite: number | undefined): readonly T[] => {
  if (perSuite === undefined || cases.length <= perSuite) return cases;
  const step = cases.length / perSuite;
  return Array.from({ length: perSuite }, (_, i) => cases[Math.floor(i * step + step / 2)]!);
};

export function* jobsForModel(
  suites: readonly Suite[],
  model: { id: string; suites?: readonly string[]; samplePerSuite?: number },
  repeat: number,
): Generator<Job> {
  for (const suite of suites) {
    if (!appliesTo(model.suites, suite)) continue;
    for (const testCase of sampleCases(suite.cases, model.samplePerSuite)) {
      for (let r = 1; r <= repeat; r++) yield { suite, testCase, model: model.id, repeat: r };
    }
  }
}

export const countJobs = (suites: readonly Suite[], models: readonly { suites?: readonly string[]; samplePerSuite?: number }[], repeat: number): number =>
  models.reduce((sum, m) => sum + suites.reduce((s, suite) => s + (appliesTo(m.suites, suite) ? sampleCases(suite.cases, m.samplePerSuite).length * repeat : 0), 0), 0);
