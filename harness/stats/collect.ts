/**
 * Reads a run's results once (from a JSONL stream or an array) and keeps, per suite × model × case,
 * only the numbers of each repeat (trials.ts). Outputs, prompts and vars are dropped on arrival.
 */
import type { CaseResult } from '../core/types.js';
import type { CaseTrials } from './trials.js';
import { toTrial } from './trials.js';

export type SuiteTrials = {
  /** Community written on the results (the suite list given to analyzeRun wins over it). */
  community: string;
  /** Model id → its cases. */
  cells: Map<string, CaseTrials>;
};

export const collectTrials = async (results: AsyncIterable<CaseResult> | Iterable<CaseResult>): Promise<Map<string, SuiteTrials>> => {
  const suites = new Map<string, SuiteTrials>();
  for await (const r of results) {
    let suite = suites.get(r.suite);
    if (!suite) {
      suite = { community: r.community, cells: new Map() };
      suites.set(r.suite, suite);
    }
    let cell = suite.cells.get(r.model);
    if (!cell) {
      cell = new Map();
      suite.cells.set(r.model, cell);
    }
    const trials = cell.get(r.caseId);
    if (trials) trials.push(toTrial(r));
    else cell.set(r.caseId, [toTrial(r)]);
  }
  return suites;
};
