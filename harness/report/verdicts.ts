/**
 * The verdicts the first screen shows, read from summary.json whatever the version of the rule
 * that wrote them, into one shape: per suite a recommended model, or « indéterminé » with the cases
 * needed, or no candidate at all; per community one model only when the same model is good enough
 * on every suite. Calibration baselines and demo models never carry a verdict. Pure.
 */
import { aggregateModels } from './aggregate.js';
import { fallbackPick } from './fallback-pick.js';
import { modelKind } from './model-kind.js';
import type { EnergyFigure } from './energy.js';
import type { ReportManifest, ReportSummary } from './view-types.js';

export type SuiteVerdict = {
  suite: string;
  /** `no-candidate`: only calibration baselines or demo models ran this suite. */
  state: 'recommended' | 'indeterminate' | 'no-candidate';
  model: string | null;
  /** Cases the suite would need for a verdict, when the rule computed it. */
  casesNeeded: number | null;
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

const isCandidate = (manifest: ReportManifest, id: string): boolean => modelKind(manifest.models.find((m) => m.id === id), id) === 'candidate';

/** Suite verdicts from the older `recommendations` block, or the report's own pick when absent. */
const suiteVerdict = ({ manifest, summary, energy }: Inputs, suite: string): SuiteVerdict => {
  const cells = summary.cells.filter((c) => c.suite === suite && isCandidate(manifest, c.model));
  if (cells.length === 0) return { suite, state: 'no-candidate', model: null, casesNeeded: null, tested: false };
  const given = summary.recommendations?.suites.find((r) => r.suite === suite);
  if (given?.recommended && isCandidate(manifest, given.recommended)) {
    return { suite, state: 'recommended', model: given.recommended, casesNeeded: null, tested: true };
  }
  const pick = fallbackPick(aggregateModels(cells, energy)).recommended;
  return pick ? { suite, state: 'recommended', model: pick, casesNeeded: null, tested: false } : { suite, state: 'no-candidate', model: null, casesNeeded: null, tested: false };
};

export const readVerdicts = (inputs: Inputs): CommunityVerdict[] =>
  inputs.communities.map(({ community, suites }) => {
    const verdicts = suites.map((s) => suiteVerdict(inputs, s));
    const models = new Set(verdicts.map((v) => v.model));
    const only = verdicts.every((v) => v.state === 'recommended') && models.size === 1 ? [...models][0]! : null;
    return { community, suites: verdicts, model: only };
  });
