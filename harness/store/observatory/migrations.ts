/**
 * Schema of the observatory index (`reports/observatoire.db`) and its forward-only migrations.
 * `PRAGMA user_version` holds the schema version; opening a database applies the missing
 * migrations in one write transaction, so two processes opening an old file at once migrate it once.
 *
 * Schema, version 3 (times in ms, energy in Wh or J, rates and scores in 0..1, JSON as TEXT):
 *   runs          run_id PK, created_at, finished_at, harness_version, who, machine JSON,
 *                 manifest JSON, complete 0/1, interrupted 0/1, run_dir
 *   suites        (run_id, suite_id) PK, community, classification, sha256, cases
 *   models        (run_id, model_id) PK, provider, hosting, identity JSON
 *   cells         (run_id, suite_id, model_id) PK, community, n, passed, failed, errors,
 *                 pass_rate, mean_score, latency_p50, latency_p95, ttft_p50, intervals JSON,
 *                 energy_wh_per_case, energy_method, gco2e_per_case                       (v2)
 *   case_results  (run_id, suite_id, model_id, case_id, repeat) PK, status, score,
 *                 latency_ms, energy_j                                                     (v2)
 *   egress        run_id, host, classification, suite_id, model_id, cases, bytes           (v2)
 * Every child row references runs(run_id) ON DELETE CASCADE: re-indexing a run deletes it first.
 *
 * History: v1 = runs, suites, models, cells, case_results without energy.
 *          v2 = energy columns, egress table, indexes for trends and case history.
 *          v3 = index for the history of one case across models (`serve`).
 * The PostgreSQL schema (`postgres-schema.ts`) follows the same versions.
 */
import { HarnessError } from '../../core/errors.js';
import type { SqliteDatabase } from './driver.js';

const V1 = `
CREATE TABLE runs (
  run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, finished_at TEXT, harness_version TEXT, who TEXT,
  machine TEXT, manifest TEXT NOT NULL, complete INTEGER NOT NULL, interrupted INTEGER NOT NULL, run_dir TEXT
);
CREATE INDEX runs_created ON runs(created_at);
CREATE TABLE suites (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL,
  community TEXT NOT NULL, classification TEXT, sha256 TEXT, cases INTEGER,
  PRIMARY KEY (run_id, suite_id)
);
CREATE TABLE models (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, model_id TEXT NOT NULL,
  provider TEXT, hosting TEXT, identity TEXT,
  PRIMARY KEY (run_id, model_id)
);
CREATE TABLE cells (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL, model_id TEXT NOT NULL,
  community TEXT NOT NULL, n INTEGER NOT NULL, passed INTEGER NOT NULL, failed INTEGER NOT NULL, errors INTEGER NOT NULL,
  pass_rate REAL, mean_score REAL, latency_p50 REAL, latency_p95 REAL, ttft_p50 REAL, intervals TEXT,
  PRIMARY KEY (run_id, suite_id, model_id)
);
CREATE TABLE case_results (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL, model_id TEXT NOT NULL,
  case_id TEXT NOT NULL, repeat INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error')), score REAL, latency_ms REAL,
  PRIMARY KEY (run_id, suite_id, model_id, case_id, repeat)
);
`;

const V2 = `
ALTER TABLE cells ADD COLUMN energy_wh_per_case REAL;
ALTER TABLE cells ADD COLUMN energy_method TEXT;
ALTER TABLE cells ADD COLUMN gco2e_per_case REAL;
ALTER TABLE case_results ADD COLUMN energy_j REAL;
CREATE TABLE egress (
  run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, host TEXT NOT NULL, classification TEXT,
  suite_id TEXT, model_id TEXT, cases INTEGER NOT NULL, bytes INTEGER
);
CREATE INDEX egress_run ON egress(run_id);
CREATE INDEX cells_suite_model ON cells(suite_id, model_id);
CREATE INDEX cells_model ON cells(model_id);
CREATE INDEX cells_community ON cells(community);
CREATE INDEX case_results_case ON case_results(suite_id, model_id, case_id);
`;

const V3 = `
CREATE INDEX case_results_history ON case_results(suite_id, case_id, model_id);
`;

/** Migration i brings the schema from version i to i + 1. Append only; never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3];
export const SCHEMA_VERSION = MIGRATIONS.length;

export const userVersion = (db: SqliteDatabase): number => Number(db.pragma('user_version', { simple: true }));

const tooNew = (found: number): HarnessError =>
  new HarnessError('invalid-input', `base de l’observatoire en version ${found}, plus récente que ce bac-à-sable (version ${SCHEMA_VERSION})`, {
    hint: 'mettez bac-à-sable à jour, ou reconstruisez la base depuis les dossiers : history import reports/runs',
  });

/** Session settings every connection needs, then the missing migrations. Returns the version found. */
export const prepareDatabase = (db: SqliteDatabase, opts: { busyTimeoutMs: number }): number => {
  // The busy timeout first: switching to WAL and migrating both wait for other writers.
  db.pragma(`busy_timeout = ${Math.round(opts.busyTimeoutMs)}`);
  db.pragma('foreign_keys = ON');
  const found = userVersion(db);
  if (found > SCHEMA_VERSION) throw tooNew(found);
  // WAL: readers never block the writer, and two importing processes queue instead of failing.
  db.pragma('journal_mode = WAL');
  // NORMAL is safe from corruption in WAL mode; a power cut may lose the last import, which the run folders redo.
  db.pragma('synchronous = NORMAL');
  if (found === SCHEMA_VERSION) return found;
  db.transaction(() => {
    const current = userVersion(db); // another process may have migrated since the first read
    if (current > SCHEMA_VERSION) throw tooNew(current);
    for (let v = current; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
  return found;
};
