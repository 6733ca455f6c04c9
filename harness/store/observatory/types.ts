/**
 * The observatory index: what every run folder holds, flattened into records that can be queried
 * across months. Run folders stay the source of truth; a store is an index rebuilt from them.
 * Three backends give the same behaviour: SQLite (`sqlite.ts`, the embedded default), PostgreSQL
 * (`postgres.ts`, one store shared by several machines) and memory (`memory.ts`).
 */
import type { CaseStatus } from '../../core/types.js';

/** One run, from manifest.json and summary.json. */
export type RunRecord = {
  runId: string;
  /** ISO date the run started (manifest `createdAt`); runs are ordered by it. */
  createdAt: string;
  finishedAt: string | null;
  harnessVersion: string | null;
  /** OS user who launched the run, when the manifest records it. */
  who: string | null;
  machine: Record<string, unknown> | null;
  manifest: Record<string, unknown>;
  complete: boolean;
  interrupted: boolean;
  /** Absolute path of the run folder when it was indexed. */
  runDir: string | null;
};

export type SuiteRecord = {
  runId: string;
  suiteId: string;
  community: string;
  classification: string | null;
  sha256: string | null;
  cases: number | null;
};

export type ModelRecord = {
  runId: string;
  modelId: string;
  provider: string | null;
  hosting: string | null;
  /** What the provider reported about itself (version, digest…). */
  identity: Record<string, unknown> | null;
};

/** One suite × model aggregate of a run. Rates and scores in 0..1; null = unknown, never 0. */
export type CellRecord = {
  runId: string;
  suiteId: string;
  modelId: string;
  community: string;
  n: number;
  passed: number;
  failed: number;
  errors: number;
  passRate: number | null;
  meanScore: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  energyWhPerCase: number | null;
  /** Methods that produced the energy figure, comma-separated (`rapl, cpu-time-share`). */
  energyMethod: string | null;
  gCo2ePerCase: number | null;
  /** Confidence intervals of the cell as summary.json holds them. */
  intervals: unknown;
};

/** One result line of results.jsonl, without outputs: numbers and status only. */
export type CaseRecord = {
  runId: string;
  suiteId: string;
  modelId: string;
  caseId: string;
  repeat: number;
  status: CaseStatus;
  score: number | null;
  latencyMs: number | null;
  energyJoules: number | null;
};

/**
 * What left the machine, from egress.json: cases sent per host and classification. A row with
 * `classification` null and 0 cases holds the bytes of a host that received several classifications
 * (the ledger counts bytes per host only); suite and model are null when the host served several.
 */
export type EgressRecord = {
  runId: string;
  host: string;
  classification: string | null;
  suiteId: string | null;
  modelId: string | null;
  cases: number;
  bytes: number | null;
};

/** Everything known about one run, written in one go. */
export type RunBundle = {
  run: RunRecord;
  suites: readonly SuiteRecord[];
  models: readonly ModelRecord[];
  cells: readonly CellRecord[];
  /** At most one record per (suite, model, case, repeat). */
  cases: Iterable<CaseRecord>;
  egress: readonly EgressRecord[];
};

export type CellFilter = { runId?: string; suite?: string; model?: string; community?: string };

/**
 * Every method answers a promise: the PostgreSQL backend talks to a server; SQLite and memory
 * answer at once but keep the same shape, so callers are written once.
 */
export interface ObservatoryStore {
  /**
   * Replaces everything stored for `bundle.run.runId`, atomically: writing the same bundle twice
   * changes nothing, and two writers of the same run at once leave exactly one copy of it.
   */
  putRun(bundle: RunBundle): Promise<void>;
  /** Removes a run and all its rows; false when it was not there. */
  deleteRun(runId: string): Promise<boolean>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first (createdAt, then runId). With a filter: only runs holding a matching cell. */
  listRuns(filter?: Omit<CellFilter, 'runId'>): Promise<RunRecord[]>;
  /** Ordered by suite id. */
  suites(runId: string): Promise<SuiteRecord[]>;
  /** Ordered by model id. */
  models(runId: string): Promise<ModelRecord[]>;
  /** Oldest run first, then suite, then model. */
  cells(filter?: CellFilter): Promise<CellRecord[]>;
  /** Ordered by suite, model, case, repeat. */
  caseResults(runId: string, filter?: { suite?: string; model?: string }): Promise<CaseRecord[]>;
  /** One case across every run that holds it, oldest run first, then model, then repeat. */
  caseHistory(suiteId: string, caseId: string, filter?: { model?: string }): Promise<CaseRecord[]>;
  /** Oldest run first, then host, classification, suite, model (nulls first). */
  egress(runId?: string): Promise<EgressRecord[]>;
  close(): Promise<void>;
}

/** The name the rest of the harness may use for the write side; same object. */
export type ResultStore = ObservatoryStore;
