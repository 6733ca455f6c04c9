/**
 * Energy figures as the report shows them: per case from summary.json (or, failing that, from the
 * result lines), carbon from the run's intensity, and everyday equivalents. Pure.
 */
import type { CellDigest } from './results-digest.js';
import type { Interval, ManifestEnergy, ReportCell } from './view-types.js';

/**
 * France's carbon intensity when the run records none: 56.039 gCO2e/kWh, CodeCarbon's
 * `data/private_infra/global_energy_mix.json` (OWID, year 2023), as in shared/reference/energy-method.md §1.5.
 */
export const DEFAULT_CARBON_G_PER_KWH = 56.039;

/** A 5 W LED bulb, the everyday equivalent ComparIA shows (betagouv/ComparIA `backend/arena/reveal.py`). */
export const LED_BULB_W = 5;

/**
 * Video streaming ≈ 31.7 gCO2e per hour: ComparIA's `reveal.py` computes hours as kgCO2e × 10000 / 317,
 * citing impactco2.fr (ADEME).
 */
export const STREAMING_G_PER_HOUR = 31.7;

/** Energy of one cell or model, with how it was obtained. `whPerCase` null = unknown, never 0. */
export type EnergyFigure = {
  whPerCase: number | null;
  gCo2ePerCase: number | null;
  /** True when gCO2e came from Wh × the default intensity, not from the run. */
  carbonComputed: boolean;
  methods: string[];
  measured: boolean;
  band?: Interval;
  /** Where the figure comes from: the summary cell or the mean of result lines. */
  source: 'summary' | 'results';
};

export type CarbonSetting = { gPerKwh: number; fromRun: boolean };

export const carbonSetting = (energy: ManifestEnergy | undefined): CarbonSetting =>
  typeof energy?.carbonIntensityGPerKwh === 'number'
    ? { gPerKwh: energy.carbonIntensityGPerKwh, fromRun: true }
    : { gPerKwh: DEFAULT_CARBON_G_PER_KWH, fromRun: false };

const carbonOf = (wh: number | null, carbon: CarbonSetting): number | null => (wh === null ? null : (wh / 1000) * carbon.gPerKwh);

/** The energy of a summary cell; falls back on the result lines when the summary has none. */
export const cellEnergy = (cell: ReportCell, digest: CellDigest | undefined, carbon: CarbonSetting): EnergyFigure | null => {
  const e = cell.energy;
  if (e && e.whPerCase !== null) {
    const given = e.gCo2ePerCase;
    return {
      whPerCase: e.whPerCase,
      gCo2ePerCase: given ?? carbonOf(e.whPerCase, carbon),
      carbonComputed: given === null,
      methods: e.methods,
      measured: e.measured,
      ...(e.band ? { band: e.band } : {}),
      source: 'summary',
    };
  }
  if (digest && digest.energy.withJoules > 0) {
    const wh = digest.energy.joules / digest.energy.withJoules / 3600;
    return {
      whPerCase: wh, gCo2ePerCase: carbonOf(wh, carbon), carbonComputed: true, methods: digest.energy.methods,
      measured: digest.energy.allMeasured, source: 'results',
    };
  }
  return null;
};

/**
 * Energy of a model over several cells (a community): the case-weighted mean, or null as soon as
 * one cell is unknown (a partial mean would flatter the model).
 */
export const pooledEnergy = (parts: { n: number; energy: EnergyFigure | null }[]): EnergyFigure | null => {
  if (parts.length === 0 || parts.some((p) => p.energy === null || p.energy.whPerCase === null)) return null;
  const known = parts as { n: number; energy: EnergyFigure }[];
  const n = known.reduce((s, p) => s + p.n, 0);
  if (n === 0) return null;
  const mean = (pick: (e: EnergyFigure) => number | null): number | null =>
    known.some((p) => pick(p.energy) === null) ? null : known.reduce((s, p) => s + pick(p.energy)! * p.n, 0) / n;
  return {
    whPerCase: mean((e) => e.whPerCase),
    gCo2ePerCase: mean((e) => e.gCo2ePerCase),
    carbonComputed: known.some((p) => p.energy.carbonComputed),
    methods: [...new Set(known.flatMap((p) => p.energy.methods))],
    measured: known.every((p) => p.energy.measured),
    source: known.every((p) => p.energy.source === 'summary') ? 'summary' : 'results',
  };
};

/** How long a 5 W LED bulb runs on `wh`, in ms. */
export const ledBulbMs = (wh: number): number => (wh / LED_BULB_W) * 3_600_000;

/** How long video streaming emits `g` gCO2e, in ms. */
export const streamingMs = (g: number): number => (g / STREAMING_G_PER_HOUR) * 3_600_000;
