/**
 * Exact McNemar test for paired pass/fail outcomes (two models on the same cases). Only discordant
 * cases carry information: `b` cases passed by A and failed by B, `c` the reverse. Under "no
 * difference", each discordant case goes either way with probability 1/2, so min(b, c) follows
 * Binomial(b + c, 1/2); the two-sided p-value is twice its lower tail, capped at 1 (the exact
 * conditional test of Fagerland, Lydersen & Laake 2013, BMC Med Res Methodol 13:91). Exact rather
 * than χ²: community suites are small and discordant counts often single digits.
 */

/** Two-sided exact p-value from the discordant counts `b` and `c` (whole numbers ≥ 0). */
export const mcnemarExact = (b: number, c: number): number => {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarExact: les effectifs doivent être des entiers positifs (b=${b}, c=${c})`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // |b − c| ≤ 1: the lower tail holds at least half the mass, so p = 1 exactly (no rounding to 0.9999…).
  if (Math.abs(b - c) <= 1) return 1;
  // Binomial terms C(n, i) / 2^n built in log space: 2^n overflows a double beyond n = 1023.
  let logTerm = -n * Math.LN2;
  let lowerTail = Math.exp(logTerm);
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    lowerTail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * lowerTail);
};

export type McNemarResult = {
  /** Pairs counted (both outcomes known). */
  n: number;
  /** Passed by A only. */
  b: number;
  /** Passed by B only. */
  c: number;
  pValue: number;
};

/** Runs the test on pairs [A passed, B passed], one per case. */
export const mcnemarTest = (pairs: Iterable<readonly [boolean, boolean]>): McNemarResult => {
  let n = 0;
  let b = 0;
  let c = 0;
  for (const [a, bPassed] of pairs) {
    n++;
    if (a && !bPassed) b++;
    else if (!a && bPassed) c++;
  }
  return { n, b, c, pValue: mcnemarExact(b, c) };
};
