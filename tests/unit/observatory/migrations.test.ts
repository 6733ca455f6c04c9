import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { openDatabase } from '../../../harness/store/observatory/driver.js';
import { importRunFolder } from '../../../harness/store/observatory/import.js';
import { SCHEMA_VERSION } from '../../../harness/store/observatory/migrations.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import { cases, tempDir, writeRunFolder } from './build-run.js';

/** The version 1 schema as shipped, written out by hand: the test must not depend on the code it checks. */
const V1_BY_HAND = `
CREATE TABLE runs (run_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, finished_at TEXT, harness_version TEXT, who TEXT,
  machine TEXT, manifest TEXT NOT NULL, complete INTEGER NOT NULL, interrupted INTEGER NOT NULL, run_dir TEXT);
CREATE INDEX runs_created ON runs(created_at);
CREATE TABLE suites (run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL,
  community TEXT NOT NULL, classification TEXT, sha256 TEXT, cases INTEGER, PRIMARY KEY (run_id, suite_id));
CREATE TABLE models (run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, model_id TEXT NOT NULL,
  provider TEXT, hosting TEXT, identity TEXT, PRIMARY KEY (run_id, model_id));
CREATE TABLE cells (run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL, model_id TEXT NOT NULL,
  community TEXT NOT NULL, n INTEGER NOT NULL, passed INTEGER NOT NULL, failed INTEGER NOT NULL, errors INTEGER NOT NULL,
  pass_rate REAL, mean_score REAL, latency_p50 REAL, latency_p95 REAL, ttft_p50 REAL, intervals TEXT,
  PRIMARY KEY (run_id, suite_id, model_id));
CREATE TABLE case_results (run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT NOT NULL, model_id TEXT NOT NULL,
  case_id TEXT NOT NULL, repeat INTEGER NOT NULL, status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error')),
  score REAL, latency_ms REAL, PRIMARY KEY (run_id, suite_id, model_id, case_id, repeat));
INSERT INTO runs VALUES ('20250901-080000-aaaa', '2025-09-01T08:00:00.000Z', '2025-09-01T09:00:00.000Z', '0.0.9', 'ancien',
  '{"os":"Linux"}', '{"runId":"20250901-080000-aaaa"}', 1, 0, '/runs/old');
INSERT INTO suites VALUES ('20250901-080000-aaaa', 'fr-es', 'traduction', 'public', 'abc', 2);
INSERT INTO models VALUES ('20250901-080000-aaaa', 'mistral', 'mistral', 'eu-cloud', NULL);
INSERT INTO cells VALUES ('20250901-080000-aaaa', 'fr-es', 'mistral', 'traduction', 2, 1, 1, 0, 0.5, 0.6, 120, 200, NULL, NULL);
INSERT INTO case_results VALUES ('20250901-080000-aaaa', 'fr-es', 'mistral', 'c1', 1, 'passed', 1, 100);
INSERT INTO case_results VALUES ('20250901-080000-aaaa', 'fr-es', 'mistral', 'c2', 1, 'failed', 0.2, 140);
PRAGMA user_version = 1;
`;

/** What version 2 added, as shipped (written out by hand, like V1). */
const V2_BY_HAND = `
ALTER TABLE cells ADD COLUMN energy_wh_per_case REAL;
ALTER TABLE cells ADD COLUMN energy_method TEXT;
ALTER TABLE cells ADD COLUMN gco2e_per_case REAL;
ALTER TABLE case_results ADD COLUMN energy_j REAL;
CREATE TABLE egress (run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, host TEXT NOT NULL, classification TEXT,
  suite_id TEXT, model_id TEXT, cases INTEGER NOT NULL, bytes INTEGER);
CREATE INDEX egress_run ON egress(run_id);
CREATE INDEX cells_suite_model ON cells(suite_id, model_id);
CREATE INDEX cells_model ON cells(model_id);
CREATE INDEX cells_community ON cells(community);
CREATE INDEX case_results_case ON case_results(suite_id, model_id, case_id);
UPDATE case_results SET energy_j = 3.6 WHERE case_id = 'c1';
INSERT INTO egress VALUES ('20250901-080000-aaaa', 'api.mistral.ai', 'public', 'fr-es', 'mistral', 2, 300);
PRAGMA user_version = 2;
`;

const pragma = (file: string, name: string): unknown => {
  const db = openDatabase(file);
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
};

describe('observatory migrations', () => {
  it('creates a new database at the current version, in WAL mode', async () => {
    const file = join(tempDir(), 'observatoire.db');
    createSqliteStore(file).close();
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    expect(pragma(file, 'journal_mode')).toBe('wal');
  });

  it('migrates a version 1 database forward and keeps its data', async () => {
    const file = join(tempDir(), 'observatoire.db');
    const old = openDatabase(file);
    old.exec(V1_BY_HAND);
    old.close();

    const store = createSqliteStore(file);
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    expect((await store.getRun('20250901-080000-aaaa'))).toMatchObject({ who: 'ancien', complete: true, machine: { os: 'Linux' } });
    expect((await store.cells())).toEqual([expect.objectContaining({ suiteId: 'fr-es', passRate: 0.5, latencyP50Ms: 120, energyWhPerCase: null, gCo2ePerCase: null })]);
    expect((await store.caseResults('20250901-080000-aaaa')).map((c) => [c.caseId, c.status, c.energyJoules])).toEqual([['c1', 'passed', null], ['c2', 'failed', null]]);
    expect((await store.egress())).toEqual([]);

    // The new columns and table are usable next to the old rows.
    const dir = writeRunFolder(tempDir(), {
      runId: '20260101-080000-bbbb', createdAt: '2026-01-01T08:00:00.000Z',
      cases: cases('fr-es', 'mistral', 2, () => true, { joules: 7.2 }),
      egress: { hosts: [{ host: 'api.mistral.ai', hosting: 'eu-cloud', models: ['mistral'], suites: ['fr-es'], cases: { public: 2 }, redactions: 0, bytes: 512 }] },
    });
    await importRunFolder(store, dir);
    expect((await store.listRuns()).map((r) => r.runId)).toEqual(['20260101-080000-bbbb', '20250901-080000-aaaa']);
    expect((await store.cells({ runId: '20260101-080000-bbbb' }))[0]!.energyWhPerCase).toBeCloseTo(0.002, 12);
    expect((await store.egress())).toHaveLength(1);
    await store.close();

    createSqliteStore(file).close(); // opening again: nothing left to do
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
  });

  it('migrates the version 2 database shipped before PostgreSQL (the current schema) and answers case histories', async () => {
    const file = join(tempDir(), 'observatoire.db');
    const old = openDatabase(file);
    old.exec(V1_BY_HAND.replace('PRAGMA user_version = 1;', ''));
    old.exec(V2_BY_HAND);
    old.close();
    expect(pragma(file, 'user_version')).toBe(2);

    const store = createSqliteStore(file);
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    const raw = openDatabase(file);
    const indexes = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_results'").all() as { name: string }[]).map((r) => r.name);
    raw.close();
    expect(indexes).toContain('case_results_history');
    expect((await store.caseHistory('fr-es', 'c1')).map((c) => [c.runId, c.status, c.energyJoules])).toEqual([['20250901-080000-aaaa', 'passed', 3.6]]);
    expect(await store.egress()).toEqual([expect.objectContaining({ host: 'api.mistral.ai', bytes: 300 })]);
    await store.close();
  });

  it('refuses a database written by a newer harness, without touching it', async () => {
    const file = join(tempDir(), 'observatoire.db');
    const db = openDatabase(file);
    db.exec('CREATE TABLE futur (x INTEGER); PRAGMA user_version = 99;');
    db.close();
    expect(() => createSqliteStore(file)).toThrow(HarnessError);
    expect(() => createSqliteStore(file)).toThrow(/version 99, plus récente/);
    expect(pragma(file, 'user_version')).toBe(99);
  });

  it('says in French when the file is not a database', async () => {
    const file = join(tempDir(), 'observatoire.db');
    writeFileSync(file, 'ceci n’est pas une base SQLite, mais un texte assez long pour remplir un en-tête de page.'.repeat(20));
    let error: unknown;
    try {
      createSqliteStore(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).code).toBe('invalid-input');
    expect((error as HarnessError).message).toContain('base de l’observatoire illisible');
  });
});
