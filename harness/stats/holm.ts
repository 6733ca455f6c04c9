/**
 * Holm–Bonferroni step-down adjustment (Holm 1979, Scand J Statist 6:65). Comparing every pair of
 * models in a suite runs many tests; without adjustment, one of them would look "significant" by
 * chance alone. Holm controls that risk (the family-wise error rate) under any dependence between
 * the tests, and is never less powerful than plain Bonferroni.
 *
 * Adjusted p-values, in the form of Wright 1992 (Biometrics 48:1005): sort p ascending,
 * p̃(i) = max over j ≤ i of min(1, (m − j + 1) · p(j)). Compare p̃ to α directly.
 */

/**
 * Adjusted p-values, in the input order. `null` entries (no test possible) pass through and do not
 * count in the number of tests m.
 */
export const holmAdjust = (pValues: readonly (number | null)[]): (number | null)[] => {
  const tested = pValues
    .map((p, index) => ({ p, index }))
    .filter((x): x is { p: number; index: number } => x.p !== null);
  for (const { p } of tested) if (!(p >= 0 && p <= 1)) throw new RangeError(`holmAdjust: p-valeur hors de [0, 1] (${p})`);
  // Stable sort keeps equal p-values in input order, so ties give reproducible output.
  tested.sort((x, y) => x.p - y.p);
  const m = tested.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let runningMax = 0;
  tested.forEach(({ p, index }, rank) => {
    // Monotone: an adjusted p-value can never be below the one of a smaller raw p-value.
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
};
