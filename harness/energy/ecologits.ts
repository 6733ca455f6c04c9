/**
 * EcoLogits 0.9.1 estimate of one remote LLM request (`ecologits/impacts/llm.py`,
 * docs/methodology/llm_inference.md), re-expressed from the formulas in
 * shared/reference/energy-method.md §2. Input tokens are ignored; every figure is computed for
 * the min and the max of the size (and PUE/WUE) ranges, as EcoLogits' RangeValue does.
 */
import { mixOf, providerSettings, type ProviderSettings } from './ecologits-zones.js';
import { J_PER_KWH } from './methods.js';
import { lookupModelSize, type ModelSize, type ModelSizeOverride } from './model-sizes.js';
import type { ComponentReading } from './types.js';

export const ECOLOGITS_VERSION = '0.9.1';

/** GPU energy per token (Wh, one GPU): α·e^(β·B)·P_active + γ, fitted on ML.ENERGY H100 data. */
const GPU_ENERGY = { alpha: 1.1665273170451914e-6, beta: -0.011205921025579175, gamma: 4.052928146734005e-5 };
/** Latency per token (s): α·P_active + β·B + γ. */
const LATENCY = { alpha: 6.785088094353663e-4, beta: 3.119310311688259e-4, gamma: 0.019473717579473387 };
const BATCH_SIZE = 64;
const QUANTIZATION_BITS = 16;
const GPU_MEMORY_GB = 80;
const SERVER_GPUS = 8;
const SERVER_POWER_KW = 1.2;
/** Embodied GWP, kg CO2e: one p5.48xlarge-like server without GPUs, and one H100. */
const SERVER_EMBODIED_KG = 5700;
const GPU_EMBODIED_KG = 164;
const HARDWARE_LIFESPAN_S = 3 * 365 * 24 * 3600;

export type Range = [number, number];

/** One scenario (all inputs at their min, or all at their max). */
type Point = {
  latencyS: number;
  gpuCount: number;
  gpuEnergyKwh: number;
  serverEnergyKwh: number;
  energyKwh: number;
  usageGwpKg: number;
  embodiedGwpKg: number;
  waterL: number | null;
};

const scenario = (
  activeB: number,
  totalB: number,
  pue: number,
  wue: number | null,
  outputTokens: number,
  latencyS: number | null,
  mix: { gwpKgPerKwh: number; wueLPerKwh: number },
): Point => {
  const whPerToken = GPU_ENERGY.alpha * Math.exp(GPU_ENERGY.beta * BATCH_SIZE) * activeB + GPU_ENERGY.gamma;
  const gpuEnergyKwh = (outputTokens * whPerToken) / 1000;
  const modelled = outputTokens * (LATENCY.alpha * activeB + LATENCY.beta * BATCH_SIZE + LATENCY.gamma);
  const dt = latencyS === null ? modelled : Math.min(modelled, latencyS);
  const memoryGb = (1.2 * totalB * QUANTIZATION_BITS) / 8;
  const gpuCount = 2 ** Math.ceil(Math.log2(Math.ceil(memoryGb / GPU_MEMORY_GB)));
  const serverEnergyKwh = (((dt / 3600) * SERVER_POWER_KW * gpuCount) / SERVER_GPUS) / BATCH_SIZE;
  const energyKwh = pue * (serverEnergyKwh + gpuCount * gpuEnergyKwh);
  return {
    latencyS: dt,
    gpuCount,
    gpuEnergyKwh,
    serverEnergyKwh,
    energyKwh,
    usageGwpKg: energyKwh * mix.gwpKgPerKwh,
    embodiedGwpKg: (dt * ((gpuCount / SERVER_GPUS) * SERVER_EMBODIED_KG + gpuCount * GPU_EMBODIED_KG)) / (HARDWARE_LIFESPAN_S * BATCH_SIZE),
    waterL: wue === null ? null : energyKwh * (wue + pue * mix.wueLPerKwh),
  };
};

export type EcologitsEstimate = {
  version: typeof ECOLOGITS_VERSION;
  zone: string;
  pue: Range;
  latencyS: Range;
  gpuCount: Range;
  /** Energy of one GPU (EcoLogits' `gpu_energy`), kWh, before PUE. */
  gpuEnergyKwh: Range;
  /** Server without GPUs, kWh, before PUE. */
  serverEnergyKwh: Range;
  /** PUE × (server + GPUs), kWh. */
  energyKwh: Range;
  usageGwpKg: Range;
  embodiedGwpKg: Range;
  waterL: Range | null;
  flags: string[];
};

export type EcologitsRequest = {
  size: ModelSize;
  outputTokens: number;
  /** Measured wall latency, send to last byte, in s: an upper bound on generation time. */
  latencyS: number | null;
  settings: ProviderSettings;
};

/** The estimate for a model of known size. */
export const estimateWithSize = (req: EcologitsRequest): EcologitsEstimate => {
  const { zone, mix } = mixOf(req.settings.zone);
  const wue = req.settings.wue;
  const at = (i: 0 | 1): Point =>
    scenario(req.size.activeB[i], req.size.totalB[i], req.settings.pue[i], wue === null ? null : wue[i], req.outputTokens, req.latencyS, mix);
  const lo = at(0);
  const hi = at(1);
  const r = (k: Exclude<keyof Point, 'waterL'>): Range => [lo[k], hi[k]];
  return {
    version: ECOLOGITS_VERSION,
    zone,
    pue: req.settings.pue,
    latencyS: r('latencyS'),
    gpuCount: r('gpuCount'),
    gpuEnergyKwh: r('gpuEnergyKwh'),
    serverEnergyKwh: r('serverEnergyKwh'),
    energyKwh: r('energyKwh'),
    usageGwpKg: r('usageGwpKg'),
    embodiedGwpKg: r('embodiedGwpKg'),
    waterL: lo.waterL === null || hi.waterL === null ? null : [lo.waterL, hi.waterL],
    flags: zone === req.settings.zone ? [] : ['zone-unknown-world-mix'],
  };
};

/**
 * The estimate for a named model of a provider (EcoLogits provider key: `openai`, `mistralai`…).
 * Unknown model: no number, as EcoLogits. Unknown provider: PUE 1.2, world mix, flagged.
 */
export const estimateRemoteRequest = (opts: {
  model: string;
  provider: string;
  outputTokens: number;
  latencyS: number | null;
  sizeOverrides?: Readonly<Record<string, ModelSizeOverride>>;
}): { ok: true; estimate: EcologitsEstimate } | { ok: false; joules: null; reason: 'model-size-unknown' } => {
  const size = lookupModelSize(opts.model, opts.sizeOverrides);
  if (!size) return { ok: false, joules: null, reason: 'model-size-unknown' };
  const { settings, known } = providerSettings(opts.provider);
  const estimate = estimateWithSize({ size, outputTokens: opts.outputTokens, latencyS: opts.latencyS, settings });
  if (!known) estimate.flags.push('provider-defaults-assumed');
  return { ok: true, estimate };
};

const mid = (r: Range): number => (r[0] + r[1]) / 2;

/**
 * The estimate as a component reading: the midpoint of the range (as ComparIA), with the range as
 * its band. Flagged as modelled and unvalidated for this provider (§5.2).
 */
export const remoteReading = (e: EcologitsEstimate): ComponentReading => {
  const m = mid(e.energyKwh);
  return {
    component: 'remote',
    joules: m * J_PER_KWH,
    method: 'ecologits-0.9.1',
    measured: false,
    scope: 'request',
    band: m > 0 ? [e.energyKwh[0] / m, e.energyKwh[1] / m] : null,
    flags: ['modelled-unvalidated', ...e.flags],
  };
};

/**
 * Remote figures for an emissions.csv row (§5.7), before PUE: cpu = Σ server energy, gpu =
 * Σ nGPU × GPU energy, at each range's midpoint; `pue` is the midpoint of the PUE range.
 */
export const remoteCsvEnergy = (estimates: readonly EcologitsEstimate[]): { cpuKwh: number; gpuKwh: number; pue: number | null } => ({
  cpuKwh: estimates.reduce((s, e) => s + mid(e.serverEnergyKwh), 0),
  gpuKwh: estimates.reduce((s, e) => s + mid([e.gpuCount[0] * e.gpuEnergyKwh[0], e.gpuCount[1] * e.gpuEnergyKwh[1]]), 0),
  pue: estimates[0] ? mid(estimates[0].pue) : null,
});
