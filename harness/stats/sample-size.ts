/**
 * How many paired cases a suite needs before a gap between two models can be told from noise.
 *
 * Approximation: Connor (1987, "Sample size for testing differences in proportions for the
 * paired-sample design", Biometrics 43:207), for McNemar's test on two models run on the same cases:
 *
 *   n = ( z(1−α/2)·√ψ + z(1−β)·√(ψ − δ²) )² / δ²
 *
 * δ = gap in pass rate to detect, ψ = share of cases on which the two models disagree (discordant
 * pairs). ψ is unknown before the run; we assume 0.25 by default: disagreement always lies between
 * δ itself (one model fails only where the other does too) and about 0.4 for two independent models
 * near 65–75 %, and models of the same family disagree less than independent ones. A rough order
 * of magnitude, hence the « environ » in the sentence.
 */
import { frInteger } from './fr-format.js';
import { normalQuantile } from './normal.js';

export type SampleSizeOptions = {
  /** Gap in pass rate to detect, 0..1 (0.10 = 10 points). */
  diff?: number;
  /** Two-sided significance level, 0.05 by default. */
  alpha?: number;
  /** Chance of detecting a true gap of `diff`, 0.8 by default. */
  power?: number;
  /** Assumed share of discordant cases ψ, ≥ diff; 0.25 by default. */
  discordance?: number;
};

export const SAMPLE_SIZE_DEFAULTS = { diff: 0.1, alpha: 0.05, power: 0.8, discordance: 0.25 } as const;

/** Paired cases needed (Connor 1987), rounded up. */
export const requiredPairedCases = (opts: SampleSizeOptions = {}): number => {
  const { diff, alpha, power, discordance } = { ...SAMPLE_SIZE_DEFAULTS, ...opts };
  if (!(diff > 0 && diff <= 1)) throw new RangeError(`requiredPairedCases: l'écart à détecter doit être entre 0 et 1 (${diff})`);
  // |p10 − p01| can never exceed p10 + p01: a disagreement rate below the gap is impossible.
  if (!(discordance >= diff && discordance <= 1)) throw new RangeError(`requiredPairedCases: la part de désaccord (${discordance}) doit être entre l'écart (${diff}) et 1`);
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zBeta = normalQuantile(power);
  const root = zAlpha * Math.sqrt(discordance) + zBeta * Math.sqrt(discordance - diff * diff);
  return Math.ceil((root * root) / (diff * diff));
};

/** Rounds up to two significant digits: 194 → 200, 233 → 240, 47 → 47. « Environ » deserves no false precision. */
export const roughCount = (n: number): number => {
  if (n < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step) * step;
};

/**
 * French warning when `n` paired cases are too few for the gap of `opts.diff`, null when enough:
 * « 12 cas : trop peu pour distinguer un écart de 10 points ; il en faudrait environ 200. »
 */
export const sampleSizeWarning = (n: number, opts: SampleSizeOptions = {}): string | null => {
  const needed = requiredPairedCases(opts);
  if (n >= needed) return null;
  const points = Math.round((opts.diff ?? SAMPLE_SIZE_DEFAULTS.diff) * 100);
  const cases = n === 1 ? '1 cas' : `${frInteger(n)} cas`;
  return `${cases} : trop peu pour distinguer un écart de ${frInteger(points)} points ; il en faudrait environ ${frInteger(roughCount(needed))}.`;
};
