/**
 * Which models are "statistiquement à égalité" with the best one of a suite (or community).
 *
 * The best model has the highest pass rate (then mean score, then id, so the choice is stable).
 * Another model is significantly below it when the Holm-adjusted McNemar p-value of their pair is
 * below α AND its pass rate is lower; otherwise it is tied: the data cannot tell them apart. A pair
 * without common cases cannot be tested; such models are listed apart, never counted as tied.
 */

/** A pairwise test, as produced by analyze.ts: differences are a − b. */
export type PairVerdict = { a: string; b: string; pAdjusted: number | null; diffPassRate: number | null };

export type ModelAccuracy = { model: string; passRate: number | null; meanScore: number | null };

export type TieGroup = {
  best: string | null;
  /** The best model and every model not significantly below it, best first. */
  tied: string[];
  /** Significantly below the best. */
  below: string[];
  /** No common case with the best: no test possible. */
  untested: string[];
  alpha: number;
};

/** The verdict for x against y, oriented so that `diff` is x − y; null when the pair was not compared. */
export const verdictFor = (list: readonly PairVerdict[], x: string, y: string): { pAdjusted: number | null; diff: number | null } | null => {
  for (const v of list) {
    if (v.a === x && v.b === y) return { pAdjusted: v.pAdjusted, diff: v.diffPassRate };
    if (v.a === y && v.b === x) return { pAdjusted: v.pAdjusted, diff: v.diffPassRate === null ? null : -v.diffPassRate };
  }
  return null;
};

/** True when x has a significantly higher pass rate than y (Holm-adjusted p < α, and x ahead). */
export const significantlyAbove = (list: readonly PairVerdict[], x: string, y: string, alpha = 0.05): boolean => {
  const v = verdictFor(list, x, y);
  return v !== null && v.pAdjusted !== null && v.pAdjusted < alpha && v.diff !== null && v.diff > 0;
};

const byAccuracy = (x: ModelAccuracy, y: ModelAccuracy): number =>
  (y.passRate ?? -1) - (x.passRate ?? -1) || (y.meanScore ?? -1) - (x.meanScore ?? -1) || x.model.localeCompare(y.model);

/** Ranks by accuracy; models without a pass rate (no result) take no part. */
export const bestModel = (models: readonly ModelAccuracy[]): string | null =>
  [...models].filter((m) => m.passRate !== null).sort(byAccuracy)[0]?.model ?? null;

export const tiedWithBest = (models: readonly ModelAccuracy[], verdicts: readonly PairVerdict[], alpha = 0.05): TieGroup => {
  const ranked = [...models].filter((m) => m.passRate !== null).sort(byAccuracy);
  const best = ranked[0]?.model ?? null;
  const group: TieGroup = { best, tied: best === null ? [] : [best], below: [], untested: [], alpha };
  for (const m of ranked.slice(1)) {
    const v = verdictFor(verdicts, best!, m.model);
    if (v === null || v.pAdjusted === null) group.untested.push(m.model);
    else if (significantlyAbove(verdicts, best!, m.model, alpha)) group.below.push(m.model);
    else group.tied.push(m.model);
  }
  return group;
};
