/**
 * Exact McNemar test on paired pass/fail outcomes (the same cases in two runs). Only the discordant
 * pairs matter: `b` cases passed in A and not in B, `c` the reverse. Under the null hypothesis each
 * discordant pair goes either way with probability 1/2, so min(b, c) follows Binomial(b + c, 1/2);
 * the two-sided p-value is twice its lower tail, capped at 1 (exact conditional test, as described
 * by Fagerland, Lydersen & Laake, BMC Medical Research Methodology 13:91, 2013).
 * Same signature as `mcnemarExact` of `harness/stats/` if that module appears, so it can be swapped.
 */
export const mcnemarExact = (b: number, c: number): number => {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`mcnemarExact: counts must be whole numbers >= 0 (b=${b}, c=${c})`);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // Terms C(n, i) / 2^n in log space: 2^n overflows past n = 1023.
  let logTerm = -n * Math.LN2;
  let tail = Math.exp(logTerm);
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
};
