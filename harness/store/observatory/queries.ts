/**
 * What the observatory home page and `history` ask of the index: runs with their headline
 * figures, trends per community and per model, the latest result of every suite × model.
 * Written once over the `ObservatoryStore` interface, so every backend answers the same.
 */
import { poolFigures, type Figures } from './figures.js';
import type { CaseRecord, CellFilter, CellRecord, EgressRecord, ObservatoryStore, RunRecord } from './types.js';

export type { Figures };

export type RunHeadline = { run: RunRecord; suites: string[]; models: string[]; communities: string[]; figures: Figures };

/** Egress of a group, per classification of the data sent. `bytes` null when any part is unknown. */
export type EgressTotal = { classification: string | null; cases: number; bytes: number | null };

export type TrendPoint = { key: string; runId: string; createdAt: string; complete: boolean; figures: Figures; egress: EgressTotal[] };

export type LatestCell = CellRecord & { createdAt: string; complete: boolean };

type Filter = Omit<CellFilter, 'runId'>;

const cellKey = (suite: string, model: string) => JSON.stringify([suite, model]);
const distinct = (xs: string[]) => [...new Set(xs)].sort();

/** The case lines of the run that belong to `cells` (only those, when a filter narrowed them). */
const casesOf = (store: ObservatoryStore, runId: string, cells: CellRecord[], f: Filter): CaseRecord[] => {
  const keys = new Set(cells.map((c) => cellKey(c.suiteId, c.modelId)));
  return store.caseResults(runId, { ...(f.suite ? { suite: f.suite } : {}), ...(f.model ? { model: f.model } : {}) })
    .filter((c) => keys.has(cellKey(c.suiteId, c.modelId)));
};

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

/** Runs newest first, each with its figures over the cells that match the filter. */
export const runHeadlines = (store: ObservatoryStore, filter: Filter = {}): RunHeadline[] =>
  store.listRuns(filter).map((run) => {
    const cells = store.cells({ ...filter, runId: run.runId });
    return {
      run,
      suites: distinct(cells.map((c) => c.suiteId)),
      models: distinct(cells.map((c) => c.modelId)),
      communities: distinct(cells.map((c) => c.community)),
      figures: poolFigures(cells, casesOf(store, run.runId, cells, filter)),
    };
  });

const trend = (store: ObservatoryStore, by: 'community' | 'model', only: string | undefined): TrendPoint[] => {
  const filter: Filter = only === undefined ? {} : by === 'community' ? { community: only } : { model: only };
  const keyOfCell = (c: CellRecord) => (by === 'community' ? c.community : c.modelId);
  const points: TrendPoint[] = [];
  for (const run of store.listRuns(filter).reverse()) {
    const cells = store.cells({ ...filter, runId: run.runId });
    const cases = casesOf(store, run.runId, cells, filter);
    const groupOf = new Map(cells.map((c) => [cellKey(c.suiteId, c.modelId), keyOfCell(c)]));
    const communityOfSuite = new Map(cells.map((c) => [c.suiteId, c.community]));
    // Egress lines count for a group only when they name its suite (community) or model.
    const egressKey = (e: EgressRecord) => (by === 'community' ? (e.suiteId === null ? undefined : communityOfSuite.get(e.suiteId)) : e.modelId);
    const egress = store.egress(run.runId);
    for (const key of distinct(cells.map(keyOfCell))) {
      points.push({
        key, runId: run.runId, createdAt: run.createdAt, complete: run.complete,
        figures: poolFigures(cells.filter((c) => keyOfCell(c) === key), cases.filter((c) => groupOf.get(cellKey(c.suiteId, c.modelId)) === key)),
        egress: sumEgress(egress.filter((e) => egressKey(e) === key)),
      });
    }
  }
  return points.sort((a, b) => (a.key === b.key ? 0 : a.key < b.key ? -1 : 1)); // stable: time order kept within a key
};

/** One point per run × community, oldest first within each community. */
export const communityTrends = (store: ObservatoryStore, community?: string): TrendPoint[] => trend(store, 'community', community);

/** One point per run × model, oldest first within each model. */
export const modelTrends = (store: ObservatoryStore, model?: string): TrendPoint[] => trend(store, 'model', model);

/** The most recent cell of every suite × model, whatever run it comes from; sorted by suite, model. */
export const latestCells = (store: ObservatoryStore, filter: Filter = {}): LatestCell[] => {
  const runs = new Map(store.listRuns(filter).map((r) => [r.runId, r]));
  const latest = new Map<string, LatestCell>();
  for (const c of store.cells(filter)) {
    const run = runs.get(c.runId)!;
    latest.set(cellKey(c.suiteId, c.modelId), { ...c, createdAt: run.createdAt, complete: run.complete }); // oldest first: the last one wins
  }
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
};

/** Egress of every run by classification, oldest run first. */
export const egressTrend = (store: ObservatoryStore): { runId: string; createdAt: string; egress: EgressTotal[] }[] =>
  store.listRuns().reverse().map((run) => ({ runId: run.runId, createdAt: run.createdAt, egress: sumEgress(store.egress(run.runId)) }));
