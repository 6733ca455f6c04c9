/**
 * The report's own pick when summary.json carries no recommendations (stats/recommendations not
 * run): the highest pass rate, ties broken by lower energy, then lower latency. No statistical
 * test is involved, and the page says so.
 */
import type { ModelAggregate } from './aggregate.js';

/** Pass rates closer than this are equal: they come from rounded ratios of small counts. */
const EPSILON = 1e-9;

/** Unknown values sort last whichever the direction. */
const ascending = (a: number | null, b: number | null): number => {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return Math.abs(a - b) < EPSILON ? 0 : a - b;
};
const descending = (a: number | null, b: number | null): number => {
  if (a === null || b === null) return ascending(a, b);
  return ascending(b, a);
};

export type FallbackPick = { recommended: string | null; mostAccurate: string | null };

export const fallbackPick = (models: readonly ModelAggregate[]): FallbackPick => {
  const rated = models.filter((m) => m.passRate !== null);
  const first = (cmp: (a: ModelAggregate, b: ModelAggregate) => number): string | null =>
    [...rated].sort((a, b) => cmp(a, b) || a.model.localeCompare(b.model))[0]?.model ?? null;
  return {
    recommended: first((a, b) =>
      descending(a.passRate, b.passRate)
      || ascending(a.energy?.whPerCase ?? null, b.energy?.whPerCase ?? null)
      || ascending(a.latencyP50Ms, b.latencyP50Ms)),
    mostAccurate: first((a, b) =>
      descending(a.passRate, b.passRate)
      || descending(a.meanScore, b.meanScore)
      || ascending(a.energy?.whPerCase ?? null, b.energy?.whPerCase ?? null)),
  };
};
