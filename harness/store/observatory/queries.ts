/**
 * What the observatory home page, `serve` and `history` ask of the index: runs with per-model
 * figures, trends per community × model and per model, suite changes, egress per classification,
 * the latest result of every suite × model. Written once over the `ObservatoryStore` interface, so
 * every backend answers the same. Calibration baselines (`reference`, `echo`) check the scorers and
 * are not candidates: they never enter a figure here.
 */
import { calibrationIds, isCalibration } from '../../core/calibration.js';
import { wilsonInterval } from '../../stats/wilson.js';
import type { Interval } from '../../stats/interval.js';
import { poolFigures, type Figures } from './figures.js';
import type { CaseRecord, CellFilter, CellRecord, EgressRecord, ModelRecord, ObservatoryStore, RunRecord } from './types.js';

export type { Figures };

export { isCalibration };

/**
 * Figures plus the 95 % Wilson interval of the pass rate, over cases (repeats folded by majority),
 * and how the energy figure was obtained (the cells' methods: `rapl`, `ecologits-…`).
 */
export type ModelFigures = Figures & { passRateInterval: Interval | null; energyMethods: string[] };

export type RunHeadline = {
  run: RunRecord;
  suites: string[];
  /** Candidate models only. */
  models: string[];
  communities: string[];
  /** One entry per candidate model, by model id: a pass rate never mixes models. */
  perModel: { modelId: string; figures: ModelFigures }[];
  /** Calibration baselines the run also ran, left out of every figure. */
  calibration: string[];
};

/** Egress of a group, per classification of the data sent. `bytes` null when any part is unknown. */
export type EgressTotal = { classification: string | null; cases: number; bytes: number | null };

/** One point of a trend: a run, for one community × model (community trends) or one model. */
export type TrendPoint = {
  community: string | null;
  modelId: string;
  runId: string;
  createdAt: string;
  complete: boolean;
  figures: ModelFigures;
  egress: EgressTotal[];
};

/** A suite whose file changed (sha256) since the previous run that held it. */
export type SuiteChange = { runId: string; createdAt: string; suiteId: string; community: string; before: string; after: string };

export type LatestCell = CellRecord & { createdAt: string; complete: boolean };

type Filter = Omit<CellFilter, 'runId'>;

const cellKey = (suite: string, model: string) => JSON.stringify([suite, model]);
const distinct = (xs: string[]) => [...new Set(xs)].sort();

export const sumEgress = (rows: readonly EgressRecord[]): EgressTotal[] => {
  const by = new Map<string | null, EgressTotal>();
  for (const e of rows) {
    const t = by.get(e.classification) ?? { classification: e.classification, cases: 0, bytes: 0 };
    t.cases += e.cases;
    t.bytes = t.bytes === null || e.bytes === null ? null : t.bytes + e.bytes;
    by.set(e.classification, t);
  }
  return [...by.values()].sort((a, b) => String(a.classification).localeCompare(String(b.classification)));
};

/** Cases count once each: a case passes when most of its repeats passed (repeats are not independent). */
const caseInterval = (cells: readonly CellRecord[], cases: readonly CaseRecord[]): Interval | null => {
  if (cases.length === 0) {
    const n = cells.reduce((s, c) => s + c.n, 0);
    return wilsonInterval(cells.reduce((s, c) => s + c.passed, 0), n);
  }
  const byCase = new Map<string, { passed: number; n: number }>();
  for (const c of cases) {
    const k = JSON.stringify([c.suiteId, c.modelId, c.caseId]);
    const t = byCase.get(k) ?? { passed: 0, n: 0 };
    t.n++;
    if (c.status === 'passed') t.passed++;
    byCase.set(k, t);
  }
  const outcomes = [...byCase.values()];
  return wilsonInterval(outcomes.filter((t) => t.passed * 2 > t.n).length, outcomes.length);
};

export const modelFigures = (cells: readonly CellRecord[], cases: readonly CaseRecord[]): ModelFigures => ({
  ...poolFigures(cells, cases),
  passRateInterval: caseInterval(cells, cases),
  energyMethods: distinct(cells.flatMap((c) => (c.energyMethod ?? '').split(',').map((m) => m.trim()).filter(Boolean))),
});

/** The candidate cells of one run (calibration baselines left out), with their case lines. */
const candidatesOf = async (store: ObservatoryStore, run: RunRecord, f: Filter) => {
  // By provider, or marked `calibration: true` in the run's manifest (stats/calibration.ts).
  const calibration = new Set([...(await store.models(run.runId)).filter(isCalibration).map((m) => m.modelId), ...calibrationIds(run.manifest)]);
  const all = await store.cells({ ...f, runId: run.runId });
  const cells = all.filter((c) => !calibration.has(c.modelId));
  const keys = new Set(cells.map((c) => cellKey(c.suiteId, c.modelId)));
  const cases = cells.length === 0 ? [] : (await store.caseResults(run.runId, { ...(f.suite ? { suite: f.suite } : {}), ...(f.model ? { model: f.model } : {}) }))
    .filter((c) => keys.has(cellKey(c.suiteId, c.modelId)));
  return { cells, cases, calibration: distinct(all.filter((c) => calibration.has(c.modelId)).map((c) => c.modelId)) };
};

type Candidates = Awaited<ReturnType<typeof candidatesOf>>;

const headlineOf = (run: RunRecord, { cells, cases, calibration }: Candidates): RunHeadline => {
  const models = distinct(cells.map((c) => c.modelId));
  return {
    run,
    suites: distinct(cells.map((c) => c.suiteId)),
    models,
    communities: distinct(cells.map((c) => c.community)),
    perModel: models.map((modelId) => ({
      modelId,
      figures: modelFigures(cells.filter((c) => c.modelId === modelId), cases.filter((c) => c.modelId === modelId)),
    })),
    calibration,
  };
};

const trendPointsOf = (run: RunRecord, { cells, cases }: Candidates, egress: readonly EgressRecord[], by: 'community' | 'model'): TrendPoint[] => {
  const points: TrendPoint[] = [];
  if (cells.length === 0) return points;
  const communityOfSuite = new Map(cells.map((c) => [c.suiteId, c.community]));
  const groups = new Map<string, { community: string | null; modelId: string }>();
  for (const c of cells) {
    const community = by === 'community' ? c.community : null;
    groups.set(JSON.stringify([community, c.modelId]), { community, modelId: c.modelId });
  }
  for (const [, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const inGroup = (suiteId: string, modelId: string) =>
      modelId === g.modelId && (g.community === null || communityOfSuite.get(suiteId) === g.community);
    // Egress lines count for a group only when they name its model (and its community's suite).
    const egressOf = (e: EgressRecord) => e.modelId === g.modelId && (g.community === null || (e.suiteId !== null && communityOfSuite.get(e.suiteId) === g.community));
    points.push({
      community: g.community, modelId: g.modelId, runId: run.runId, createdAt: run.createdAt, complete: run.complete,
      figures: modelFigures(cells.filter((c) => inGroup(c.suiteId, c.modelId)), cases.filter((c) => inGroup(c.suiteId, c.modelId))),
      egress: sumEgress(egress.filter(egressOf)),
    });
  }
  return points;
};

/** Runs newest first, each with per-model figures over the cells that match the filter. */
export const runHeadlines = async (store: ObservatoryStore, filter: Filter = {}): Promise<RunHeadline[]> => {
  const out: RunHeadline[] = [];
  for (const run of await store.listRuns(filter)) out.push(headlineOf(run, await candidatesOf(store, run, filter)));
  return out;
};

const trend = async (store: ObservatoryStore, by: 'community' | 'model', filter: Filter): Promise<TrendPoint[]> => {
  const points: TrendPoint[] = [];
  for (const run of (await store.listRuns(filter)).reverse()) {
    const found = await candidatesOf(store, run, filter);
    if (found.cells.length > 0) points.push(...trendPointsOf(run, found, await store.egress(run.runId), by));
  }
  return points;
};

/**
 * Headlines and both trends of every run (no filter), reading each run's case lines once rather
 * than once per view: the home page's cost, which grows with the observatory's history.
 */
export const runFiguresAll = async (store: ObservatoryStore): Promise<{ runs: RunHeadline[]; communityTrends: TrendPoint[]; modelTrends: TrendPoint[] }> => {
  const runs: RunHeadline[] = [];
  const communityTrends: TrendPoint[] = [];
  const modelTrends: TrendPoint[] = [];
  for (const run of (await store.listRuns()).reverse()) {
    const found = await candidatesOf(store, run, {});
    runs.push(headlineOf(run, found));
    if (found.cells.length === 0) continue;
    const egress = await store.egress(run.runId);
    communityTrends.push(...trendPointsOf(run, found, egress, 'community'));
    modelTrends.push(...trendPointsOf(run, found, egress, 'model'));
  }
  return { runs: runs.reverse(), communityTrends, modelTrends };
};

/** One point per run × community × model, oldest run first. */
export const communityTrends = (store: ObservatoryStore, filter: Filter = {}): Promise<TrendPoint[]> => trend(store, 'community', filter);

/** One point per run × model (all its suites), oldest run first; `community` is null. */
export const modelTrends = (store: ObservatoryStore, filter: Filter = {}): Promise<TrendPoint[]> => trend(store, 'model', filter);

/** Every run where a suite's file differs from the previous run that held it; oldest first. */
export const suiteChanges = async (store: ObservatoryStore): Promise<SuiteChange[]> => {
  const last = new Map<string, string>();
  const out: SuiteChange[] = [];
  for (const run of (await store.listRuns()).reverse()) {
    for (const s of await store.suites(run.runId)) {
      if (s.sha256 === null) continue;
      const before = last.get(s.suiteId);
      if (before !== undefined && before !== s.sha256) {
        out.push({ runId: run.runId, createdAt: run.createdAt, suiteId: s.suiteId, community: s.community, before, after: s.sha256 });
      }
      last.set(s.suiteId, s.sha256);
    }
  }
  return out;
};

/** The most recent cell of every suite × model, whatever run it comes from; sorted by suite, model. */
export const latestCells = async (store: ObservatoryStore, filter: Filter = {}): Promise<LatestCell[]> => {
  const runs = new Map((await store.listRuns(filter)).map((r) => [r.runId, r]));
  const latest = new Map<string, LatestCell>();
  for (const c of await store.cells(filter)) {
    const run = runs.get(c.runId)!;
    latest.set(cellKey(c.suiteId, c.modelId), { ...c, createdAt: run.createdAt, complete: run.complete }); // oldest first: the last one wins
  }
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
};

/** Egress of every run by classification, oldest run first. */
export const egressTrend = async (store: ObservatoryStore): Promise<{ runId: string; createdAt: string; egress: EgressTotal[] }[]> => {
  const out = [];
  for (const run of (await store.listRuns()).reverse()) out.push({ runId: run.runId, createdAt: run.createdAt, egress: sumEgress(await store.egress(run.runId)) });
  return out;
};
