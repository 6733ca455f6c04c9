/**
 * A community's outcome, built only from its suites' verdicts (never from cases pooled across
 * suites, which would compare models on different cases): one model for the whole community only
 * when it is good enough on every suite — the least energy over all the suites' cases when several
 * are and every energy is known; otherwise the outcome of each suite.
 */
import { communityReason } from './verdict-reason.js';
import type { CommunityVerdict, SuiteVerdict } from './verdict-types.js';

export const communityVerdict = (community: string, suites: readonly SuiteVerdict[]): CommunityVerdict => {
  const perSuite = suites.map((s) => ({ suite: s.suite, state: s.state, recommended: s.recommended, goodEnough: s.goodEnough }));
  const goodEverywhere = suites.length === 0 ? [] : suites[0]!.goodEnough.filter((m) => suites.every((s) => s.goodEnough.includes(m))).sort();
  const base = { community, perSuite, goodEverywhere, model: null, frugal: false };
  let v: CommunityVerdict;
  if (suites.length === 0 || suites.every((s) => s.state === 'no-candidate')) v = { ...base, state: 'no-candidate', reason: '' };
  else if (goodEverywhere.length === 1) v = { ...base, state: 'single-model', model: goodEverywhere[0]!, reason: '' };
  else if (goodEverywhere.length > 1) {
    // Energy over every case of every suite: the same cases for each of these models.
    const total = (model: string): number | null => {
      let sum = 0;
      for (const s of suites) {
        const e = s.models.find((m) => m.model === model)?.energyPerCaseJ ?? null;
        if (e === null) return null;
        sum += e * s.comparedCases;
      }
      return sum;
    };
    const energies = goodEverywhere.map((m) => ({ model: m, joules: total(m) }));
    if (energies.some((e) => e.joules === null)) v = { ...base, state: 'energy-unknown', reason: '' };
    else {
      const least = [...energies].sort((x, y) => x.joules! - y.joules! || x.model.localeCompare(y.model))[0]!;
      v = { ...base, state: 'single-model', model: least.model, frugal: true, reason: '' };
    }
  } else if (suites.every((s) => s.state === 'indeterminate' || s.state === 'no-candidate')) v = { ...base, state: 'indeterminate', reason: '' };
  else v = { ...base, state: 'per-suite', reason: '' };
  return { ...v, reason: communityReason(v) };
};
