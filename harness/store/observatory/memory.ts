/**
 * The observatory index in memory, with the behaviour of the SQLite one (same ordering, same
 * replace-on-write, JSON fields copied in and out). Used by `compare` on run folders that are not
 * indexed, and by tests; the contract test runs the same list against both.
 */
import type {
  CaseRecord, CellFilter, CellRecord, EgressRecord, ModelRecord, ObservatoryStore, RunBundle, RunRecord, SuiteRecord,
} from './types.js';

type Stored = {
  run: RunRecord;
  suites: Map<string, SuiteRecord>;
  models: Map<string, ModelRecord>;
  cells: Map<string, CellRecord>;
  cases: Map<string, CaseRecord>;
  egress: EgressRecord[];
};

/** A deep copy through JSON, as a SQLite JSON column would give back; undefined becomes null. */
const copy = <T>(x: T): T => (x === undefined || x === null ? (null as T) : (JSON.parse(JSON.stringify(x)) as T));

/** SQLite's BINARY collation: byte order of the UTF-8 text, NULL first. */
const cmpText = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : Buffer.compare(Buffer.from(a), Buffer.from(b));

const cmpBy = <T>(...keys: ((x: T) => string | number | null)[]) => (x: T, y: T): number => {
  for (const key of keys) {
    const a = key(x);
    const b = key(y);
    const d = typeof a === 'number' && typeof b === 'number' ? a - b : cmpText(a === null ? null : String(a), b === null ? null : String(b));
    if (d !== 0) return d;
  }
  return 0;
};

const k = (...parts: (string | number)[]): string => JSON.stringify(parts);

export const createMemoryStore = (): ObservatoryStore => {
  const runs = new Map<string, Stored>();
  const createdOf = (runId: string) => runs.get(runId)?.run.createdAt ?? '';
  const byRunTime = <T extends { runId: string }>(...rest: ((x: T) => string | number | null)[]) =>
    cmpBy<T>((x) => createdOf(x.runId), (x) => x.runId, ...rest);

  const cells = (f: CellFilter = {}): CellRecord[] =>
    [...runs.values()]
      .filter((s) => f.runId === undefined || s.run.runId === f.runId)
      .flatMap((s) => [...s.cells.values()])
      .filter((c) => (f.suite === undefined || c.suiteId === f.suite) && (f.model === undefined || c.modelId === f.model))
      .filter((c) => f.community === undefined || c.community === f.community)
      .map(copy)
      .sort(byRunTime<CellRecord>((c) => c.suiteId, (c) => c.modelId));

  const caseHistory = (suiteId: string, caseId: string, f: { model?: string } = {}): CaseRecord[] =>
    [...runs.values()]
      .flatMap((s) => [...s.cases.values()])
      .filter((c) => c.suiteId === suiteId && c.caseId === caseId && (f.model === undefined || c.modelId === f.model))
      .map(copy)
      .sort(byRunTime<CaseRecord>((c) => c.modelId, (c) => c.repeat));

  const put = (b: RunBundle) => {
    const runId = b.run.runId;
    const stored: Stored = {
      run: { ...copy(b.run), machine: copy(b.run.machine), manifest: copy(b.run.manifest) },
      suites: new Map(b.suites.map((s) => [s.suiteId, { ...copy(s), runId }])),
      models: new Map(b.models.map((m) => [m.modelId, { ...copy(m), runId, identity: copy(m.identity) }])),
      cells: new Map(b.cells.map((c) => [k(c.suiteId, c.modelId), { ...copy(c), runId, intervals: copy(c.intervals) }])),
      cases: new Map(),
      egress: b.egress.map((e) => ({ ...copy(e), runId })),
    };
    for (const c of b.cases) stored.cases.set(k(c.suiteId, c.modelId, c.caseId, c.repeat), { ...copy(c), runId });
    runs.set(runId, stored); // one assignment: readers see the old run or the new one, never a mix
  };

  const listRuns = (filter: Omit<CellFilter, 'runId'> = {}): RunRecord[] => {
    const filtered = filter.suite !== undefined || filter.model !== undefined || filter.community !== undefined;
    return [...runs.values()]
      .filter((s) => !filtered || cells({ ...filter, runId: s.run.runId }).length > 0)
      .map((s) => copy(s.run))
      .sort(cmpBy((r) => r.createdAt, (r) => r.runId))
      .reverse();
  };

  // Answers are computed now and handed over in a settled promise, like a server's reply.
  return {
    putRun: async (b) => put(b),
    deleteRun: async (runId) => runs.delete(runId),
    getRun: async (runId) => {
      const stored = runs.get(runId);
      return stored ? copy(stored.run) : undefined;
    },
    listRuns: async (filter) => listRuns(filter),
    suites: async (runId) => [...(runs.get(runId)?.suites.values() ?? [])].map(copy).sort(cmpBy((s) => s.suiteId)),
    models: async (runId) => [...(runs.get(runId)?.models.values() ?? [])].map(copy).sort(cmpBy((m) => m.modelId)),
    cells: async (f) => cells(f),
    caseResults: async (runId, f = {}) =>
      [...(runs.get(runId)?.cases.values() ?? [])]
        .filter((c) => (f.suite === undefined || c.suiteId === f.suite) && (f.model === undefined || c.modelId === f.model))
        .map(copy)
        .sort(cmpBy((c) => c.suiteId, (c) => c.modelId, (c) => c.caseId, (c) => c.repeat)),
    caseHistory: async (suiteId, caseId, f) => caseHistory(suiteId, caseId, f),
    egress: async (runId) =>
      [...runs.values()]
        .filter((s) => runId === undefined || s.run.runId === runId)
        .flatMap((s) => s.egress.map(copy))
        .sort(byRunTime<EgressRecord>((e) => e.host, (e) => e.classification, (e) => e.suiteId, (e) => e.modelId)),
    close: async () => runs.clear(),
  };
};
