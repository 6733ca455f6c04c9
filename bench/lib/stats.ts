/** Small statistics for noisy measurements: medians and ratios, nothing that needs a library. */

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/** Rounds for the published JSON (3 significant decimals is plenty for noisy timings). */
export const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** `{ median, runs }` of a list of values, rounded. */
export const summarize = (xs: readonly number[], digits = 1) => ({ median: round(median(xs), digits), runs: xs.map((x) => round(x, digits)) });
