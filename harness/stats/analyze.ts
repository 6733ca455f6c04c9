/**
 * One entry point for the statistics of a run: intervals per suite × model, repeat consistency,
 * paired comparisons with Holm adjustment, groups tied with the best, recommendations per suite
 * and per community, relative energy stars, and the warnings a reader needs (too few cases,
 * unpaired cases, partial energy). Pure: reads the results it is given, returns data.
 */
import type { CaseResult, Hosting } from '../core/types.js';
import type { AnalysisWarning, AnalyzeOptions, ModelInfo, RunAnalysis, SuiteInfo } from './analyze-types.js';
import { analyzeCommunity } from './analyze-community.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from './bootstrap.js';
import { cellConsistency, cellEstimates, cellIntervals } from './cell-stats.js';
import { collectTrials } from './collect.js';
import { frInteger, frPercent } from './fr-format.js';
import { tiedWithBest } from './groups.js';
import type { Candidate } from './recommend.js';
import { recommend } from './recommend.js';
import { sampleSizeWarning } from './sample-size.js';
import { compareAll } from './scope.js';
import { energyStars } from './stars.js';

export type { AnalyzeOptions, ModelInfo, RunAnalysis, SuiteInfo } from './analyze-types.js';

export const analyzeRun = async (
  results: AsyncIterable<CaseResult> | Iterable<CaseResult>,
  suites: readonly SuiteInfo[],
  models: readonly ModelInfo[],
  opts: AnalyzeOptions = {},
): Promise<RunAnalysis> => {
  const { level = 0.95, alpha = 0.05, resamples = DEFAULT_RESAMPLES, seed = DEFAULT_SEED, energyHungryFactor = 3, sampleSize = {} } = opts;
  const boot = { level, resamples, seed };
  const collected = await collectTrials(results);
  const suiteInfo = new Map(suites.map((s) => [s.id, s]));
  const hostings = new Map<string, Hosting>(models.map((m) => [m.id, m.hosting]));
  const hostingOf = (model: string): Hosting | null => hostings.get(model) ?? null;
  const out: RunAnalysis = {
    level, alpha, resamples, seed,
    intervals: [], consistency: [], comparisons: [], communityComparisons: [],
    groups: { suites: [], communities: [] }, recommendations: { suites: [], communities: [] }, energyStars: [], warnings: [],
  };
  const warn = (w: AnalysisWarning): void => void out.warnings.push(w);

  // Suites in the order given (the config's), then any other suite found in the results.
  const suiteIds = [...suites.map((s) => s.id).filter((id) => collected.has(id)), ...[...collected.keys()].filter((id) => !suiteInfo.has(id)).sort()];
  const communityOf = (id: string): string => suiteInfo.get(id)?.community ?? collected.get(id)!.community;

  for (const suite of suiteIds) {
    const { cells } = collected.get(suite)!;
    const community = communityOf(suite);
    const target = suiteInfo.get(suite)?.target;
    const modelIds = [...cells.keys()].sort();
    const allCases = new Set([...cells.values()].flatMap((c) => [...c.keys()]));
    const candidates: Candidate[] = [];
    for (const model of modelIds) {
      const cell = cells.get(model)!;
      const e = cellEstimates(cell);
      out.intervals.push({ suite, community, model, level, estimates: e, ...cellIntervals(cell, boot) });
      const consistency = cellConsistency(cell);
      if (consistency) out.consistency.push({ suite, model, ...consistency });
      candidates.push({
        model, hosting: hostingOf(model), passRate: e.passRate, meanScore: e.meanScore,
        energyPerCaseJ: e.energyPerCaseJ, energyMeasured: e.energyMeasured, latencyP50Ms: e.latencyP50Ms,
        ...(target === undefined ? {} : { meetsTarget: (e.passRate ?? 0) >= target }),
      });
      const missing = allCases.size - cell.size;
      if (missing > 0 && modelIds.length > 1) {
        warn({ code: 'unpaired-cases', suite, model, message: `« ${suite} » : ${model} n'a pas de résultat pour ${frInteger(missing)} cas ; ils sont écartés de ses comparaisons.` });
      }
      if (e.energyKnown > 0 && e.energyKnown < e.results) {
        warn({ code: 'partial-energy', suite, model, message: `« ${suite} » : énergie connue pour ${frInteger(e.energyKnown)} des ${frInteger(e.results)} résultats de ${model} ; la moyenne ne porte que sur ceux-là.` });
      }
    }
    if (modelIds.length > 1) {
      const sentence = sampleSizeWarning(allCases.size, sampleSize);
      if (sentence) warn({ code: 'sample-size', suite, message: `« ${suite} » — ${sentence}` });
    }
    const comparisons = compareAll(cells, { ...boot, alpha }).map((c) => ({ suite, ...c }));
    out.comparisons.push(...comparisons);
    out.groups.suites.push({ suite, ...tiedWithBest(candidates, comparisons, alpha) });
    const rec = recommend(candidates, comparisons, { alpha, energyHungryFactor, ...(target === undefined ? {} : { targetLabel: frPercent(target) }) });
    out.recommendations.suites.push({ suite, community, ...rec });
    out.energyStars.push({ suite, ...energyStars(candidates) });
  }

  for (const model of [...new Set([...collected.values()].flatMap((s) => [...s.cells.keys()]))].sort()) {
    if (!hostings.has(model)) warn({ code: 'unknown-model', model, message: `Hébergement de ${model} non déclaré : il passe en dernier quand il faut départager par l'hébergement.` });
  }

  const communities = [...new Set(suiteIds.map(communityOf))];
  for (const community of communities) {
    const own = suiteIds.filter((id) => communityOf(id) === community);
    const result = analyzeCommunity({
      community,
      suites: own.map((id) => ({ id, cells: collected.get(id)!.cells, ...(suiteInfo.get(id)?.target === undefined ? {} : { target: suiteInfo.get(id)!.target! }) })),
      hostingOf,
      opts: { ...boot, alpha, energyHungryFactor },
    });
    out.communityComparisons.push(...result.comparisons);
    out.groups.communities.push(result.group);
    out.recommendations.communities.push(result.recommendation);
    for (const model of result.recommendation.excluded) {
      warn({ code: 'incomplete-community', community, model, message: `${model} n'a pas passé toutes les suites de la communauté « ${community} » : il n'est pas pris en compte pour sa recommandation.` });
    }
  }
  return out;
};
