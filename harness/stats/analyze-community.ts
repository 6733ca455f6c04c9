/**
 * Community level: the cases of all the community's suites pooled into one scope, so a model is
 * judged on everything the community asked of it. Only models that ran every suite qualify: a
 * model absent from the hardest suite must not look better for it.
 */
import type { Hosting } from '../core/types.js';
import type { CommunityComparison, CommunityGroup, CommunityRecommendation } from './analyze-types.js';
import type { BootstrapOptions } from './bootstrap.js';
import { cellEstimates } from './cell-stats.js';
import { frList, frPercent } from './fr-format.js';
import { tiedWithBest } from './groups.js';
import type { Candidate } from './recommend.js';
import { recommend } from './recommend.js';
import { compareAll } from './scope.js';
import type { CaseTrials } from './trials.js';

export type CommunityInput = {
  community: string;
  /** Suites of the community that have results, with their target pass rate if any. */
  suites: { id: string; target?: number; cells: Map<string, CaseTrials> }[];
  hostingOf: (model: string) => Hosting | null;
  opts: BootstrapOptions & { alpha: number; energyHungryFactor: number };
};

export type CommunityOutput = {
  comparisons: CommunityComparison[];
  group: CommunityGroup;
  recommendation: CommunityRecommendation;
};

const targetLabel = (targets: number[]): string | undefined => {
  if (targets.length === 0) return undefined;
  return targets.every((t) => t === targets[0]) ? frPercent(targets[0]!) : `celui de chaque suite : ${frList(targets.map(frPercent))}`;
};

export const analyzeCommunity = ({ community, suites, hostingOf, opts }: CommunityInput): CommunityOutput => {
  const seen = [...new Set(suites.flatMap((s) => [...s.cells.keys()]))].sort();
  const complete = seen.filter((m) => suites.every((s) => s.cells.has(m)));
  const excluded = seen.filter((m) => !complete.includes(m));

  // Case ids are unique within a suite only: the suite id is part of the pooled key.
  const pooled = new Map<string, CaseTrials>();
  for (const model of complete) {
    const merged: CaseTrials = new Map();
    for (const s of suites) for (const [caseId, trials] of s.cells.get(model)!) merged.set(`${s.id}\u0000${caseId}`, trials);
    pooled.set(model, merged);
  }

  const targets = suites.flatMap((s) => (s.target === undefined ? [] : [{ id: s.id, target: s.target }]));
  const rows = complete.map((model) => {
    const e = cellEstimates(pooled.get(model)!);
    // A mean over only some suites would compare unlike workloads: energy unknown unless known everywhere.
    const energyEverywhere = suites.every((s) => cellEstimates(s.cells.get(model)!).energyKnown > 0);
    const estimates = energyEverywhere ? e : { ...e, energyPerCaseJ: null, energyMeasured: false };
    const meetsTarget = targets.length === 0
      ? undefined
      : targets.every((t) => (cellEstimates(suites.find((s) => s.id === t.id)!.cells.get(model)!).passRate ?? 0) >= t.target);
    const candidate: Candidate = {
      model,
      hosting: hostingOf(model),
      passRate: estimates.passRate,
      meanScore: estimates.meanScore,
      energyPerCaseJ: estimates.energyPerCaseJ,
      energyMeasured: estimates.energyMeasured,
      latencyP50Ms: estimates.latencyP50Ms,
      ...(meetsTarget === undefined ? {} : { meetsTarget }),
    };
    return { model, estimates, candidate };
  });
  const candidates = rows.map((r) => r.candidate);

  // Intervals are left out at this level: the suites carry them, and pooled cases would multiply
  // the bootstrap cost; the recommendation needs only the tests.
  const comparisons = compareAll(pooled, { ...opts, intervals: false }).map((c) => ({ community, ...c }));
  const label = targetLabel(targets.map((t) => t.target));
  const rec = recommend(candidates, comparisons, { alpha: opts.alpha, energyHungryFactor: opts.energyHungryFactor, ...(label ? { targetLabel: label } : {}) });
  return {
    comparisons,
    group: { community, ...tiedWithBest(candidates, comparisons, opts.alpha) },
    recommendation: {
      community,
      suites: suites.map((s) => s.id),
      excluded,
      estimates: rows.map((r) => ({ model: r.model, ...r.estimates })),
      ...rec,
    },
  };
};
