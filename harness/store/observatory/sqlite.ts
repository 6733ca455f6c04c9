/**
 * The observatory index in one SQLite file (WAL mode), through better-sqlite3. Every write of a
 * run is one IMMEDIATE transaction: a second process importing at the same time waits for it
 * (busy timeout) instead of interleaving, and a crash leaves either the old run or the new one.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HarnessError } from '../../core/errors.js';
import { openDatabase, type SqlParams, type SqliteDatabase, type SqlValue } from './driver.js';
import { prepareDatabase } from './migrations.js';
import { rowToCase, rowToCell, rowToEgress, rowToModel, rowToRun, rowToSuite, toJson, type Row } from './sqlite-rows.js';
import type { CaseRecord, CellFilter, ObservatoryStore, RunBundle } from './types.js';

/** Where `history`, `compare` and `run` keep the index, relative to the project folder. */
export const DEFAULT_DB_PATH = 'reports/observatoire.db';

export type SqliteStoreOptions = { /** how long a writer waits for another one, ms */ busyTimeoutMs?: number };

const open = (file: string, busyTimeoutMs: number): SqliteDatabase => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: SqliteDatabase | undefined;
  try {
    db = openDatabase(file, { timeout: busyTimeoutMs });
    prepareDatabase(db, { busyTimeoutMs });
    return db;
  } catch (cause) {
    db?.close();
    if (cause instanceof HarnessError) throw cause;
    throw new HarnessError('invalid-input', `base de l’observatoire illisible : ${file}`, {
      cause,
      hint: 'supprimez-la et reconstruisez-la depuis les dossiers : history import reports/runs',
    });
  }
};

const filterParams = (f: CellFilter = {}): SqlParams => ({
  run_id: f.runId ?? null, suite: f.suite ?? null, model: f.model ?? null, community: f.community ?? null,
});

const CELL_MATCH = `(@run_id IS NULL OR c.run_id = @run_id) AND (@suite IS NULL OR c.suite_id = @suite)
  AND (@model IS NULL OR c.model_id = @model) AND (@community IS NULL OR c.community = @community)`;

const CASE_INSERT = 'INSERT OR REPLACE INTO case_results (run_id, suite_id, model_id, case_id, repeat, status, score, latency_ms, energy_j) VALUES';
const CASE_COLUMNS = 9;
const CASE_ROW = `(${Array<string>(CASE_COLUMNS).fill('?').join(', ')})`;
/** Rows per INSERT: 1,800 parameters, well under SQLite's limit (32,766 since 3.32). */
const CASE_BATCH = 200;

export const createSqliteStore = (file: string, opts: SqliteStoreOptions = {}): ObservatoryStore => {
  const db = open(file, opts.busyTimeoutMs ?? 30_000);
  const sql = {
    deleteRun: db.prepare('DELETE FROM runs WHERE run_id = @run_id'),
    insertRun: db.prepare(`INSERT INTO runs VALUES (@run_id, @created_at, @finished_at, @harness_version, @who, @machine, @manifest, @complete, @interrupted, @run_dir)`),
    insertSuite: db.prepare('INSERT OR REPLACE INTO suites VALUES (@run_id, @suite_id, @community, @classification, @sha256, @cases)'),
    insertModel: db.prepare('INSERT OR REPLACE INTO models VALUES (@run_id, @model_id, @provider, @hosting, @identity)'),
    insertCell: db.prepare(`INSERT OR REPLACE INTO cells (run_id, suite_id, model_id, community, n, passed, failed, errors, pass_rate, mean_score,
      latency_p50, latency_p95, ttft_p50, intervals, energy_wh_per_case, energy_method, gco2e_per_case) VALUES (@run_id, @suite_id, @model_id,
      @community, @n, @passed, @failed, @errors, @pass_rate, @mean_score, @latency_p50, @latency_p95, @ttft_p50, @intervals, @energy_wh_per_case,
      @energy_method, @gco2e_per_case)`),
    insertCase: db.prepare(`${CASE_INSERT} ${CASE_ROW}`),
    insertCases: db.prepare(`${CASE_INSERT} ${Array<string>(CASE_BATCH).fill(CASE_ROW).join(', ')}`),
    insertEgress: db.prepare('INSERT INTO egress VALUES (@run_id, @host, @classification, @suite_id, @model_id, @cases, @bytes)'),
    getRun: db.prepare('SELECT * FROM runs WHERE run_id = @run_id'),
    listRuns: db.prepare(`SELECT r.* FROM runs r WHERE @any = 0 OR EXISTS (SELECT 1 FROM cells c WHERE c.run_id = r.run_id AND ${CELL_MATCH})
      ORDER BY r.created_at DESC, r.run_id DESC`),
    suites: db.prepare('SELECT * FROM suites WHERE run_id = @run_id ORDER BY suite_id'),
    models: db.prepare('SELECT * FROM models WHERE run_id = @run_id ORDER BY model_id'),
    cells: db.prepare(`SELECT c.* FROM cells c JOIN runs r ON r.run_id = c.run_id WHERE ${CELL_MATCH}
      ORDER BY r.created_at, c.run_id, c.suite_id, c.model_id`),
    cases: db.prepare(`SELECT * FROM case_results WHERE run_id = @run_id AND (@suite IS NULL OR suite_id = @suite)
      AND (@model IS NULL OR model_id = @model) ORDER BY suite_id, model_id, case_id, repeat`),
    caseHistory: db.prepare(`SELECT k.* FROM case_results k JOIN runs r ON r.run_id = k.run_id WHERE k.suite_id = @suite AND k.case_id = @case_id
      AND (@model IS NULL OR k.model_id = @model) ORDER BY r.created_at, k.run_id, k.model_id, k.repeat`),
    egress: db.prepare(`SELECT e.* FROM egress e JOIN runs r ON r.run_id = e.run_id WHERE @run_id IS NULL OR e.run_id = @run_id
      ORDER BY r.created_at, e.run_id, e.host, e.classification, e.suite_id, e.model_id`),
  };

  const put = db.transaction((b: RunBundle) => {
    const run_id = b.run.runId;
    const r = b.run;
    sql.deleteRun.run({ run_id }); // cascades to every child table
    sql.insertRun.run({
      run_id, created_at: r.createdAt, finished_at: r.finishedAt, harness_version: r.harnessVersion, who: r.who,
      machine: toJson(r.machine), manifest: JSON.stringify(r.manifest), complete: r.complete ? 1 : 0, interrupted: r.interrupted ? 1 : 0, run_dir: r.runDir,
    });
    for (const s of b.suites) sql.insertSuite.run({ run_id, suite_id: s.suiteId, community: s.community, classification: s.classification, sha256: s.sha256, cases: s.cases });
    for (const m of b.models) sql.insertModel.run({ run_id, model_id: m.modelId, provider: m.provider, hosting: m.hosting, identity: toJson(m.identity) });
    for (const c of b.cells) {
      sql.insertCell.run({
        run_id, suite_id: c.suiteId, model_id: c.modelId, community: c.community, n: c.n, passed: c.passed, failed: c.failed, errors: c.errors,
        pass_rate: c.passRate, mean_score: c.meanScore, latency_p50: c.latencyP50Ms, latency_p95: c.latencyP95Ms, ttft_p50: c.ttftP50Ms,
        intervals: toJson(c.intervals), energy_wh_per_case: c.energyWhPerCase, energy_method: c.energyMethod, gco2e_per_case: c.gCo2ePerCase,
      });
    }
    // Many rows per statement: a 100,000-case run is inserted in a fraction of the time row by row takes.
    const batch: SqlValue[] = [];
    for (const c of b.cases) {
      batch.push(run_id, c.suiteId, c.modelId, c.caseId, c.repeat, c.status, c.score, c.latencyMs, c.energyJoules);
      if (batch.length === CASE_BATCH * CASE_COLUMNS) {
        sql.insertCases.run(batch);
        batch.length = 0;
      }
    }
    for (let i = 0; i < batch.length; i += CASE_COLUMNS) sql.insertCase.run(batch.slice(i, i + CASE_COLUMNS));
    for (const e of b.egress) {
      sql.insertEgress.run({ run_id, host: e.host, classification: e.classification, suite_id: e.suiteId, model_id: e.modelId, cases: e.cases, bytes: e.bytes });
    }
  });

  // better-sqlite3 answers synchronously; the contract is asynchronous for the server backend.
  return {
    putRun: async (bundle) => put.immediate(bundle),
    deleteRun: async (runId) => sql.deleteRun.run({ run_id: runId }).changes > 0,
    getRun: async (runId) => {
      const row = sql.getRun.get({ run_id: runId }) as Row | undefined;
      return row ? rowToRun(row) : undefined;
    },
    listRuns: async (filter = {}) => {
      const any = filter.suite !== undefined || filter.model !== undefined || filter.community !== undefined ? 1 : 0;
      return (sql.listRuns.all({ ...filterParams(filter), run_id: null, any }) as Row[]).map(rowToRun);
    },
    suites: async (runId) => (sql.suites.all({ run_id: runId }) as Row[]).map(rowToSuite),
    models: async (runId) => (sql.models.all({ run_id: runId }) as Row[]).map(rowToModel),
    cells: async (filter) => (sql.cells.all(filterParams(filter)) as Row[]).map(rowToCell),
    caseResults: async (runId, filter = {}) => {
      // Row by row: a 100,000-case run never holds its raw rows and their records at the same time.
      const out: CaseRecord[] = [];
      for (const r of sql.cases.iterate({ run_id: runId, suite: filter.suite ?? null, model: filter.model ?? null }) as IterableIterator<Row>) out.push(rowToCase(r));
      return out;
    },
    caseHistory: async (suiteId, caseId, filter = {}) =>
      (sql.caseHistory.all({ suite: suiteId, case_id: caseId, model: filter.model ?? null }) as Row[]).map(rowToCase),
    egress: async (runId) => (sql.egress.all({ run_id: runId ?? null }) as Row[]).map(rowToEgress),
    close: async () => db.close(),
  };
};
