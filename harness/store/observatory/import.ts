/**
 * Indexes a run folder into the observatory: manifest, summary and egress read leniently, result
 * lines streamed from results.jsonl with only their numbers kept (never outputs). The run is
 * replaced as a whole, so importing the same folder twice leaves the store as it was.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HarnessError } from '../../core/errors.js';
import { createSummaryCollector } from '../../stats/summary.js';
import { readResults } from '../jsonl.js';
import { runFile } from '../run-folder.js';
import { cellRecord, parseRunFiles } from './parse-run.js';
import { openStore, type StoreLocation } from './open.js';
import type { CellRecord, ObservatoryStore } from './types.js';
import { createCaseCollector, type CaseColumns, type EnergyTally } from './case-columns.js';

/** The sovereignty ledger of a run, when it has one (same name `report/load-run.ts` reads). */
export const EGRESS_FILE = 'egress.json';

export type ImportResult = {
  runId: string;
  cases: number;
  cells: number;
  /** Result lines that could not be read (a torn last line is not counted). */
  skippedLines: number;
  /** False when summary.json was missing and the cells were rebuilt from the result lines. */
  fromSummary: boolean;
};

const readJson = (file: string, required: boolean): unknown => {
  if (!existsSync(file)) {
    if (!required) return null;
    throw new HarnessError('invalid-input', `${file} n’est pas un dossier de campagne (manifest.json absent)`, { hint: 'donnez un dossier de reports/runs/' });
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new HarnessError('invalid-input', `fichier illisible (JSON invalide) : ${file}`, { cause });
  }
};

/**
 * Energy of a cell from its result lines when summary.json has none: mean joules of the results
 * that carry a reading, as the report computes it (`report/energy.ts`), so both show one figure.
 */
const withEnergy = (cell: CellRecord, tally: EnergyTally | undefined, carbonGPerKwh: number | null): CellRecord => {
  const fromLines = cell.energyWhPerCase === null && tally !== undefined && tally.withJoules > 0;
  const wh = fromLines ? tally.joules / tally.withJoules / 3600 : cell.energyWhPerCase;
  const method = fromLines ? [...tally.methods].sort().join(', ') || null : cell.energyMethod;
  const g = cell.gCo2ePerCase ?? (wh !== null && carbonGPerKwh !== null ? (wh / 1000) * carbonGPerKwh : null);
  return { ...cell, energyWhPerCase: wh, energyMethod: method, gCo2ePerCase: g };
};

/**
 * `collected`: the case records already gathered from results.jsonl (finalize's single pass), so
 * the file is not read again; ignored when summary.json is missing (the cells are then rebuilt
 * from the result lines, which needs them whole).
 */
export const importRunFolder = async (store: ObservatoryStore, runDirArg: string, collected?: CaseColumns): Promise<ImportResult> => {
  const runDir = resolve(runDirArg);
  const parsed = parseRunFiles({
    manifest: readJson(runFile(runDir, 'manifest'), true),
    summary: readJson(runFile(runDir, 'summary'), false),
    egress: readJson(join(runDir, EGRESS_FILE), false),
    runDir,
  });
  const runId = parsed.run.runId;
  const collector = parsed.cells === null ? createSummaryCollector(parsed.carbonGPerKwh ?? undefined) : null;
  let columns = collector === null ? collected : undefined;
  if (columns === undefined) {
    const cases = createCaseCollector();
    for await (const r of readResults(runFile(runDir, 'results'), () => cases.skip())) {
      if (cases.add(r)) collector?.add(r);
    }
    columns = cases.done();
  }
  const cells = (parsed.cells ?? collector!.cells().map((c) => cellRecord(runId, c))).map((c) =>
    withEnergy(c, columns.energy.get(JSON.stringify([c.suiteId, c.modelId])), parsed.carbonGPerKwh));
  await store.putRun({ run: parsed.run, suites: parsed.suites, models: parsed.models, cells, cases: columns.records(runId), egress: parsed.egress });
  return { runId, cases: columns.size, cells: cells.length, skippedLines: columns.skipped, fromSummary: parsed.cells !== null };
};

/**
 * Called at the end of every `run`: indexes the run folder into the observatory at `where` (the
 * SQLite file beside the runs, or the shared PostgreSQL). Safe while other processes write it.
 */
export const recordRun = async (where: StoreLocation | string, runDir: string, collected?: CaseColumns): Promise<ImportResult> => {
  const store = await openStore(typeof where === 'string' ? { kind: 'sqlite', path: where } : where);
  try {
    return await importRunFolder(store, runDir, collected);
  } finally {
    await store.close();
  }
};

/** A run folder itself, or every run folder directly inside `dir` (e.g. `reports/runs`), sorted. */
export const findRunFolders = (dir: string): string[] => {
  if (existsSync(runFile(dir, 'manifest'))) return [dir];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).sort().map((name) => join(dir, name)).filter((d) => existsSync(runFile(d, 'manifest')));
};
