/**
 * The Pareto front of accuracy against energy: the models that no other model beats on both
 * (at least as accurate for no more energy, and strictly better on one). Pure.
 */
export type ParetoPoint = { key: string; energy: number; accuracy: number };

const dominates = (q: ParetoPoint, p: ParetoPoint): boolean =>
  q.energy <= p.energy && q.accuracy >= p.accuracy && (q.energy < p.energy || q.accuracy > p.accuracy);

/** Keys of the points on the front, sorted by increasing energy (the line drawn on the chart). */
export const paretoFront = (points: readonly ParetoPoint[]): string[] =>
  points
    .filter((p) => !points.some((q) => q !== p && dominates(q, p)))
    .sort((a, b) => a.energy - b.energy || a.accuracy - b.accuracy)
    .map((p) => p.key);
