/**
 * What `analyzeRun` returns: plain data for summary.json and the report. Intervals are [low, high]
 * at the run's confidence level; energies in joules per case (the report converts to Wh).
 * `verdicts` (verdict-types.ts) is what the committee reads; `recommendations` repeats its outcome
 * in the older shape the report reads.
 */
import type { Hosting } from '../core/types.js';
import type { BootstrapOptions } from './bootstrap.js';
import type { CellConsistency, CellEstimates, CellIntervals } from './cell-stats.js';
import type { SampleSizeOptions } from './sample-size.js';
import type { ScopeComparison } from './scope.js';
import type { EnergyStars } from './stars.js';
import type { Verdicts } from './verdict-types.js';

export type SuiteInfo = {
  id: string;
  community: string;
  /** Target pass rate, 0..1. */
  target?: number;
  /** Non-inferiority margin δ in percentage points (suite's, else community's, else 5). */
  marginPoints?: number;
};
export type ModelInfo = {
  id: string;
  hosting: Hosting;
  /** A calibration baseline (calibration.ts): kept out of every verdict, star and total. */
  calibration?: boolean;
};

export type AnalyzeOptions = BootstrapOptions & {
  /** Significance level of the tests, 0.05 by default. */
  alpha?: number;
  /** « Usage énergivore » from this many times the recommended model's energy (3 by default). */
  energyHungryFactor?: number;
  /** Gap, power and assumed discordance of the sample-size warning (sample-size.ts). */
  sampleSize?: SampleSizeOptions;
  /** Share of errored results above which a model is « non évaluable » on a suite (comparable.ts). */
  errorShareLimit?: number;
};

export type CellAnalysis = { suite: string; community: string; model: string; level: number; estimates: CellEstimates } & CellIntervals;

export type CellConsistencyEntry = { suite: string; model: string } & CellConsistency;

export type SuiteComparison = { suite: string } & ScopeComparison;

/** The older shape the report reads, derived from `verdicts` (never computed on its own). */
export type SuiteRecommendation = {
  suite: string;
  community: string;
  recommended: string | null;
  /** The best model of the suite's verdict: highest pass rate over the compared cases. */
  mostAccurate: string | null;
  energyHungry: string[];
  reason: string;
};
export type CommunityRecommendation = {
  community: string;
  recommended: string | null;
  /** Always null: no figure compares models across suites that ran different cases. */
  mostAccurate: null;
  energyHungry: string[];
  reason: string;
};

export type WarningCode = 'sample-size' | 'unpaired-cases' | 'partial-energy' | 'unknown-model' | 'not-evaluable';

/** Something the reader must know before trusting a figure; `message` is French, for people. */
export type AnalysisWarning = { code: WarningCode; message: string; suite?: string; community?: string; model?: string };

export type RunAnalysis = {
  level: number;
  alpha: number;
  resamples: number;
  seed: number;
  /** Candidates only (calibration baselines are in `verdicts.calibration`). */
  intervals: CellAnalysis[];
  consistency: CellConsistencyEntry[];
  /** Every pair of comparable models of each suite, on the cases they all ran. */
  comparisons: SuiteComparison[];
  verdicts: Verdicts;
  recommendations: { suites: SuiteRecommendation[]; communities: CommunityRecommendation[] };
  /** Per suite, over its comparable models only. */
  energyStars: ({ suite: string } & EnergyStars)[];
  warnings: AnalysisWarning[];
};
