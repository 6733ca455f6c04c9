/**
 * The report's entry points: `writeRunReport` turns one run folder into a self-contained
 * `report.html` next to its data; `writeReportsIndex` writes the observatory home page (trends).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isHarnessError } from '../core/errors.js';
import { writeFileAtomic } from '../store/files.js';
import { compareRuns, loadRunSide } from '../store/observatory/diff.js';
import { findRunFolders, importRunFolder } from '../store/observatory/import.js';
import { createMemoryStore } from '../store/observatory/memory.js';
import { openStore, type StoreLocation } from '../store/observatory/open.js';
import type { ObservatoryStore } from '../store/observatory/types.js';
import { renderCompareHtml } from './compare-html.js';
import { compareView } from './compare-view.js';
import type { Lang } from './format.js';
import { loadHomeData, type HomeLinks } from './home-data.js';
import { buildIndexView } from './index-view.js';
import { loadRun } from './load-run.js';
import { renderReportsIndex, renderRunReport } from './render.js';
import { DEFAULT_LIMITS, type DigestLimits, type ResultsDigest } from './results-digest.js';
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
  /** results.jsonl already digested with `limits` (finalize's single pass): not read again. */
  digest?: ResultsDigest;
};

/** Writes `<runDir>/report.html` and returns its path. */
export const writeRunReport = async (runDir: string, opts: ReportOptions = {}): Promise<string> => {
  const lang = opts.lang ?? 'fr';
  const data = await loadRun(runDir, { ...DEFAULT_LIMITS, ...opts.limits }, opts.digest);
  const view = buildRunView(data, { lang, ...(opts.timeZone ? { timeZone: opts.timeZone } : {}), ...(opts.maxTextChars ? { maxTextChars: opts.maxTextChars } : {}) });
  const file = join(runDir, REPORT_FILE);
  writeFileAtomic(file, await renderRunReport(view));
  return file;
};

/** Comparison pages written next to the home page, for the newest pairs of consecutive runs. */
export const COMPARISONS_DIR = 'comparaisons';
const MAX_COMPARISONS = 20;

const safeName = (runId: string): string => runId.replace(/[^\w.-]/g, '_');

/** Links of the static home page: a run's report when its folder is under `<reportsDir>/runs/`. */
const staticLinks = (reportsDir: string, comparisons: ReadonlySet<string>): HomeLinks => ({
  report: (run) => {
    const candidates = [run.runDir ? basename(run.runDir) : null, run.runId].filter((x): x is string => x !== null);
    const folder = candidates.find((name) => existsSync(join(reportsDir, 'runs', name, REPORT_FILE)));
    return folder === undefined ? null : `runs/${encodeURIComponent(folder)}/${REPORT_FILE}`;
  },
  unreportedFolder: (run) => {
    const name = run.runDir ? basename(run.runDir) : run.runId;
    return existsSync(join(reportsDir, 'runs', name, 'manifest.json')) ? `reports/runs/${name}` : null;
  },
  compare: (a, b) => (comparisons.has(`${a}\n${b}`) ? `${COMPARISONS_DIR}/${encodeURIComponent(`${safeName(a)}--${safeName(b)}.html`)}` : null),
});

/**
 * Writes the comparison page of each pair of consecutive runs among the newest ones. With
 * `changed` (the runs just recorded), a page that exists for a pair of unchanged runs is kept as
 * it is, so recording a run costs its own pairs, not the whole history's. Each run's lines are
 * loaded once, and at most two at a time.
 */
const writeComparisons = async (store: ObservatoryStore, reportsDir: string, runIds: readonly string[], changed?: ReadonlySet<string>): Promise<Set<string>> => {
  const done = new Set<string>();
  let held: { runId: string; side: Awaited<ReturnType<typeof loadRunSide>> } | null = null;
  const sideOf = async (runId: string) => {
    if (held?.runId !== runId) held = { runId, side: await loadRunSide(store, runId) };
    return held.side;
  };
  for (let i = 0; i + 1 < Math.min(runIds.length, MAX_COMPARISONS + 1); i++) {
    const [b, a] = [runIds[i]!, runIds[i + 1]!];
    const file = join(reportsDir, COMPARISONS_DIR, `${safeName(a)}--${safeName(b)}.html`);
    if (changed && !changed.has(a) && !changed.has(b) && existsSync(file)) {
      done.add(`${a}\n${b}`);
      continue;
    }
    const sideB = await sideOf(b);
    const sideA = await sideOf(a);
    if (!sideA || !sideB) continue;
    writeFileAtomic(file, renderCompareHtml(compareView(compareRuns(sideA, sideB))));
    done.add(`${a}\n${b}`);
  }
  return done;
};

/** The run folders directly under `<reportsDir>/runs/`, indexed into a memory store. */
const localStore = async (reportsDir: string): Promise<ObservatoryStore> => {
  const store = createMemoryStore();
  for (const dir of findRunFolders(join(reportsDir, 'runs'))) {
    try {
      await importRunFolder(store, dir);
    } catch (e) {
      if (!isHarnessError(e)) throw e; // a folder that is not a run is left out of the page
    }
  }
  return store;
};

/**
 * Writes `<reportsDir>/index.html`, the observatory home page, and the comparison pages it links
 * to; returns its path. With a store (the SQLite index or the shared PostgreSQL), the page shows
 * everything it holds; without, the run folders of `<reportsDir>/runs/`.
 */
export const writeReportsIndex = async (
  reportsDir: string,
  opts: Pick<ReportOptions, 'lang' | 'timeZone'> & { store?: ObservatoryStore; changed?: readonly string[] } = {},
): Promise<string> => {
  const store = opts.store ?? (await localStore(reportsDir));
  try {
    const data = await loadHomeData(store);
    const comparisons = await writeComparisons(store, reportsDir, data.runs.map((h) => h.run.runId), opts.changed ? new Set(opts.changed) : undefined);
    const view = buildIndexView(data, staticLinks(reportsDir, comparisons), { lang: opts.lang ?? 'fr', ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) });
    const file = join(reportsDir, INDEX_FILE);
    writeFileAtomic(file, await renderReportsIndex(view));
    return file;
  } finally {
    if (!opts.store) await store.close();
  }
};

/**
 * After a run: the home page beside the runs folder is rebuilt from the observatory store, so it
 * shows every run the store holds (other folders, other machines) and not only the local folders.
 */
export const writeReportsIndexFromStore = async (
  reportsDir: string,
  where: StoreLocation,
  opts: Pick<ReportOptions, 'lang'> & { /** runs just recorded: other runs' comparison pages are kept when present */ changed?: readonly string[] } = {},
): Promise<string> => {
  const store = await openStore(where);
  try {
    return await writeReportsIndex(reportsDir, { ...opts, store });
  } finally {
    await store.close();
  }
};
