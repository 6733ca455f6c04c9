/**
 * Compares two runs suite × model: deltas of the headline figures, an exact McNemar test on the
 * cases both runs hold, and the cases that regressed (passed in A, not in B) or improved. Pure.
 */
import type { CaseStatus } from '../../core/types.js';
import { mcnemarExact } from '../../stats/mcnemar.js';
import type { CaseRecord, CellRecord, ObservatoryStore, RunRecord, SuiteRecord } from './types.js';

/** Below this p-value a difference is called significant. */
export const ALPHA = 0.05;

export type RunSide = { run: RunRecord; suites: SuiteRecord[]; cells: CellRecord[]; cases: CaseRecord[] };

/** One case of one run, its repeats folded into one outcome. */
export type CaseOutcome = { status: CaseStatus; score: number | null; repeats: number };

export type Paired = { pairs: number; regressed: number; improved: number; pValue: number };

export type CellDelta = {
  suiteId: string;
  modelId: string;
  community: string;
  a: CellRecord | null;
  b: CellRecord | null;
  /** B − A; null when either side is missing or unknown. */
  passRateDelta: number | null;
  meanScoreDelta: number | null;
  latencyP50DeltaMs: number | null;
  energyWhPerCaseDelta: number | null;
  /** null when either run has no case lines for this cell. */
  paired: Paired | null;
  /** The suite file changed between the runs (different sha256): cases may not be the same. */
  suiteChanged: boolean;
};

export type CaseChange = { suiteId: string; modelId: string; caseId: string; a: CaseOutcome; b: CaseOutcome };

export type RunComparison = { a: RunRecord; b: RunRecord; cells: CellDelta[]; regressions: CaseChange[]; improvements: CaseChange[] };

export const loadRunSide = async (store: ObservatoryStore, runId: string): Promise<RunSide | undefined> => {
  const run = await store.getRun(runId);
  if (!run) return undefined;
  const [suites, cells, cases] = await Promise.all([store.suites(runId), store.cells({ runId }), store.caseResults(runId)]);
  return { run, suites, cells, cases };
};

const key = (...parts: string[]) => JSON.stringify(parts);
const delta = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : b - a;

/** A case passes when most of its repeats passed: repeats are not independent cases, so one pair per case. */
const fold = (lines: CaseRecord[]): CaseOutcome => {
  const count = (s: CaseStatus) => lines.filter((l) => l.status === s).length;
  const status: CaseStatus = count('passed') * 2 > lines.length ? 'passed' : count('error') > count('failed') ? 'error' : 'failed';
  const scores = lines.flatMap((l) => (l.score === null ? [] : [l.score]));
  return { status, score: scores.length === 0 ? null : scores.reduce((s, x) => s + x, 0) / scores.length, repeats: lines.length };
};

/** suite × model → case id → outcome. */
const outcomes = (cases: CaseRecord[]): Map<string, Map<string, CaseOutcome>> => {
  const lines = new Map<string, Map<string, CaseRecord[]>>();
  for (const c of cases) {
    const cell = lines.get(key(c.suiteId, c.modelId)) ?? new Map<string, CaseRecord[]>();
    cell.set(c.caseId, [...(cell.get(c.caseId) ?? []), c]);
    lines.set(key(c.suiteId, c.modelId), cell);
  }
  return new Map([...lines].map(([k, cell]) => [k, new Map([...cell].map(([id, ls]) => [id, fold(ls)]))]));
};

export const compareRuns = (A: RunSide, B: RunSide): RunComparison => {
  const cellsA = new Map(A.cells.map((c) => [key(c.suiteId, c.modelId), c]));
  const cellsB = new Map(B.cells.map((c) => [key(c.suiteId, c.modelId), c]));
  const shaA = new Map(A.suites.map((s) => [s.suiteId, s.sha256]));
  const shaB = new Map(B.suites.map((s) => [s.suiteId, s.sha256]));
  const outA = outcomes(A.cases);
  const outB = outcomes(B.cases);
  const regressions: CaseChange[] = [];
  const improvements: CaseChange[] = [];
  const cells: CellDelta[] = [];
  for (const k of [...new Set([...cellsA.keys(), ...cellsB.keys()])].sort()) {
    const a = cellsA.get(k) ?? null;
    const b = cellsB.get(k) ?? null;
    const { suiteId, modelId, community } = (a ?? b)!;
    let paired: Paired | null = null;
    const oa = outA.get(k);
    const ob = outB.get(k);
    if (oa && ob) {
      let pairs = 0;
      let regressed = 0;
      let improved = 0;
      for (const caseId of [...oa.keys()].sort()) {
        const ca = oa.get(caseId)!;
        const cb = ob.get(caseId);
        if (!cb) continue;
        pairs++;
        const change = { suiteId, modelId, caseId, a: ca, b: cb };
        if (ca.status === 'passed' && cb.status !== 'passed') {
          regressed++;
          regressions.push(change);
        } else if (ca.status !== 'passed' && cb.status === 'passed') {
          improved++;
          improvements.push(change);
        }
      }
      if (pairs > 0) paired = { pairs, regressed, improved, pValue: mcnemarExact(regressed, improved) };
    }
    const shaBefore = shaA.get(suiteId);
    const shaAfter = shaB.get(suiteId);
    cells.push({
      suiteId, modelId, community, a, b,
      passRateDelta: delta(a?.passRate, b?.passRate),
      meanScoreDelta: delta(a?.meanScore, b?.meanScore),
      latencyP50DeltaMs: delta(a?.latencyP50Ms, b?.latencyP50Ms),
      energyWhPerCaseDelta: delta(a?.energyWhPerCase, b?.energyWhPerCase),
      paired,
      suiteChanged: Boolean(shaBefore && shaAfter && shaBefore !== shaAfter),
    });
  }
  return { a: A.run, b: B.run, cells, regressions, improvements };
};
