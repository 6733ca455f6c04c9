/**
 * The verdict data model of summary.json (`verdicts`): what the steering committee reads first.
 * Built by verdict.ts (one suite) and community-verdict.ts (a community, from its suites' verdicts).
 * Rates and differences are fractions 0..1; δ (`marginPoints`) is in percentage points; energies
 * in joules per case. Every figure of a suite verdict is computed over the same cases
 * (`comparedCases`) for every model it lists.
 */
import type { Interval } from './interval.js';

/**
 * Outcome of the rule on one suite:
 * - `recommended`: at least one model is shown good enough; `recommended` names the one to use
 *   (the least energy when several are good enough and every one's energy is known).
 * - `energy-unknown`: several models are good enough but the energy of at least one is unknown:
 *   none is called frugal; `goodEnough` lists them and `missingEnergy` says what fact is missing.
 * - `indeterminate`: « indéterminé : trop peu de cas » — no model can be shown good enough;
 *   `casesNeeded` says roughly how many cases would decide. Never a recommendation.
 * - `insufficient`: the best model passes no case, or its pass rate is shown below the suite's
 *   target (upper bound under it): no model is good enough, and more cases would not change that.
 * - `no-candidate`: no comparable model at all (none ran, or every one was excluded).
 */
export type SuiteVerdictState = 'recommended' | 'energy-unknown' | 'indeterminate' | 'insufficient' | 'no-candidate';

/** Why a candidate that ran the suite takes no part in its verdict (calibration baselines are never listed: see `calibration`). */
export type ExclusionReason =
  /** « non évaluable »: more than ERROR_SHARE_LIMIT of its results are errors. */
  | 'too-many-errors'
  /** It lacks cases that the other models ran: it cannot be compared on the same cases. */
  | 'incomplete';

export type ExcludedModel = {
  model: string;
  reason: ExclusionReason;
  /** Cases it has at least one result for. */
  cases: number;
  /** Its results that are errors (all repeats). */
  errors: number;
  results: number;
  /** Cases of the suite it has no result for. */
  missingCases: number;
  /** French, for people. */
  message: string;
};

/** How a model qualified as « suffisant », or why it did not. */
export type GoodEnoughBasis =
  /** The lower bound of its difference to the best is above −δ. */
  | 'non-inferior'
  /** The lower bound (Wilson) of its own pass rate reaches the suite's target. */
  | 'target'
  /** It is the best and the comparison settled it (every other model shown within δ or significantly below). */
  | 'best'
  /** Not shown good enough. */
  | null;

/** One comparable model of a suite verdict, all figures over `comparedCases`. */
export type VerdictModel = {
  model: string;
  /** Mean over cases of the share of its repeats that passed; errors count as failures. */
  passRate: number;
  /** Wilson interval of the pass rate at the verdict's `level` (cases as trials; conservative with repeats). */
  passRateInterval: Interval;
  meanScore: number | null;
  /** Results that are errors, and all results (cases × repeats). Shown in every cell. */
  errors: number;
  results: number;
  /** passRate − best's passRate; 0 for the best. */
  diffToBest: number;
  /**
   * Simultaneous interval of that difference (Bonferroni over the k − 1 comparisons with the best),
   * adjusted Wald of Bonett & Price (2012) on per-case differences; null for the best itself.
   */
  diffToBestInterval: Interval | null;
  /** Sign-flip test of « same pass rate as the best » (exact McNemar with one repeat), Holm over k − 1; null for the best. */
  pBelowBest: number | null;
  /** Significantly below the best (pBelowBest < α and behind it). */
  belowBest: boolean;
  goodEnough: boolean;
  basis: GoodEnoughBasis;
  /** Energy per case in joules over the compared cases; null when unknown for any of them. */
  energyPerCaseJ: number | null;
  energyMeasured: boolean;
  /** When energy is unknown: the fact to supply, e.g. `energy.modelSizes`, or the meter's reason. */
  energyMissing: string | null;
  latencyP50Ms: number | null;
};

export type SuiteVerdict = {
  suite: string;
  community: string;
  state: SuiteVerdictState;
  /** The model to use; null unless `state` is `recommended`. */
  recommended: string | null;
  /** True when `recommended` was picked as the least energy among several good-enough models (« sobre »). */
  frugal: boolean;
  /** Highest pass rate over the compared cases (then mean score, then id); null without candidates. */
  best: string | null;
  /** Good-enough models, least energy first (unknown energy last). */
  goodEnough: string[];
  /** Good-enough models spending at least `energyHungryFactor` × the recommended one's energy. */
  energyHungry: string[];
  /** Good-enough models whose energy is unknown, with the missing fact. */
  missingEnergy: { model: string; missing: string }[];
  /** Non-inferiority margin δ in percentage points (suite, else community, else 5). */
  marginPoints: number;
  /** The suite's target pass rate, 0..1, when it declares one. */
  target: number | null;
  /** Confidence level of the intervals (0.95): each bound is one-sided at (1 − level) / 2. */
  level: number;
  alpha: number;
  /** Cases every comparable model ran: the only cases the figures below use. */
  comparedCases: number;
  /** When `indeterminate`: about how many cases would decide (Connor 1987, rounded up); else null. */
  casesNeeded: number | null;
  models: VerdictModel[];
  excluded: ExcludedModel[];
  /** One French sentence (plus short notes) for the report. */
  reason: string;
};

/**
 * Outcome of a community, built only from its suites' verdicts:
 * - `single-model`: one model is good enough on every suite (and covers every suite): `model`.
 * - `energy-unknown`: several models are good enough everywhere but their energy is not all known.
 * - `per-suite`: no single model: read `perSuite` (each suite's own outcome).
 * - `indeterminate`: no suite could be decided.
 * - `no-candidate`: no suite had a comparable model.
 */
export type CommunityVerdictState = 'single-model' | 'energy-unknown' | 'per-suite' | 'indeterminate' | 'no-candidate';

export type CommunityVerdict = {
  community: string;
  state: CommunityVerdictState;
  /** The community-wide model when `state` is `single-model`, else null. */
  model: string | null;
  /** True when `model` was picked as the least energy over all the community's cases. */
  frugal: boolean;
  /** Models good enough on every suite of the community. */
  goodEverywhere: string[];
  perSuite: { suite: string; state: SuiteVerdictState; recommended: string | null; goodEnough: string[] }[];
  reason: string;
};

/** Calibration baselines: shown apart, never in a verdict, a star, an outcome or a total. */
export type CalibrationBlock = {
  models: string[];
  cells: { suite: string; model: string; results: number; passed: number; errors: number; passRate: number | null }[];
};

export type Verdicts = {
  /** Share of errored results above which a model is « non évaluable » on a suite. */
  errorShareLimit: number;
  suites: SuiteVerdict[];
  communities: CommunityVerdict[];
  calibration: CalibrationBlock;
};
