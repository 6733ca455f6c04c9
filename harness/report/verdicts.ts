/**
 * The verdicts the page shows, in one shape whatever wrote them: summary.json `verdicts`
 * (stats/verdict-types.ts: the rule with its margin δ), else the older `recommendations`, else the
 * report's own pick (said so). Per suite: recommended, several good enough with unknown energy,
 * indeterminate with the cases needed, insufficient, or no candidate; per community, one model only
 * when the same model is good enough on every suite. Calibration baselines and demo models never
 * carry a verdict: a suite where only they ran has no candidate. Pure.
 */
import { aggregateModels } from './aggregate.js';
import type { EnergyFigure } from './energy.js';
import { fallbackPick } from './fallback-pick.js';
import { modelKind } from './model-kind.js';
import type { Interval, ReportManifest, ReportSummary } from './view-types.js';

export type SuiteVerdict = {
  suite: string;
  state: 'recommended' | 'energy-unknown' | 'indeterminate' | 'insufficient' | 'no-candidate';
  /** The model to use when `recommended`. */
  model: string | null;
  /** Highest pass rate over the same cases, when the rule or the report named one. */
  best: string | null;
  /** Good-enough models, when several qualify but their energy is not all known. */
  goodEnough: string[];
  /** The fact to supply for an unknown energy (`energy.modelSizes`…), by model. */
  missingEnergy: { model: string; missing: string }[];
  /** Cases the suite would need for a verdict, when the rule computed it. */
  casesNeeded: number | null;
  /** Non-inferiority margin in points, when the rule states it. */
  marginPoints: number | null;
  /** Wilson intervals of the pass rates over the compared cases, by model, when the rule gives them. */
  intervals: Map<string, Interval>;
  /** False when the report picked the model itself, without the statistical rule. */
  tested: boolean;
};

export type CommunityVerdict = {
  community: string;
  suites: SuiteVerdict[];
  /** The one model good enough on every suite of the community, or null. */
  model: string | null;
};

type Inputs = { manifest: ReportManifest; summary: ReportSummary; energy: Map<string, EnergyFigure | null>; communities: { community: string; suites: string[] }[] };

const isCandidate = (manifest: ReportManifest, id: string, summary: ReportSummary): boolean =>
  modelKind(manifest.models.find((m) => m.id === id), id) === 'candidate'
  && !summary.cells.some((c) => c.model === id && c.calibration === true)
  && !(summary.verdicts?.calibration?.models ?? []).includes(id);

const empty = (suite: string, state: SuiteVerdict['state'], tested: boolean): SuiteVerdict => ({
  suite, state, model: null, best: null, goodEnough: [], missingEnergy: [], casesNeeded: null, marginPoints: null, intervals: new Map(), tested,
});

/** From `verdicts.suites`: the rule's own outcome, demo models aside. */
const fromRule = (inputs: Inputs, suite: string): SuiteVerdict | null => {
  const v = inputs.summary.verdicts?.suites.find((s) => s.suite === suite);
  if (!v) return null;
  const real = (id: string | null) => id !== null && isCandidate(inputs.manifest, id, inputs.summary);
  if (!v.models.some((m) => real(m.model))) return empty(suite, 'no-candidate', true);
  return {
    suite,
    state: v.state,
    model: real(v.recommended) ? v.recommended : null,
    best: real(v.best) ? v.best : null,
    goodEnough: v.goodEnough.filter(real),
    missingEnergy: v.missingEnergy.filter((m) => real(m.model)),
    casesNeeded: v.casesNeeded,
    marginPoints: v.marginPoints ?? null,
    intervals: new Map(v.models.flatMap((m) => (m.passRateInterval ? [[m.model, m.passRateInterval] as const] : []))),
    tested: true,
  };
};

/** From the older `recommendations` block, or the report's own pick when absent. */
const fromRecommendations = ({ manifest, summary, energy }: Inputs, suite: string): SuiteVerdict => {
  const cells = summary.cells.filter((c) => c.suite === suite && isCandidate(manifest, c.model, summary));
  if (cells.length === 0) return empty(suite, 'no-candidate', false);
  const given = summary.recommendations?.suites.find((r) => r.suite === suite);
  const pick = fallbackPick(aggregateModels(cells, energy));
  const real = (id: string | null | undefined): id is string => !!id && isCandidate(manifest, id, summary);
  const best = given ? (real(given.mostAccurate) ? given.mostAccurate : null) : pick.mostAccurate;
  if (real(given?.recommended)) return { ...empty(suite, 'recommended', true), model: given.recommended, best };
  return pick.recommended ? { ...empty(suite, 'recommended', false), model: pick.recommended, best } : empty(suite, 'no-candidate', false);
};

export const readVerdicts = (inputs: Inputs): CommunityVerdict[] =>
  inputs.communities.map(({ community, suites }) => {
    const verdicts = suites.map((s) => fromRule(inputs, s) ?? fromRecommendations(inputs, s));
    const given = inputs.summary.verdicts?.communities.find((c) => c.community === community);
    if (given) {
      const model = given.state === 'single-model' && given.model !== null && isCandidate(inputs.manifest, given.model, inputs.summary) ? given.model : null;
      return { community, suites: verdicts, model };
    }
    const models = new Set(verdicts.map((v) => v.model));
    const only = verdicts.every((v) => v.state === 'recommended') && models.size === 1 ? [...models][0]! : null;
    return { community, suites: verdicts, model: only };
  });
