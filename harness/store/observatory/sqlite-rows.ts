/** SQLite rows (snake_case, 0/1 booleans, JSON as text) to and from observatory records. */
import type { CaseStatus } from '../../core/types.js';
import type { CaseRecord, CellRecord, EgressRecord, ModelRecord, RunRecord, SuiteRecord } from './types.js';

export type Row = Record<string, unknown>;

/** null and undefined are both stored as SQL NULL. */
export const toJson = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
export const fromJson = (text: unknown): unknown => (typeof text === 'string' ? JSON.parse(text) : null);

const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const rowToRun = (r: Row): RunRecord => ({
  runId: String(r.run_id),
  createdAt: String(r.created_at),
  finishedAt: s(r.finished_at),
  harnessVersion: s(r.harness_version),
  who: s(r.who),
  machine: fromJson(r.machine) as Record<string, unknown> | null,
  manifest: fromJson(r.manifest) as Record<string, unknown>,
  complete: r.complete === 1,
  interrupted: r.interrupted === 1,
  runDir: s(r.run_dir),
});

export const rowToSuite = (r: Row): SuiteRecord => ({
  runId: String(r.run_id), suiteId: String(r.suite_id), community: String(r.community),
  classification: s(r.classification), sha256: s(r.sha256), cases: n(r.cases),
});

export const rowToModel = (r: Row): ModelRecord => ({
  runId: String(r.run_id), modelId: String(r.model_id), provider: s(r.provider), hosting: s(r.hosting),
  identity: fromJson(r.identity) as Record<string, unknown> | null,
});

export const rowToCell = (r: Row): CellRecord => ({
  runId: String(r.run_id),
  suiteId: String(r.suite_id),
  modelId: String(r.model_id),
  community: String(r.community),
  n: Number(r.n),
  passed: Number(r.passed),
  failed: Number(r.failed),
  errors: Number(r.errors),
  passRate: n(r.pass_rate),
  meanScore: n(r.mean_score),
  latencyP50Ms: n(r.latency_p50),
  latencyP95Ms: n(r.latency_p95),
  ttftP50Ms: n(r.ttft_p50),
  energyWhPerCase: n(r.energy_wh_per_case),
  energyMethod: s(r.energy_method),
  gCo2ePerCase: n(r.gco2e_per_case),
  intervals: fromJson(r.intervals),
});

export const rowToCase = (r: Row): CaseRecord => ({
  runId: String(r.run_id),
  suiteId: String(r.suite_id),
  modelId: String(r.model_id),
  caseId: String(r.case_id),
  repeat: Number(r.repeat),
  status: r.status as CaseStatus,
  score: n(r.score),
  latencyMs: n(r.latency_ms),
  energyJoules: n(r.energy_j),
});

export const rowToEgress = (r: Row): EgressRecord => ({
  runId: String(r.run_id), host: String(r.host), classification: s(r.classification), suiteId: s(r.suite_id),
  modelId: s(r.model_id), cases: Number(r.cases), bytes: n(r.bytes),
});
