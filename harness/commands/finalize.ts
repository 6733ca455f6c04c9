/**
 * Rebuilds a run folder's derived files (summary.json, results.csv) from results.jsonl, the source
 * of truth. Used at the end of `run`, by `run --resume` and by `report RUN_DIR`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { HarnessError } from '../core/errors.js';
import type { RunSummary } from '../core/types.js';
import { writeResultsCsv } from '../reporters/results-csv.js';
import { createSummaryCollector } from '../stats/summary.js';
import { writeJsonAtomic } from '../store/files.js';
import { readResults } from '../store/jsonl.js';
import { runFile } from '../store/run-folder.js';

export type RunTiming = { startedAt: string; finishedAt: string; durationMs: number; complete: boolean; interrupted: boolean };

export type Manifest = {
  runId: string;
  createdAt: string;
  [key: string]: unknown;
};

export const readManifest = (runDir: string): Manifest => {
  const file = runFile(runDir, 'manifest');
  if (!existsSync(file)) {
    throw new HarnessError('invalid-input', `${runDir} n’est pas un dossier de campagne (manifest.json absent)`, {
      hint: 'donnez un dossier de reports/runs/',
    });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
};

export const finalizeRunFolder = async (runDir: string, timing: RunTiming): Promise<RunSummary> => {
  const manifest = readManifest(runDir);
  const collector = createSummaryCollector();
  const resultsFile = runFile(runDir, 'results');
  for await (const r of readResults(resultsFile)) collector.add(r);
  const summary = collector.summary(manifest.runId, timing.startedAt, timing);
  writeJsonAtomic(runFile(runDir, 'summary'), summary);
  await writeResultsCsv(runFile(runDir, 'csv'), readResults(resultsFile));
  return summary;
};
