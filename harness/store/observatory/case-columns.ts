/**
 * The observatory's case records of one run, gathered as results.jsonl streams and kept as columns
 * of numbers (typed arrays, suite and model ids interned) rather than one object per line: a
 * 100,000-case run holds a few megabytes here instead of a hundred thousand objects. Fed by the
 * importer's own read of a run folder, or by finalize's single pass over results.jsonl so that the
 * end of a run reads that file once.
 */
import type { CaseResult, CaseStatus } from '../../core/types.js';
import type { CaseRecord } from './types.js';

const STATUSES = ['passed', 'failed', 'error'] as const satisfies readonly CaseStatus[];

/** Energy of a suite × model from its result lines: summed joules of the lines that carry one. */
export type EnergyTally = { joules: number; withJoules: number; methods: Set<string> };

export type CaseColumns = {
  /** Result lines kept, once per (suite, model, case, repeat): a later line replaces an earlier one. */
  readonly size: number;
  /** Result lines unreadable or lacking what identifies a case (suite, model, case id, repeat, status). */
  readonly skipped: number;
  /** The records of `runId`, in the order each case was first met. */
  records(runId: string): IterableIterator<CaseRecord>;
  /** Per suite × model, keyed by `JSON.stringify([suite, model])`. */
  energy: ReadonlyMap<string, EnergyTally>;
};

export type CaseCollector = {
  /** Returns false when the line was skipped (it identifies no case). */
  add(r: CaseResult): boolean;
  /** Counts a line that could not be read at all (invalid JSON), as `readResults` reports it. */
  skip(): void;
  done(): CaseColumns;
};

const numOrNaN = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN);
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** A Float64Array that doubles when full. */
const growable = () => {
  let data = new Float64Array(1024);
  return {
    set(i: number, x: number) {
      if (i >= data.length) {
        const next = new Float64Array(data.length * 2);
        next.set(data);
        data = next;
      }
      data[i] = x;
    },
    get: (i: number): number => data[i]!,
  };
};

export const createCaseCollector = (): CaseCollector => {
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const intern = (s: string): number => {
    let id = nameIds.get(s);
    if (id === undefined) {
      id = names.length;
      names.push(s);
      nameIds.set(s, id);
    }
    return id;
  };
  // One row per case; the strings of a row are its case id and the interned suite and model.
  const index = new Map<string, number>();
  const caseIds: string[] = [];
  const suite = growable();
  const model = growable();
  const repeat = growable();
  const status = growable();
  const score = growable();
  const latency = growable();
  const joules = growable();
  const energy = new Map<string, EnergyTally>();
  let skipped = 0;

  const add = (r: CaseResult): boolean => {
    const statusId = STATUSES.indexOf(r.status);
    if (typeof r.suite !== 'string' || typeof r.model !== 'string' || typeof r.caseId !== 'string' || !Number.isInteger(r.repeat) || statusId < 0) {
      skipped++;
      return false;
    }
    const s = intern(r.suite);
    const m = intern(r.model);
    const key = `${s}\u0000${m}\u0000${r.repeat}\u0000${r.caseId}`;
    let row = index.get(key);
    if (row === undefined) {
      row = caseIds.length;
      index.set(key, row);
      caseIds.push(r.caseId);
    }
    suite.set(row, s);
    model.set(row, m);
    repeat.set(row, r.repeat);
    status.set(row, statusId);
    score.set(row, numOrNaN(r.score));
    latency.set(row, numOrNaN(r.latencyMs));
    const j = numOrNaN(r.energy?.joules);
    joules.set(row, j);
    const cellKey = JSON.stringify([r.suite, r.model]);
    const tally = energy.get(cellKey) ?? { joules: 0, withJoules: 0, methods: new Set<string>() };
    if (!Number.isNaN(j)) {
      tally.joules += j;
      tally.withJoules++;
      if (typeof r.energy?.method === 'string') tally.methods.add(r.energy.method);
    }
    energy.set(cellKey, tally);
    return true;
  };

  function* records(runId: string): IterableIterator<CaseRecord> {
    for (let i = 0; i < caseIds.length; i++) {
      yield {
        runId, suiteId: names[suite.get(i)]!, modelId: names[model.get(i)]!, caseId: caseIds[i]!, repeat: repeat.get(i),
        status: STATUSES[status.get(i)]!, score: orNull(score.get(i)), latencyMs: orNull(latency.get(i)), energyJoules: orNull(joules.get(i)),
      };
    }
  }

  return {
    add,
    skip: () => {
      skipped++;
    },
    done: () => ({ size: caseIds.length, skipped, records, energy }),
  };
};
