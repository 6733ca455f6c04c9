/**
 * Attributing a run's energy to its test cases (§5.5), and the per-model units of the reference
 * leaderboards. Pure functions over joules and times (ms); conservation holds to floating error.
 */
import type { EnergySlice } from './types.js';

/** Sequential runs: each test's own window; what falls between tests is `unattributed`. */
export const attributeSequential = (
  runJoules: number,
  tests: readonly { id: string; joules: number }[],
): { tests: { id: string; joules: number }[]; unattributedJoules: number; flags: string[] } => {
  const sum = tests.reduce((s, t) => s + t.joules, 0);
  const unattributedJoules = runJoules - sum;
  // Negative only when windows overlap or are measured on other counters than the run's.
  return { tests: tests.map((t) => ({ ...t })), unattributedJoules, flags: unattributedJoules < 0 ? ['tests-exceed-run'] : [] };
};

export type ConcurrentRequest = { id: string; startMs: number; endMs: number; outputTokens?: number };

/**
 * Processor sharing over sample slices (§5.5). Each slice's energy is spread evenly over its
 * time; every instant's share goes to the requests active then, equally, or in proportion to
 * their token rate (output tokens / duration) when every request reports tokens. Energy at
 * instants with no active request, inside [first start, last end], is `unallocated`.
 * Σ allocated + unallocated = energy of the slices clipped to [first start, last end].
 */
export const allocateConcurrent = (
  slices: readonly EnergySlice[],
  requests: readonly ConcurrentRequest[],
): { allocated: { id: string; joules: number }[]; unallocatedJoules: number; windowJoules: number } => {
  const joules = new Map(requests.map((r) => [r.id, 0]));
  const byTokens = requests.length > 0 && requests.every((r) => r.outputTokens !== undefined && r.outputTokens > 0);
  const weight = (r: ConcurrentRequest): number =>
    byTokens ? (r.outputTokens ?? 0) / Math.max(1e-9, r.endMs - r.startMs) : 1;
  const first = Math.min(...requests.map((r) => r.startMs));
  const last = Math.max(...requests.map((r) => r.endMs));
  let unallocatedJoules = 0;
  let windowJoules = 0;
  for (const slice of slices) {
    const a = Math.max(slice.startMs, first);
    const b = Math.min(slice.endMs, last);
    const length = slice.endMs - slice.startMs;
    if (b <= a || length <= 0) continue;
    const rate = slice.joules / length;
    windowJoules += rate * (b - a);
    // Cut the slice where any request starts or ends, then share each piece among the active ones.
    const cuts = [a, b, ...requests.flatMap((r) => [r.startMs, r.endMs]).filter((t) => t > a && t < b)].sort((x, y) => x - y);
    for (let i = 1; i < cuts.length; i++) {
      const p = cuts[i - 1] ?? a;
      const q = cuts[i] ?? b;
      if (q <= p) continue;
      const piece = rate * (q - p);
      const active = requests.filter((r) => r.startMs <= p && r.endMs >= q);
      const total = active.reduce((s, r) => s + weight(r), 0);
      if (active.length === 0 || total <= 0) {
        unallocatedJoules += piece;
        continue;
      }
      for (const r of active) joules.set(r.id, (joules.get(r.id) ?? 0) + (piece * weight(r)) / total);
    }
  }
  return { allocated: requests.map((r) => ({ id: r.id, joules: joules.get(r.id) ?? 0 })), unallocatedJoules, windowJoules };
};

const WH = 3600;

/** ML.ENERGY unit: joules per output token; null without tokens. */
export const joulesPerToken = (joules: number | null, outputTokens: number): number | null =>
  joules === null || outputTokens <= 0 ? null : joules / outputTokens;

/** ComparIA unit: Wh per 1000 output tokens. */
export const whPer1000Tokens = (joules: number | null, outputTokens: number): number | null => {
  const jpt = joulesPerToken(joules, outputTokens);
  return jpt === null ? null : (jpt * 1000) / WH;
};

/** AI Energy Score unit: Wh per 1000 queries. */
export const whPer1000Queries = (joules: number | null, queries: number): number | null =>
  joules === null || queries <= 0 ? null : (joules / queries) * (1000 / WH);

/** Wh per test case: mean and median of the known values. */
export const whPerTest = (joulesPerTest: readonly (number | null)[]): { mean: number | null; p50: number | null } => {
  const wh = joulesPerTest.filter((j): j is number => j !== null).map((j) => j / WH).sort((a, b) => a - b);
  if (wh.length === 0) return { mean: null, p50: null };
  const mid = wh.length >> 1;
  const p50 = wh.length % 2 === 1 ? (wh[mid] ?? null) : ((wh[mid - 1] ?? 0) + (wh[mid] ?? 0)) / 2;
  return { mean: wh.reduce((a, b) => a + b, 0) / wh.length, p50 };
};

/**
 * Relative stars as AI Energy Score computes them: the min–max range of this run cut into 5 equal
 * bands, 5★ for the lowest, 1★ for the highest. Only meaningful "relative to this run".
 */
export const relativeStars = (values: readonly (number | null)[]): (1 | 2 | 3 | 4 | 5 | null)[] => {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return values.map(() => null);
  const min = Math.min(...known);
  const span = Math.max(...known) - min;
  return values.map((v) => {
    if (v === null) return null;
    if (span === 0) return 5;
    const band = Math.min(4, Math.floor(((v - min) / span) * 5));
    return (5 - band) as 1 | 2 | 3 | 4 | 5;
  });
};
