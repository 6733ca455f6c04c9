/**
 * Headline figures of a group of cells (a run, a community, a model): counts add up; latency and
 * score come from the case lines when the store has them, because percentiles of several cells
 * cannot be pooled from the cells' own percentiles.
 */
import { percentile } from '../../stats/percentile.js';
import type { CaseRecord, CellRecord } from './types.js';

export type Figures = {
  n: number;
  passed: number;
  failed: number;
  errors: number;
  /** 0..1, errors count as not passed; null when there is no case. */
  passRate: number | null;
  meanScore: number | null;
  latencyP50Ms: number | null;
  /** Case-weighted mean; null as soon as one cell is unknown (a partial mean would flatter). */
  energyWhPerCase: number | null;
  gCo2ePerCase: number | null;
};

const round = (x: number | null, digits: number): number | null => (x === null ? null : Number(x.toFixed(digits)));

const weighted = (cells: readonly CellRecord[], pick: (c: CellRecord) => number | null): number | null => {
  const n = cells.reduce((s, c) => s + c.n, 0);
  if (n === 0 || cells.some((c) => pick(c) === null)) return null;
  return cells.reduce((s, c) => s + pick(c)! * c.n, 0) / n;
};

const scoreOf = (cells: readonly CellRecord[], cases: readonly CaseRecord[]): number | null => {
  if (cases.length > 0) {
    const scores = cases.flatMap((c) => (c.score === null ? [] : [c.score]));
    return scores.length === 0 ? null : round(scores.reduce((s, x) => s + x, 0) / scores.length, 4);
  }
  return round(weighted(cells.filter((c) => c.meanScore !== null), (c) => c.meanScore), 4);
};

const latencyOf = (cells: readonly CellRecord[], cases: readonly CaseRecord[]): number | null => {
  const latencies = cases.flatMap((c) => (c.latencyMs === null ? [] : [c.latencyMs])).sort((a, b) => a - b);
  if (latencies.length > 0) return round(percentile(latencies, 50), 1); // rounded like summary.json
  return cells.length === 1 ? cells[0]!.latencyP50Ms : null;
};

export const poolFigures = (cells: readonly CellRecord[], cases: readonly CaseRecord[]): Figures => {
  const sum = (pick: (c: CellRecord) => number) => cells.reduce((s, c) => s + pick(c), 0);
  const n = sum((c) => c.n);
  const passed = sum((c) => c.passed);
  return {
    n,
    passed,
    failed: sum((c) => c.failed),
    errors: sum((c) => c.errors),
    passRate: n === 0 ? null : round(passed / n, 4),
    meanScore: scoreOf(cells, cases),
    latencyP50Ms: latencyOf(cells, cases),
    energyWhPerCase: weighted(cells, (c) => c.energyWhPerCase),
    gCo2ePerCase: weighted(cells, (c) => c.gCo2ePerCase),
  };
};
