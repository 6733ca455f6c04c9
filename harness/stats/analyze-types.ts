/**
 * What `analyzeRun` returns: plain data for summary.json and the report. Intervals are [low, high]
 * at the run's confidence level; energies in joules per case (the report converts to Wh).
 */
import type { Hosting } from '../core/types.js';
import type { BootstrapOptions } from './bootstrap.js';
import type { CellConsistency, CellEstimates, CellIntervals } from './cell-stats.js';
import type { TieGroup } from './groups.js';
import type { Recommendation } from './recommend.js';
import type { SampleSizeOptions } from './sample-size.js';
import type { ScopeComparison } from './scope.js';
import type { EnergyStars } from './stars.js';

export type SuiteInfo = { id: string; community: string; /** Target pass rate, 0..1. */ target?: number };
export type ModelInfo = { id: string; hosting: Hosting };

export type AnalyzeOptions = BootstrapOptions & {
  /** Significance level of the tests, 0.05 by default. */
  alpha?: number;
  /** « Usage énergivore » from this many times the recommended model's energy (3 by default). */
  energyHungryFactor?: number;
  /** Gap, power and assumed discordance of the sample-size warning (sample-size.ts). */
  sampleSize?: SampleSizeOptions;
};

export type CellAnalysis = { suite: string; community: string; model: string; level: number; estimates: CellEstimates } & CellIntervals;

export type CellConsistencyEntry = { suite: string; model: string } & CellConsistency;

export type SuiteComparison = { suite: string } & ScopeComparison;
export type CommunityComparison = { community: string } & ScopeComparison;

export type SuiteGroup = { suite: string } & TieGroup;
export type CommunityGroup = { community: string } & TieGroup;

export type SuiteRecommendation = { suite: string; community: string } & Recommendation;
export type CommunityRecommendation = {
  community: string;
  /** Suites pooled for this community. */
  suites: string[];
  /** Models left out because they did not run every suite of the community. */
  excluded: string[];
  /** Pooled estimates of the models considered. */
  estimates: ({ model: string } & CellEstimates)[];
} & Recommendation;

export type WarningCode = 'sample-size' | 'unpaired-cases' | 'partial-energy' | 'unknown-model' | 'incomplete-community';

/** Something the reader must know before trusting a figure; `message` is French, for people. */
export type AnalysisWarning = { code: WarningCode; message: string; suite?: string; community?: string; model?: string };

export type RunAnalysis = {
  level: number;
  alpha: number;
  resamples: number;
  seed: number;
  intervals: CellAnalysis[];
  consistency: CellConsistencyEntry[];
  comparisons: SuiteComparison[];
  communityComparisons: CommunityComparison[];
  groups: { suites: SuiteGroup[]; communities: CommunityGroup[] };
  recommendations: { suites: SuiteRecommendation[]; communities: CommunityRecommendation[] };
  energyStars: ({ suite: string } & EnergyStars)[];
  warnings: AnalysisWarning[];
};
