/**
 * What each method label implies: whether it is a measurement and the [low, high] band of
 * true / reported energy. Figures from shared/reference/energy-method.md §5.2.
 */
import type { EnergyMethod } from './types.js';

export type MethodInfo = { measured: boolean; band: [number, number] };

export const METHOD_INFO: Readonly<Record<EnergyMethod, MethodInfo>> = {
  // Our convention (§5.2): RAPL package counters are read directly.
  rapl: { measured: true, band: [0.9, 1.1] },
  // Inverse of the estimate/RAPL ratios 0.18–2.06 computed from CodeCarbon's
  // data/hardware/cpu_load_profiling CSVs for the cubic formula (§1.2 item 4).
  'cpu-load-tdp': { measured: false, band: [0.49, 5.6] },
  // Inverse of the linear estimate/RAPL ratios 0.34–2.06 (same CSVs).
  'cpu-time-share': { measured: false, band: [0.49, 2.9] },
  // Windows ≥ 10 s; shorter windows widen the band (see gpuBand).
  'nvidia-smi-power': { measured: true, band: [0.9, 1.1] },
  // Our convention: a constant per-DIMM model, never validated against a meter.
  'ram-dimm-model': { measured: false, band: [0.5, 2] },
  // Replaced per request by EcoLogits' own [min, max] range.
  'ecologits-0.9.1': { measured: false, band: [1, 1] },
};

/**
 * Band of an nvidia-smi window by its length: [0.9, 1.1] from 10 s, [0.5, 2] under 1 s (flagged
 * `low-confidence`), both from §5.2. Between the two we use [0.8, 1.25], our own convention: the
 * sensor averages over about 1 s and samples part of the runtime only (arXiv 2312.02741).
 */
export const gpuBand = (durationMs: number): [number, number] => {
  if (durationMs >= 10_000) return [0.9, 1.1];
  if (durationMs >= 1_000) return [0.8, 1.25];
  return [0.5, 2];
};

/** [low, high] in joules from a reading's factors; null when either is unknown. */
export const bandJoules = (joules: number | null, band: [number, number] | null): [number, number] | null =>
  joules === null || band === null ? null : [joules * band[0], joules * band[1]];

/** Joules per kWh. */
export const J_PER_KWH = 3.6e6;
