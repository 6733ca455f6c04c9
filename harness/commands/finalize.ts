/**
 * Rebuilds a run folder's derived files (summary.json, results.csv) from results.jsonl, the source
 * of truth. Used at the end of `run`, by `run --resume` and by `report RUN_DIR`.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CaseResult, Hosting, RunSummary } from '../core/types.js';
import { judgeAgreement } from '../stats/agreement.js';
import { analyzeRun } from '../stats/analyze.js';
import { isCalibration } from '../core/calibration.js';
import { writeResultsCsv } from '../reporters/results-csv.js';
import { writeEnergyFiles } from './energy-files.js';
import { writeEgressSummary } from './egress-files.js';
import { createSummaryCollector } from '../stats/summary.js';
import { writeJsonAtomic } from '../store/files.js';
import { readResults } from '../store/jsonl.js';
import { fanOut } from '../store/fan-out.js';
import { createResultsDigest, DEFAULT_LIMITS } from '../report/results-digest.js';
import { runFile } from '../store/run-folder.js';
import { createCaseCollector, type CaseColumns } from '../store/observatory/case-columns.js';

export type RunTiming = { startedAt: string; finishedAt: string; durationMs: number; complete: boolean; interrupted: boolean };

import { readManifest } from './manifest-file.js';

export { readManifest, type Manifest } from './manifest-file.js';

export type Lang = 'fr' | 'en';

/** Providers that calibrate the scorers rather than compete (defined in stats/calibration.ts). */

export type FinalizeOptions = {
  lang?: Lang;
  /**
   * Rebuild the reports index from the run folders beside this one (default true). `run` and
   * `merge` say false: they rebuild it from the observatory right after (record-observatory.ts).
   */
  index?: boolean;
};

export type Finalized = {
  summary: RunSummary;
  report: string;
  /** The observatory's case records, gathered in the same pass: recording the run reads nothing again. */
  cases: CaseColumns;
};

/**
 * Rebuilds summary.json and results.csv, then the HTML report; when the run folder sits in a
 * `runs/` folder (the default layout), also the reports index beside it.
 */
export const finalizeRunFolder = async (runDir: string, timing: RunTiming, opts: FinalizeOptions = {}): Promise<Finalized> => {
  const manifest = readManifest(runDir);
  const ci = (manifest.energy as { carbonIntensityGPerKwh?: number } | undefined)?.carbonIntensityGPerKwh;
  const collector = createSummaryCollector(ci);
  const suites = ((manifest.suites ?? []) as { id: string; community: string; target?: number; margin?: number }[]).map((s) => ({
    id: s.id, community: s.community, ...(s.target === undefined ? {} : { target: s.target }), ...(s.margin === undefined ? {} : { marginPoints: s.margin }),
  }));
  // Calibration baselines (the reference answer, the echoed prompt) check the scorers; they are
  // not candidates: the analysis sets them apart (verdicts.calibration) and the campaign's totals
  // leave them out.
  const all = (manifest.models ?? []) as { id: string; hosting: Hosting; provider: string; calibration?: boolean }[];
  const calibration = new Set(all.filter((m) => isCalibration(m)).map((m) => m.id));
  const models = all.map((m) => ({ id: m.id, hosting: m.hosting, ...(calibration.has(m.id) ? { calibration: true } : {}) }));
  // One pass over results.jsonl feeds every end-of-run collector (a 100,000-case run is read once,
  // one line in memory at a time): totals, intervals and verdicts, judge agreement, results.csv,
  // the energy files, the cases the report embeds and the numbers the observatory indexes.
  const digest = createResultsDigest(DEFAULT_LIMITS);
  const cases = createCaseCollector();
  const [, analysis, judgesAgreement] = await fanOut(readResults(runFile(runDir, 'results'), () => cases.skip()), [
    async (results: AsyncIterable<CaseResult>) => {
      for await (const r of results) {
        collector.add(r);
        digest.add(r);
        cases.add(r);
      }
    },
    (results: AsyncIterable<CaseResult>) => analyzeRun(results, suites, models),
    (results: AsyncIterable<CaseResult>) => judgeAgreement(results),
    (results: AsyncIterable<CaseResult>) => writeResultsCsv(runFile(runDir, 'csv'), results),
    (results: AsyncIterable<CaseResult>) => writeEnergyFiles(runDir, manifest as never, results, new Date(timing.finishedAt)),
  ] as const);
  const base = collector.summary(manifest.runId, timing.startedAt, timing, calibration);
  const summary = { ...base, ...analysis, ...(judgesAgreement.length > 0 ? { judgeAgreement: judgesAgreement } : {}) };
  writeJsonAtomic(runFile(runDir, 'summary'), summary);
  // egress.json follows its log (a run killed before its end still gets its ledger summed up).
  writeEgressSummary(runDir);
  const lang = opts.lang ?? 'fr';
  // The report brings the charting library (vega): loaded here, not at start-up.
  const { writeReportsIndex, writeRunReport } = await import('../report/index.js');
  const report = await writeRunReport(runDir, { lang, digest: digest.digest() });
  const runsDir = dirname(runDir);
  if (opts.index !== false && basename(runsDir) === 'runs') await writeReportsIndex(dirname(runsDir), { lang });
  return { summary, report, cases: cases.done() };
};
