/**
 * Contracts of the energy layer: what a meter returns for a window, and the labels that say how
 * each number was obtained. Plain data; see shared/reference/energy-method.md §5 for the design.
 */

/** How a component's energy was obtained. Only `rapl` and `nvidia-smi-power` are measurements. */
export const ENERGY_METHODS = [
  'rapl',
  'cpu-load-tdp',
  'cpu-time-share',
  'nvidia-smi-power',
  'ram-dimm-model',
  'ecologits-0.9.1',
] as const;
export type EnergyMethod = (typeof ENERGY_METHODS)[number];

/** What the number covers: the whole machine, the measured process tree, one GPU, or one remote request. */
export type Scope = 'machine' | 'process-tree' | 'device' | 'request';

export type Component = 'cpu' | 'gpu' | 'ram' | 'remote';

/**
 * One component's energy over a window. `joules` is null when unknown (never 0 for unknown).
 * `band` holds multiplicative factors [low, high] on `joules` bounding the true value
 * (true / reported, as in the spec's table); null when no band is known.
 */
export type ComponentReading = {
  component: Component;
  joules: number | null;
  method: EnergyMethod;
  measured: boolean;
  scope: Scope;
  band: [number, number] | null;
  /** Machine-readable notes: `sampler-gap`, `negative-delta-dropped`, `low-confidence`… */
  flags: string[];
  /** Why `joules` is null, in French, for people. */
  reason?: string;
};

/** Energy of one window once the baseline is subtracted: max(0, gross − P_idle × Δt), per component. */
export type NetEnergy = {
  components: { component: Component; joules: number | null }[];
  totalJoules: number | null;
};

/** What `meter.end(windowId)` returns. Gross figures follow CodeCarbon (no subtraction). */
export type WindowEnergy = {
  windowId: string;
  /** Edges on the meter's clock (ms), shared with the latency measurement. */
  startMs: number;
  endMs: number;
  durationMs: number;
  components: ComponentReading[];
  /** Sum of the components' gross joules; null if any of them is unknown. */
  totalJoules: number | null;
  /** Null until a baseline has been measured. */
  net: NetEnergy | null;
  /** Mean machine CPU load over the window, 0–100 (from the counters at its edges). */
  meanCpuLoadPct: number | null;
  meanGpuUtilPct: number | null;
  /** Sampler ticks that fell inside the window. */
  samples: number;
  flags: string[];
};

/** Idle power per component, measured with the model loaded and no request. */
export type Baseline = {
  durationMs: number;
  powerW: { component: Component; watts: number | null }[];
  samples: number;
  flags: string[];
};

/** A slice of the sampled timeline with its gross energy (all components), for concurrent attribution. */
export type EnergySlice = { startMs: number; endMs: number; joules: number };

export interface EnergyMeter {
  /** Reads the counters now and opens a window; ids must be unique among open windows. */
  begin(windowId: string): void;
  /** Reads the counters now, closes the window and returns its energy. Throws for an unknown id. */
  end(windowId: string): WindowEnergy;
  /**
   * Closes `endId` and opens `beginId` on one reading of the counters: the first window ends at the
   * very instant the second begins, and the counters are read once instead of twice. Throws as
   * `end` and `begin` would.
   */
  endAndBegin(endId: string, beginId: string): WindowEnergy;
  /** Starts the background sampler (timer is unref'ed, so it never keeps the process alive). */
  start(): void;
  stop(): void;
  /** Takes one sample now; the sampler calls it every interval (tests call it directly). */
  sample(): void;
  /** Measures idle power over `durationMs` and keeps it for the net figures of later windows. */
  baseline(durationMs: number): Promise<Baseline>;
  /** Gross energy of each sampled slice between two times, for processor-sharing attribution. */
  slices(fromMs: number, toMs: number): EnergySlice[];
  /** The source chosen for each component, with its method, scope and band. */
  readonly sources: SourceChoice[];
}

export type SourceChoice = {
  component: Component;
  method: EnergyMethod;
  measured: boolean;
  scope: Scope;
  band: [number, number] | null;
  /** Plain-French description, e.g. the TDP used and where it comes from. */
  detail: string;
};

/** Power samples of one or more GPUs, integrated over a window (implemented by nvidia-smi.ts). */
export interface GpuPowerSource {
  start(): void;
  stop(): void;
  /** Energy between two times of the meter's clock, or null with a reason. */
  energyBetween(fromMs: number, toMs: number): GpuWindow;
  /** Latest power per GPU, summed (W), or null before the first sample. */
  latestPowerW(): number | null;
}

export type GpuWindow =
  | { joules: number; meanUtilPct: number | null; flags: string[] }
  | { joules: null; reason: string; flags: string[] };
