/**
 * What the runner tells the outside world. Reporters are sets of optional hooks (as in vitest):
 * the runner never prints or writes files itself.
 */
import type { Awaitable, CaseResult, Hosting, Suite } from '../core/types.js';

export type PlannedModel = { id: string; hosting: Hosting; provider: string };

/** Shape of a run before it starts: what will be asked of whom. */
export type RunPlanInfo = {
  runId: string;
  startedAt: string;
  suites: Suite[];
  models: PlannedModel[];
  repeat: number;
  /** Number of case × model × repeat results the run will produce when complete. */
  total: number;
  /** Already done (resume): these are not re-run. */
  skipped: number;
};

export type RunEnd = {
  runId: string;
  finishedAt: string;
  durationMs: number;
  complete: boolean;
  interrupted: boolean;
};

export interface Reporter {
  onRunStart?(plan: RunPlanInfo): Awaitable<void>;
  /** Called once per final result, in completion order. */
  onCaseResult?(result: CaseResult): Awaitable<void>;
  /** A model was stopped (auth failure, dead server): one message instead of hundreds. */
  onModelStopped?(model: string, reason: string): Awaitable<void>;
  onRunEnd?(end: RunEnd): Awaitable<void>;
}
