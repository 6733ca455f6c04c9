/**
 * The report's entry points: `writeRunReport` turns one run folder into a self-contained
 * `report.html` next to its data; `writeReportsIndex` lists every run under `reports/runs/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/files.js';
import { RUN_FILES } from '../store/run-folder.js';
import type { Lang } from './format.js';
import { buildIndexView, type IndexEntry } from './index-view.js';
import { parseManifest, parseSummary } from './lenient.js';
import { loadRun } from './load-run.js';
import { renderReportsIndex, renderRunReport } from './render.js';
import { DEFAULT_LIMITS, type DigestLimits } from './results-digest.js';
import { buildRunView } from './view-model.js';

export const REPORT_FILE = 'report.html';
export const INDEX_FILE = 'index.html';

export type ReportOptions = {
  lang?: Lang;
  /** Time zone of the dates shown (default Europe/Paris). */
  timeZone?: string;
  /** Cases embedded per suite × model (the rest stays in results.csv). */
  limits?: Partial<DigestLimits>;
  /** Characters kept per text of a case (prompt, output, reference); lowered further for big runs. */
  maxTextChars?: number;
};

/** Writes `<runDir>/report.html` and returns its path. */
export const writeRunReport = async (runDir: string, opts: ReportOptions = {}): Promise<string> => {
  const lang = opts.lang ?? 'fr';
  const data = await loadRun(runDir, { ...DEFAULT_LIMITS, ...opts.limits });
  const view = buildRunView(data, { lang, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}), ...(opts.maxTextChars ? { maxTextChars: opts.maxTextChars } : {}) });
  const file = join(runDir, REPORT_FILE);
  writeFileAtomic(file, await renderRunReport(view));
  return file;
};

const readJsonOrNull = (file: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

/** Reads what the index shows of one run folder; null when it is not a run folder. */
const indexEntry = (runsDir: string, folder: string): IndexEntry | null => {
  const dir = join(runsDir, folder);
  const manifest = readJsonOrNull(join(dir, RUN_FILES.manifest));
  if (manifest === null || typeof manifest !== 'object') return null;
  const summary = readJsonOrNull(join(dir, RUN_FILES.summary));
  return {
    folder,
    manifest: parseManifest(manifest),
    summary: summary !== null && typeof summary === 'object' ? parseSummary(summary) : null,
    hasReport: existsSync(join(dir, REPORT_FILE)),
  };
};

/** Writes `<reportsDir>/index.html` listing every run folder of `<reportsDir>/runs/`; returns its path. */
export const writeReportsIndex = async (reportsDir: string, opts: Pick<ReportOptions, 'lang' | 'timeZone'> = {}): Promise<string> => {
  const runsDir = join(reportsDir, 'runs');
  const folders = existsSync(runsDir) ? readdirSync(runsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
  const entries = folders.map((f) => indexEntry(runsDir, f)).filter((e): e is IndexEntry => e !== null);
  const file = join(reportsDir, INDEX_FILE);
  writeFileAtomic(file, renderReportsIndex(buildIndexView(entries, { lang: opts.lang ?? 'fr', ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) })));
  return file;
};
