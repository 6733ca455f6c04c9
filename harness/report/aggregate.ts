/**
 * Groups summary cells by community, then by model: the pooled figures the synthesis and the
 * accuracy-versus-energy chart show for a community that has several suites. Pure.
 */
import { cellEnergy, pooledEnergy, type CarbonSetting, type EnergyFigure } from './energy.js';
import type { ResultsDigest } from './results-digest.js';
import type { ReportCell, ReportManifest } from './view-types.js';

export type ModelAggregate = {
  model: string;
  n: number;
  passed: number;
  errors: number;
  /** Σ passed / Σ n over the community's suites (errors count as not passed). */
  passRate: number | null;
  /** Case-weighted mean of the suites' mean scores. */
  meanScore: number | null;
  /** Case-weighted mean of the suites' median latencies: a tie-breaker, not shown as a percentile. */
  latencyP50Ms: number | null;
  energy: EnergyFigure | null;
};

export type CommunityAggregate = { community: string; suites: string[]; models: ModelAggregate[] };

const weighted = (cells: ReportCell[], pick: (c: ReportCell) => number | null): number | null => {
  const known = cells.filter((c) => pick(c) !== null && c.n > 0);
  const n = known.reduce((s, c) => s + c.n, 0);
  return n === 0 ? null : known.reduce((s, c) => s + pick(c)! * c.n, 0) / n;
};

export const digestKey = (suite: string, model: string): string => JSON.stringify([suite, model]);

/** Energy of every cell, keyed by `digestKey`. */
export const energyByCell = (cells: ReportCell[], digest: ResultsDigest, carbon: CarbonSetting): Map<string, EnergyFigure | null> => {
  const digests = new Map(digest.cells.map((d) => [digestKey(d.suite, d.model), d]));
  return new Map(cells.map((c) => [digestKey(c.suite, c.model), cellEnergy(c, digests.get(digestKey(c.suite, c.model)), carbon)]));
};

/** Communities in the manifest's suite order, then any met only in the summary. */
export const communityOrder = (manifest: ReportManifest, cells: ReportCell[]): string[] => {
  const order: string[] = [];
  for (const c of [...manifest.suites.map((s) => s.community ?? ''), ...cells.map((c) => c.community)]) {
    if (c && !order.includes(c)) order.push(c);
  }
  return order.filter((c) => cells.some((cell) => cell.community === c));
};

/** One aggregate per model over `cells` (one suite, or every suite of a community). */
export const aggregateModels = (cells: ReportCell[], energy: Map<string, EnergyFigure | null>): ModelAggregate[] =>
  [...new Set(cells.map((c) => c.model))].map((model): ModelAggregate => {
    const own = cells.filter((c) => c.model === model);
    const n = own.reduce((s, c) => s + c.n, 0);
    const passed = own.reduce((s, c) => s + c.passed, 0);
    return {
      model,
      n,
      passed,
      errors: own.reduce((s, c) => s + c.errors, 0),
      passRate: n === 0 ? null : passed / n,
      meanScore: weighted(own, (c) => c.meanScore),
      latencyP50Ms: weighted(own, (c) => c.latencyMs.p50),
      energy: pooledEnergy(own.map((c) => ({ n: c.n, energy: energy.get(digestKey(c.suite, c.model)) ?? null }))),
    };
  });

export const aggregateCommunities = (
  manifest: ReportManifest,
  cells: ReportCell[],
  energy: Map<string, EnergyFigure | null>,
): CommunityAggregate[] =>
  communityOrder(manifest, cells).map((community) => {
    const mine = cells.filter((c) => c.community === community);
    return { community, suites: [...new Set(mine.map((c) => c.suite))], models: aggregateModels(mine, energy) };
  });
