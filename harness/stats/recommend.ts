/**
 * The recommendation rule: « modèle recommandé (sobre) » = good enough, at the least energy.
 *
 * 1. Eligible models: those whose pass rate is not significantly below the best model's (tied
 *    group of groups.ts, Holm-adjusted McNemar at α = 0.05), plus, when the suite declares a
 *    `target` pass rate, those that reach it.
 * 2. Among them, the lowest energy per case wins. Models whose energy is unknown come after every
 *    model whose energy is known (the sentence says so): an unknown cost is never taken for a low
 *    one. Energies equal to 1e-9 relative count as equal.
 * 3. Ties broken by median latency (p50, lower first; unknown last), then by hosting, most
 *    sovereign first (local, on-prem, sovereign-cloud, eu-cloud, foreign-cloud; unknown last), then
 *    by model id so the outcome never depends on input order.
 * 4. « Usage énergivore »: any other model spending at least `energyHungryFactor` (3 by default)
 *    times the recommended model's energy per case without a significantly higher pass rate.
 *
 * For a community, the same rule runs on the cases of all its suites pooled (pass rate weighted by
 * cases, energy averaged per case), over the models that ran every suite; the target is met when
 * the model reaches the target of each suite that declares one.
 */
import type { Hosting } from '../core/types.js';
import { HOSTINGS } from '../core/types.js';
import type { PairVerdict } from './groups.js';
import { significantlyAbove, tiedWithBest } from './groups.js';
import { recommendationReason } from './recommend-reason.js';

export type Candidate = {
  model: string;
  /** Where the model runs; null when not declared (sorted last). */
  hosting: Hosting | null;
  passRate: number | null;
  meanScore: number | null;
  /** Mean energy per case in joules; null when unknown. */
  energyPerCaseJ: number | null;
  /** True only when every energy figure behind the mean was measured. */
  energyMeasured: boolean;
  latencyP50Ms: number | null;
  /** Reaches the scope's target pass rate; undefined when the scope has no target. */
  meetsTarget?: boolean;
};

export type RecommendOptions = {
  alpha?: number;
  energyHungryFactor?: number;
  /** How the target reads in a sentence, e.g. « 80 % »; needed when candidates carry `meetsTarget`. */
  targetLabel?: string;
};

export type Recommendation = {
  recommended: string | null;
  /** Highest pass rate (then mean score). */
  mostAccurate: string | null;
  /** Models statistically tied with the most accurate one (itself included). */
  tied: string[];
  /** Eligible models in the order of the rule: the first is the recommendation. */
  eligible: string[];
  energyHungry: string[];
  /** Eligible models whose energy is unknown. */
  unknownEnergy: string[];
  /** Energy per case of the most accurate model over the recommended one's; null when unknown. */
  energyRatio: number | null;
  /** One French sentence (plus short notes), for the synthesis of the report. */
  reason: string;
};

const nullsLast = (x: number | null, y: number | null, equal: (x: number, y: number) => boolean): number => {
  if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
  return equal(x, y) ? 0 : x - y;
};
const sameEnergy = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
const hostingRank = (h: Hosting | null): number => (h === null ? HOSTINGS.length : HOSTINGS.indexOf(h));

/** Order of the rule among eligible models (steps 2 and 3). */
export const compareCandidates = (x: Candidate, y: Candidate): number =>
  nullsLast(x.energyPerCaseJ, y.energyPerCaseJ, sameEnergy)
  || nullsLast(x.latencyP50Ms, y.latencyP50Ms, (a, b) => a === b)
  || hostingRank(x.hosting) - hostingRank(y.hosting)
  || x.model.localeCompare(y.model);

/** Applies the rule to the candidates of one suite or community. `verdicts` carry Holm-adjusted p-values. */
export const recommend = (candidates: readonly Candidate[], verdicts: readonly PairVerdict[], opts: RecommendOptions = {}): Recommendation => {
  const { alpha = 0.05, energyHungryFactor = 3 } = opts;
  const rated = candidates.filter((c) => c.passRate !== null);
  const group = tiedWithBest(rated, verdicts, alpha);
  const byId = new Map(rated.map((c) => [c.model, c]));
  const best = group.best === null ? undefined : byId.get(group.best);
  if (!best) {
    return { recommended: null, mostAccurate: null, tied: [], eligible: [], energyHungry: [], unknownEnergy: [], energyRatio: null, reason: 'Aucun résultat exploitable : pas de recommandation possible.' };
  }
  const eligible = rated.filter((c) => group.tied.includes(c.model) || c.meetsTarget === true).sort(compareCandidates);
  const rec = eligible[0]!;
  const energyHungry = rated
    .filter((c) => c.model !== rec.model && c.energyPerCaseJ !== null && rec.energyPerCaseJ !== null)
    .filter((c) => c.energyPerCaseJ! >= energyHungryFactor * rec.energyPerCaseJ! && c.energyPerCaseJ! > 0)
    .filter((c) => !significantlyAbove(verdicts, c.model, rec.model, alpha))
    .map((c) => c.model)
    .sort();
  const unknownEnergy = eligible.filter((c) => c.energyPerCaseJ === null).map((c) => c.model);
  const energyRatio = best.energyPerCaseJ !== null && rec.energyPerCaseJ !== null && rec.energyPerCaseJ > 0 ? best.energyPerCaseJ / rec.energyPerCaseJ : null;
  const hasTarget = rated.some((c) => c.meetsTarget !== undefined);
  const reason = recommendationReason({
    rec,
    best,
    tied: group.tied.includes(rec.model),
    eligibleCount: eligible.length,
    ratedCount: rated.length,
    unknownEnergy: unknownEnergy.filter((m) => m !== rec.model),
    energyHungry,
    energyHungryFactor,
    ...(hasTarget ? { target: { label: opts.targetLabel ?? '', missedByAll: !rated.some((c) => c.meetsTarget === true) } } : {}),
  });
  // « Good enough » is the community's word: when it declared a target and no model reaches it,
  // nothing is recommended (the most accurate is still named, as the least bad).
  if (hasTarget && !rated.some((c) => c.meetsTarget === true)) {
    return {
      recommended: null, mostAccurate: best.model, tied: group.tied, eligible: [], energyHungry: [], unknownEnergy, energyRatio: null,
      reason: `Aucun modèle recommandé : aucun n'atteint l'objectif de réussite (${opts.targetLabel ?? ''}) ; le plus précis est ${best.model}.`,
    };
  }
  return { recommended: rec.model, mostAccurate: best.model, tied: group.tied, eligible: eligible.map((c) => c.model), energyHungry, unknownEnergy, energyRatio, reason };
};
