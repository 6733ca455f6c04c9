/**
 * Integral of a sampled series (power in W over time in ms → joules) by the trapezoid rule, with
 * linear interpolation at the window edges. Before the first sample and after the last, the
 * nearest value is held; the caller flags windows the samples do not cover.
 */

export type Point = { tMs: number; value: number };

/** Value at `tMs`, interpolated between the two neighbouring points (sorted by time). */
export const valueAt = (points: readonly Point[], tMs: number): number | null => {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  if (tMs <= first.tMs) return first.value;
  if (tMs >= last.tMs) return last.value;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.tMs ?? 0) <= tMs) lo = mid;
    else hi = mid;
  }
  const a = points[lo];
  const b = points[hi];
  if (!a || !b || b.tMs === a.tMs) return a?.value ?? null;
  return a.value + ((b.value - a.value) * (tMs - a.tMs)) / (b.tMs - a.tMs);
};

/** ∫ value dt over [fromMs, toMs], in value × seconds; null without points. */
export const integrate = (points: readonly Point[], fromMs: number, toMs: number): number | null => {
  const startValue = valueAt(points, fromMs);
  const endValue = valueAt(points, toMs);
  if (startValue === null || endValue === null) return null;
  if (toMs <= fromMs) return 0;
  const inside = points.filter((p) => p.tMs > fromMs && p.tMs < toMs);
  const path: Point[] = [{ tMs: fromMs, value: startValue }, ...inside, { tMs: toMs, value: endValue }];
  let sum = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1];
    const b = path[i];
    if (a && b) sum += ((a.value + b.value) / 2) * ((b.tMs - a.tMs) / 1000);
  }
  return sum;
};
