/**
 * The observatory in a shared PostgreSQL database, through node-postgres: campaigns from several
 * machines and CI jobs write into one place. Each run is written in one transaction holding an
 * advisory lock on its run id, so two writers of the same run queue (one copy, never two) and
 * writers of different runs do not wait for each other.
 */
import pg from 'pg';
import { HarnessError } from '../../core/errors.js';
import { scrubConnectionString } from './connection-string.js';
import { MIGRATION_LOCK, migratePostgres } from './postgres-schema.js';
import { rowToCase, rowToCell, rowToEgress, rowToModel, rowToRun, rowToSuite, toJson, type Row } from './sqlite-rows.js';
import type { CellFilter, ObservatoryStore, RunBundle } from './types.js';

/** Rows per INSERT … SELECT FROM unnest(…): large enough to be quick, small enough for one message. */
const BATCH_ROWS = 2000;

const unreachable = (url: string, cause: unknown): HarnessError =>
  new HarnessError('invalid-input', `base PostgreSQL de l’observatoire injoignable : ${scrubConnectionString(url)} (${cause instanceof Error ? cause.message : String(cause)})`, {
    cause,
    hint: 'vérifiez l’adresse, l’utilisateur et le mot de passe de BAC_A_SABLE_DB (ou --db), et que le serveur accepte cette machine',
  });

const CELL_MATCH = `($1::text IS NULL OR c.run_id = $1) AND ($2::text IS NULL OR c.suite_id = $2)
  AND ($3::text IS NULL OR c.model_id = $3) AND ($4::text IS NULL OR c.community = $4)`;

const cellParams = (f: CellFilter = {}) => [f.runId ?? null, f.suite ?? null, f.model ?? null, f.community ?? null];

type Insert = { table: string; columns: readonly string[]; types: readonly string[] };

const INSERTS = {
  suites: { table: 'suites', columns: ['run_id', 'suite_id', 'community', 'classification', 'sha256', 'cases'], types: ['text', 'text', 'text', 'text', 'text', 'int4'] },
  models: { table: 'models', columns: ['run_id', 'model_id', 'provider', 'hosting', 'identity'], types: ['text', 'text', 'text', 'text', 'text'] },
  cells: {
    table: 'cells',
    columns: ['run_id', 'suite_id', 'model_id', 'community', 'n', 'passed', 'failed', 'errors', 'pass_rate', 'mean_score', 'latency_p50', 'latency_p95',
      'ttft_p50', 'intervals', 'energy_wh_per_case', 'energy_method', 'gco2e_per_case'],
    types: ['text', 'text', 'text', 'text', 'int4', 'int4', 'int4', 'int4', 'float8', 'float8', 'float8', 'float8', 'float8', 'text', 'float8', 'text', 'float8'],
  },
  cases: {
    table: 'case_results',
    columns: ['run_id', 'suite_id', 'model_id', 'case_id', 'repeat', 'status', 'score', 'latency_ms', 'energy_j'],
    types: ['text', 'text', 'text', 'text', 'int4', 'text', 'float8', 'float8', 'float8'],
  },
  egress: { table: 'egress', columns: ['run_id', 'host', 'classification', 'suite_id', 'model_id', 'cases', 'bytes'], types: ['text', 'text', 'text', 'text', 'text', 'int4', 'float8'] },
} satisfies Record<string, Insert>;

/** Inserts rows (arrays in `columns` order) in batches, one array parameter per column. */
const insertAll = async (client: pg.PoolClient, ins: Insert, rows: Iterable<unknown[]>): Promise<void> => {
  const sql = `INSERT INTO ${ins.table} (${ins.columns.join(', ')}) SELECT * FROM unnest(${ins.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  let batch: unknown[][] = ins.columns.map(() => []);
  let size = 0;
  const flush = async () => {
    if (size > 0) await client.query(sql, batch);
    batch = ins.columns.map(() => []);
    size = 0;
  };
  for (const row of rows) {
    row.forEach((v, i) => batch[i]!.push(v));
    if (++size >= BATCH_ROWS) await flush();
  }
  await flush();
};

function* mapIter<T, U>(xs: Iterable<T>, f: (x: T) => U): Iterable<U> {
  for (const x of xs) yield f(x);
}

export const createPostgresStore = async (url: string): Promise<ObservatoryStore> => {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 15_000 });
  // An idle connection dropped by the server must not crash the process.
  pool.on('error', () => {});
  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  };
  try {
    await transaction(migratePostgres);
  } catch (cause) {
    await pool.end().catch(() => {});
    if (cause instanceof HarnessError) throw cause;
    throw unreachable(url, cause);
  }
  const rows = async (sql: string, params: unknown[]): Promise<Row[]> => (await pool.query(sql, params)).rows as Row[];

  const put = (b: RunBundle) => transaction(async (client) => {
    const r = b.run;
    const id = r.runId;
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, id]);
    await client.query('DELETE FROM runs WHERE run_id = $1', [id]); // cascades to every child table
    await client.query('INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
      id, r.createdAt, r.finishedAt, r.harnessVersion, r.who, toJson(r.machine), JSON.stringify(r.manifest), r.complete ? 1 : 0, r.interrupted ? 1 : 0, r.runDir,
    ]);
    await insertAll(client, INSERTS.suites, b.suites.map((s) => [id, s.suiteId, s.community, s.classification, s.sha256, s.cases]));
    await insertAll(client, INSERTS.models, b.models.map((m) => [id, m.modelId, m.provider, m.hosting, toJson(m.identity)]));
    await insertAll(client, INSERTS.cells, b.cells.map((c) => [
      id, c.suiteId, c.modelId, c.community, c.n, c.passed, c.failed, c.errors, c.passRate, c.meanScore, c.latencyP50Ms, c.latencyP95Ms,
      c.ttftP50Ms, toJson(c.intervals), c.energyWhPerCase, c.energyMethod, c.gCo2ePerCase,
    ]));
    // The contract allows one record per case key; a repeated key keeps the last, as SQLite's INSERT OR REPLACE does.
    const cases = new Map<string, unknown[]>();
    for (const c of b.cases) {
      cases.set(JSON.stringify([c.suiteId, c.modelId, c.caseId, c.repeat]), [id, c.suiteId, c.modelId, c.caseId, c.repeat, c.status, c.score, c.latencyMs, c.energyJoules]);
    }
    await insertAll(client, INSERTS.cases, cases.values());
    await insertAll(client, INSERTS.egress, mapIter(b.egress, (e) => [id, e.host, e.classification, e.suiteId, e.modelId, e.cases, e.bytes]));
  });

  return {
    putRun: put,
    deleteRun: async (runId) => ((await pool.query('DELETE FROM runs WHERE run_id = $1', [runId])).rowCount ?? 0) > 0,
    getRun: async (runId) => {
      const [row] = await rows('SELECT * FROM runs WHERE run_id = $1', [runId]);
      return row ? rowToRun(row) : undefined;
    },
    listRuns: async (f = {}) => {
      const any = f.suite !== undefined || f.model !== undefined || f.community !== undefined;
      return (await rows(`SELECT r.* FROM runs r WHERE NOT $5::boolean OR EXISTS (SELECT 1 FROM cells c WHERE c.run_id = r.run_id AND ${CELL_MATCH})
        ORDER BY r.created_at DESC, r.run_id DESC`, [null, f.suite ?? null, f.model ?? null, f.community ?? null, any])).map(rowToRun);
    },
    suites: async (runId) => (await rows('SELECT * FROM suites WHERE run_id = $1 ORDER BY suite_id', [runId])).map(rowToSuite),
    models: async (runId) => (await rows('SELECT * FROM models WHERE run_id = $1 ORDER BY model_id', [runId])).map(rowToModel),
    cells: async (f) => (await rows(`SELECT c.* FROM cells c JOIN runs r ON r.run_id = c.run_id WHERE ${CELL_MATCH}
      ORDER BY r.created_at, c.run_id, c.suite_id, c.model_id`, cellParams(f))).map(rowToCell),
    caseResults: async (runId, f = {}) => (await rows(`SELECT * FROM case_results WHERE run_id = $1 AND ($2::text IS NULL OR suite_id = $2)
      AND ($3::text IS NULL OR model_id = $3) ORDER BY suite_id, model_id, case_id, repeat`, [runId, f.suite ?? null, f.model ?? null])).map(rowToCase),
    caseHistory: async (suiteId, caseId, f = {}) => (await rows(`SELECT k.* FROM case_results k JOIN runs r ON r.run_id = k.run_id
      WHERE k.suite_id = $1 AND k.case_id = $2 AND ($3::text IS NULL OR k.model_id = $3) ORDER BY r.created_at, k.run_id, k.model_id, k.repeat`,
    [suiteId, caseId, f.model ?? null])).map(rowToCase),
    egress: async (runId) => (await rows(`SELECT e.* FROM egress e JOIN runs r ON r.run_id = e.run_id WHERE $1::text IS NULL OR e.run_id = $1
      ORDER BY r.created_at, e.run_id, e.host, e.classification NULLS FIRST, e.suite_id NULLS FIRST, e.model_id NULLS FIRST`, [runId ?? null])).map(rowToEgress),
    close: () => pool.end(),
  };
};
