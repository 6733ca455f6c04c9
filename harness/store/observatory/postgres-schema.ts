/**
 * Schema of the shared observatory in PostgreSQL and its forward-only migrations. Same tables and
 * columns as the SQLite index (`migrations.ts`), so the row mappers of `sqlite-rows.ts` serve both:
 * booleans as 0/1 smallints, JSON as text, numbers as double precision (pg returns them as JS
 * numbers; bigint would come back as strings). Text columns use the "C" collation so that ordering
 * is byte order, as in SQLite, whatever locale the server was created with.
 *
 * `bac_a_sable_schema.version` holds the version. Migrating takes a transaction-scoped advisory
 * lock: several machines opening an old database at once migrate it once.
 */
import { HarnessError } from '../../core/errors.js';

/** A transaction-level advisory lock key of our own ("bas" + 1), so other applications' locks do not collide. */
export const MIGRATION_LOCK = 0x62617301;

const V1 = `
CREATE TABLE runs (
  run_id TEXT COLLATE "C" PRIMARY KEY, created_at TEXT COLLATE "C" NOT NULL, finished_at TEXT, harness_version TEXT, who TEXT,
  machine TEXT, manifest TEXT NOT NULL, complete SMALLINT NOT NULL, interrupted SMALLINT NOT NULL, run_dir TEXT
);
CREATE INDEX runs_created ON runs(created_at);
CREATE TABLE suites (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT COLLATE "C" NOT NULL,
  community TEXT COLLATE "C" NOT NULL, classification TEXT COLLATE "C", sha256 TEXT, cases INTEGER,
  PRIMARY KEY (run_id, suite_id)
);
CREATE TABLE models (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, model_id TEXT COLLATE "C" NOT NULL,
  provider TEXT, hosting TEXT, identity TEXT,
  PRIMARY KEY (run_id, model_id)
);
CREATE TABLE cells (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT COLLATE "C" NOT NULL,
  model_id TEXT COLLATE "C" NOT NULL, community TEXT COLLATE "C" NOT NULL,
  n INTEGER NOT NULL, passed INTEGER NOT NULL, failed INTEGER NOT NULL, errors INTEGER NOT NULL,
  pass_rate DOUBLE PRECISION, mean_score DOUBLE PRECISION, latency_p50 DOUBLE PRECISION, latency_p95 DOUBLE PRECISION,
  ttft_p50 DOUBLE PRECISION, intervals TEXT, energy_wh_per_case DOUBLE PRECISION, energy_method TEXT, gco2e_per_case DOUBLE PRECISION,
  PRIMARY KEY (run_id, suite_id, model_id)
);
CREATE INDEX cells_suite_model ON cells(suite_id, model_id);
CREATE INDEX cells_model ON cells(model_id);
CREATE INDEX cells_community ON cells(community);
CREATE TABLE case_results (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, suite_id TEXT COLLATE "C" NOT NULL,
  model_id TEXT COLLATE "C" NOT NULL, case_id TEXT COLLATE "C" NOT NULL, repeat INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('passed', 'failed', 'error')), score DOUBLE PRECISION, latency_ms DOUBLE PRECISION,
  energy_j DOUBLE PRECISION,
  PRIMARY KEY (run_id, suite_id, model_id, case_id, repeat)
);
CREATE INDEX case_results_case ON case_results(suite_id, model_id, case_id);
CREATE INDEX case_results_history ON case_results(suite_id, case_id, model_id);
CREATE TABLE egress (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE, host TEXT COLLATE "C" NOT NULL,
  classification TEXT COLLATE "C", suite_id TEXT COLLATE "C", model_id TEXT COLLATE "C", cases INTEGER NOT NULL, bytes DOUBLE PRECISION
);
CREATE INDEX egress_run ON egress(run_id);
`;

/** Migration i brings the schema from version i to i + 1. Append only; never edit a shipped one. */
export const PG_MIGRATIONS: readonly string[] = [V1];
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** The few calls of a pg client this module needs (a PoolClient in a transaction). */
type Querier = { query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };

export const tooNewPg = (found: number): HarnessError =>
  new HarnessError('invalid-input', `base PostgreSQL de l’observatoire en version ${found}, plus récente que ce bac-à-sable (version ${PG_SCHEMA_VERSION})`, {
    hint: 'mettez bac-à-sable à jour sur cette machine',
  });

/** Applies the missing migrations; `client` must be inside a transaction. Returns the version found. */
export const migratePostgres = async (client: Querier): Promise<number> => {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  // Checked before creating: a read-only user (the one `serve` should use) may not create anything.
  const { rows: found0 } = await client.query("SELECT to_regclass('bac_a_sable_schema') IS NOT NULL AS present");
  if (found0[0]?.present !== true) await client.query('CREATE TABLE bac_a_sable_schema (version INTEGER NOT NULL)');
  const { rows } = await client.query('SELECT max(version) AS v FROM bac_a_sable_schema');
  const found = Number(rows[0]?.v ?? 0);
  if (found > PG_SCHEMA_VERSION) throw tooNewPg(found);
  for (let v = found; v < PG_SCHEMA_VERSION; v++) {
    await client.query(PG_MIGRATIONS[v]!);
    await client.query('INSERT INTO bac_a_sable_schema (version) VALUES ($1)', [v + 1]);
  }
  return found;
};
