/**
 * Shapes the report reads from a run folder. The core fields of `summary.json` come from
 * `core/types.ts`; everything else here is optional because other parts of the harness (energy,
 * statistics, sovereignty) add it over time: the report renders what is present and says
 * « non mesurée » / « — » for what is not. `lenient.ts` parses files into these shapes, dropping
 * any field whose shape does not match rather than failing the whole report.
 */
import type { CaseResult, RunSummary, SummaryCell } from '../core/types.js';
import type { ResultsDigest } from './results-digest.js';

/** A closed range [low, high], in the unit of the figure it qualifies. */
export type Interval = [number, number];

/** Energy of one suite × model cell, as the energy meter writes it into `summary.json`. */
export type CellEnergy = {
  whPerCase: number | null;
  jPerOutputToken: number | null;
  whPer1000OutputTokens: number | null;
  gCo2ePerCase: number | null;
  gCo2ePerSuite: number | null;
  /** Method ids (`rapl`, `cpu-time-share`, `ecologits-0.9.1`…) that produced the figures. */
  methods: string[];
  /** True only when every figure of the cell was measured; an estimate is never a measurement. */
  measured: boolean;
  /** [low, high] range of the true Wh per case, when the method gives one. */
  band?: Interval;
  /** Mean Wh per case by component (processor, graphics card, memory, remote service). */
  components?: { cpuWh: number | null; gpuWh: number | null; ramWh: number | null; remoteWh: number | null };
  /** Cases whose energy is unknown, by reason, with the missing configuration entry. */
  unknown?: { reason: string; cases: number; missing: { setting: string; key: string } | null; fix: string }[];
};

/** Cost of one case, when the provider's price is known. */
export type CellCost = { perCase: number | null; currency: string };

export type ReportCell = SummaryCell & { energy?: CellEnergy; cost?: CellCost };

/** Confidence intervals of one suite × model cell (stats/intervals). */
export type CellIntervals = {
  suite: string;
  model: string;
  passRate?: Interval;
  meanScore?: Interval;
  /** e.g. `wilson`, `bootstrap`; shown in the methodology. */
  method?: string;
  /** The name stats/cell-stats.ts gives the same thing. */
  passRateMethod?: string;
  /** Confidence level, 0..1 (0.95 by default). */
  level?: number;
};

/** A paired comparison of two models on one suite. */
export type Comparison = {
  suite: string;
  a: string;
  b: string;
  pValue: number | null;
  pAdjusted?: number | null;
  tied?: boolean;
  test?: string;
};

export type SuiteRecommendation = {
  suite: string;
  recommended: string | null;
  mostAccurate?: string | null;
  /** One French sentence, written by stats/recommendations. */
  reason?: string;
  energyHungry?: string[];
};

export type CommunityRecommendation = {
  community: string;
  recommended: string | null;
  mostAccurate?: string | null;
  reason?: string;
  energyHungry?: string[];
};

export type Recommendations = { suites: SuiteRecommendation[]; communities: CommunityRecommendation[] };

/** One model of a suite verdict (stats/verdict-types.ts), as far as the report reads it. */
export type VerdictModelView = { model: string; passRate: number; passRateInterval?: Interval; energyMissing?: string | null };

/** A suite's verdict from summary.json `verdicts.suites` (stats/verdict-types.ts). */
export type SuiteVerdictData = {
  suite: string;
  state: 'recommended' | 'energy-unknown' | 'indeterminate' | 'insufficient' | 'no-candidate';
  recommended: string | null;
  best: string | null;
  goodEnough: string[];
  missingEnergy: { model: string; missing: string }[];
  marginPoints?: number;
  comparedCases?: number;
  casesNeeded: number | null;
  models: VerdictModelView[];
};

export type CommunityVerdictData = {
  community: string;
  state: 'single-model' | 'energy-unknown' | 'per-suite' | 'indeterminate' | 'no-candidate';
  model: string | null;
  goodEverywhere: string[];
};

export type VerdictsData = { suites: SuiteVerdictData[]; communities: CommunityVerdictData[]; calibration?: { models: string[] } };

export type ReportSummary = Omit<RunSummary, 'cells'> & {
  verdicts?: VerdictsData;
  cells: ReportCell[];
  intervals?: CellIntervals[];
  comparisons?: Comparison[];
  recommendations?: Recommendations;
};

export type ManifestSuite = {
  id: string;
  title?: string;
  community?: string;
  /** Display name of the community (« Chatbot RH / DSN »), when its suite files declare one. */
  communityTitle?: string;
  classification?: string;
  file?: string;
  sha256?: string;
  cases?: number;
  /** Target pass rate of the community (0..1), when the manifest carries it. */
  target?: number;
};

export type ManifestModel = {
  id: string;
  label?: string;
  provider?: string;
  hosting?: string;
  /** What the provider said about itself (version, digest, size…): shown as key = value. */
  details?: Record<string, unknown>;
};

/** Energy settings of the run, when the energy meter records them in the manifest. */
export type ManifestEnergy = {
  carbonIntensityGPerKwh?: number;
  carbonIntensitySource?: string;
  country?: string;
  pue?: number;
};

export type ReportManifest = {
  runId: string;
  createdAt: string;
  harness?: { name?: string; version?: string };
  runtime?: { node?: string };
  machine?: { os?: string; cpuModel?: string | null; cpuCount?: number; ramTotalGb?: number; hostname?: string };
  options?: { repeat?: number; concurrency?: number };
  suites: ManifestSuite[];
  models: ManifestModel[];
  skippedModels: { id: string; reason: string }[];
  energy?: ManifestEnergy;
};

/**
 * One host of `egress.json` (sovereignty/egress.ts): which models and suites sent it case data,
 * how many cases of each classification, how many values were masked, how many bytes went out.
 */
export type EgressHost = {
  host: string;
  hosting?: string;
  models: string[];
  suites: string[];
  cases: Record<string, number>;
  redactions?: number;
  bytes?: number;
};

/** A suite × model pair the hosting policy refused: its cases were never sent. */
export type EgressRefusal = { suite: string; model: string; cases?: number; reason?: string };

/** An exception to the policy, asked with --allow-egress. */
export type EgressOverride = { suite: string; model: string; by?: string; at?: string };

export type EgressLedger = { hosts: EgressHost[]; refusals: EgressRefusal[]; overrides: EgressOverride[] };

/** Energy of one result line, parsed leniently (same shape as core `EnergyReading`). */
export type ResultEnergy = NonNullable<CaseResult['energy']>;

/** Everything the view model needs from one run folder. */
export type RunData = {
  runDir: string;
  manifest: ReportManifest;
  summary: ReportSummary;
  digest: ResultsDigest;
  egress: EgressLedger | null;
  /** Paths shown to the reader for the full data, relative to the run folder. */
  files: { csv: string; jsonl: string; /** Every file of the run folder, by name. */ all?: string[] };
};
