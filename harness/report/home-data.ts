/**
 * Everything the observatory home page shows, read from a store in one place: newest runs with
 * per-model figures, trends per community × model and per model, suite changes, egress per run.
 * `reports/index.html` and `serve` both build their home page from this.
 */
import {
  egressTrend, runFiguresAll, suiteChanges,
  type EgressTotal, type RunHeadline, type SuiteChange, type TrendPoint,
} from '../store/observatory/queries.js';
import type { ObservatoryStore } from '../store/observatory/types.js';

export type HomeData = {
  /** Newest first. */
  runs: RunHeadline[];
  communityTrends: TrendPoint[];
  modelTrends: TrendPoint[];
  suiteChanges: SuiteChange[];
  /** Oldest first. */
  egress: { runId: string; createdAt: string; egress: EgressTotal[] }[];
};

/** Where the page links to; null when the target does not exist where the page is read. */
export type HomeLinks = {
  report(run: RunHeadline['run']): string | null;
  /** A run folder readable here whose report was not generated (shown as the command to make it). */
  unreportedFolder?(run: RunHeadline['run']): string | null;
  compare(a: string, b: string): string | null;
};

export const loadHomeData = async (store: ObservatoryStore): Promise<HomeData> => ({
  ...(await runFiguresAll(store)),
  suiteChanges: await suiteChanges(store),
  egress: await egressTrend(store),
});
