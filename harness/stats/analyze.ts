/**
 * One entry point for the statistics of a run: intervals per suite × model, repeat consistency,
 * pairwise comparisons, the verdict of each suite and community (verdict.ts, community-verdict.ts),
 * relative energy stars, and the warnings a reader needs. Calibration baselines are set apart in
 * `verdicts.calibration` and take part in nothing else. Pure: reads the results it is given,
 * returns data.
 */
import type { CaseResult, Hosting } from '../core/types.js';
import type { AnalysisWarning, AnalyzeOptions, ModelInfo, RunAnalysis, SuiteInfo } from './analyze-types.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from './bootstrap.js';
import { cellConsistency, cellEstimates, cellIntervals } from './cell-stats.js';
import { collectTrials } from './collect.js';
import { comparableModels, ERROR_SHARE_LIMIT } from './comparable.js';
import { communityVerdict } from './community-verdict.js';
import { frInteger } from './fr-format.js';
import { sampleSizeWarning } from './sample-size.js';
import { compareAll } from './scope.js';
import { energyStars } from './stars.js';
import type { CaseTrials } from './trials.js';
import { suiteVerdict } from './verdict.js';
import type { CalibrationBlock, SuiteVerdict } from './verdict-types.js';

export type { AnalyzeOptions, ModelInfo, RunAnalysis, SuiteInfo } from './analyze-types.js';

/** The cells restricted to the given models and cases: what every figure of a verdict is computed on. */
const restrict = (cells: ReadonlyMap<string, CaseTrials>, models: readonly string[], cases: readonly string[]): Map<string, CaseTrials> =>
  new Map(models.map((m) => [m, new Map(cases.map((id) => [id, cells.get(m)!.get(id)!]))]));

export const analyzeRun = async (
  results: AsyncIterable<CaseResult> | Iterable<CaseResult>,
  suites: readonly SuiteInfo[],
  models: readonly ModelInfo[],
  opts: AnalyzeOptions = {},
): Promise<RunAnalysis> => {
  const { level = 0.95, alpha = 0.05, resamples = DEFAULT_RESAMPLES, seed = DEFAULT_SEED, energyHungryFactor = 3, sampleSize = {}, errorShareLimit = ERROR_SHARE_LIMIT } = opts;
  const boot = { level, resamples, seed };
  const collected = await collectTrials(results);
  const suiteInfo = new Map(suites.map((s) => [s.id, s]));
  const hostings = new Map<string, Hosting>(models.map((m) => [m.id, m.hosting]));
  const hostingOf = (model: string): Hosting | null => hostings.get(model) ?? null;
  const calibration = new Set(models.filter((m) => m.calibration === true).map((m) => m.id));
  const calibrationBlock: CalibrationBlock = { models: [...calibration].sort(), cells: [] };
  const verdicts: SuiteVerdict[] = [];
  const out: RunAnalysis = {
    level, alpha, resamples, seed,
    intervals: [], consistency: [], comparisons: [],
    verdicts: { errorShareLimit, suites: verdicts, communities: [], calibration: calibrationBlock },
    recommendations: { suites: [], communities: [] }, energyStars: [], warnings: [],
  };
  const warn = (w: AnalysisWarning): void => void out.warnings.push(w);

  // Suites in the order given (the config's), then any other suite found in the results.
  const suiteIds = [...suites.map((s) => s.id).filter((id) => collected.has(id)), ...[...collected.keys()].filter((id) => !suiteInfo.has(id)).sort()];
  const communityOf = (id: string): string => suiteInfo.get(id)?.community ?? collected.get(id)!.community;

  for (const suite of suiteIds) {
    const { cells } = collected.get(suite)!;
    const community = communityOf(suite);
    const info = suiteInfo.get(suite);
    for (const model of [...cells.keys()].sort().filter((m) => calibration.has(m))) {
      const all = [...cells.get(model)!.values()].flat();
      const passed = all.filter((t) => t.passed).length;
      calibrationBlock.cells.push({ suite, model, results: all.length, passed, errors: all.filter((t) => t.error).length, passRate: all.length === 0 ? null : passed / all.length });
    }
    const set = comparableModels(cells, calibration, errorShareLimit);
    for (const e of set.excluded) {
      if (e.reason === 'too-many-errors') warn({ code: 'not-evaluable', suite, model: e.model, message: `« ${suite} » : ${e.message}` });
      if (e.reason === 'incomplete') warn({ code: 'unpaired-cases', suite, model: e.model, message: `« ${suite} » : ${e.message}` });
    }
    for (const model of [...cells.keys()].sort().filter((m) => !calibration.has(m))) {
      const cell = cells.get(model)!;
      const e = cellEstimates(cell);
      out.intervals.push({ suite, community, model, level, estimates: e, ...cellIntervals(cell, boot) });
      const consistency = cellConsistency(cell);
      if (consistency) out.consistency.push({ suite, model, ...consistency });
      if (e.energyKnown > 0 && e.energyKnown < e.results) {
        warn({ code: 'partial-energy', suite, model, message: `« ${suite} » : énergie connue pour ${frInteger(e.energyKnown)} des ${frInteger(e.results)} résultats de ${model} ; elle est tenue pour inconnue dans le verdict.` });
      }
    }
    const compared = restrict(cells, set.models, set.cases);
    if (set.models.length > 1) {
      const sentence = sampleSizeWarning(set.cases.length, sampleSize);
      if (sentence) warn({ code: 'sample-size', suite, message: `« ${suite} » — ${sentence}` });
    }
    out.comparisons.push(...compareAll(compared, { ...boot, alpha }).map((c) => ({ suite, ...c })));
    const v = suiteVerdict({
      suite, community, cells, calibration, hostingOf, alpha, level, energyHungryFactor, errorShareLimit,
      ...(info?.target === undefined ? {} : { target: info.target }),
      ...(info?.marginPoints === undefined ? {} : { marginPoints: info.marginPoints }),
    });
    verdicts.push(v);
    out.recommendations.suites.push({ suite, community, recommended: v.recommended, mostAccurate: v.best, energyHungry: v.energyHungry, reason: v.reason });
    out.energyStars.push({ suite, ...energyStars(v.models.map((m) => ({ model: m.model, energyPerCaseJ: m.energyPerCaseJ }))) });
  }

  for (const model of [...new Set([...collected.values()].flatMap((s) => [...s.cells.keys()]))].sort()) {
    if (!hostings.has(model)) warn({ code: 'unknown-model', model, message: `Hébergement de ${model} non déclaré : il passe en dernier quand il faut départager par l'hébergement.` });
  }

  for (const community of [...new Set(suiteIds.map(communityOf))]) {
    const c = communityVerdict(community, verdicts.filter((v) => v.community === community));
    out.verdicts.communities.push(c);
    const hungry = c.model === null ? [] : [...new Set(verdicts.filter((v) => v.community === community && v.recommended === c.model).flatMap((v) => v.energyHungry))].sort();
    out.recommendations.communities.push({ community, recommended: c.model, mostAccurate: null, energyHungry: hungry, reason: c.reason });
  }
  return out;
};
