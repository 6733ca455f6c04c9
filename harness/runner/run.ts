/**
 * Runs a plan: schedules jobs per model, asks the provider, retries transient failures, scores the
 * output and hands every final result to the reporters. Reads no file, no environment, no argv.
 */
import type { ErrorCode } from '../core/errors.js';
import type { Assertion, CaseResult, EnergyReading, GenerationParams, Hosting, Message, Score, Suite, TestCase } from '../core/types.js';
import { runJob } from './job.js';
import type { Completion, Provider } from '../providers/types.js';
import type { ScoreContext } from '../scorers/types.js';
import type { RequestGuard } from '../sovereignty/types.js';
import type { Reporter, RunEnd, RunPlanInfo } from './events.js';
import { runPool } from './limit.js';
import { countJobs, jobKey, jobsForModel } from './plan.js';
import { FATAL_FOR_MODEL, MODEL_HEALTH, type BackoffOptions } from './retry.js';

export type CaseEvaluation = { scores: Score[]; score: number | null; pass: boolean };
export type EvaluateCase = (assertions: Assertion[], output: string, ctx: ScoreContext, threshold?: number) => Promise<CaseEvaluation>;

/** A model as the runner sees it: its provider plus the settings of its config block. */
export type RunModel = {
  id: string;
  hosting: Hosting;
  providerName: string;
  provider: Provider;
  options?: GenerationParams;
  timeoutMs?: number;
  maxRetries?: number;
  concurrency?: number;
  /** Upper bound on generated tokens, whatever the suite asks (slow local models). */
  maxOutputTokens?: number;
  suites?: readonly string[];
  /** At most this many cases per suite, spread evenly (see plan.ts sampleCases). */
  samplePerSuite?: number;
  /** What identifies this model's answers in the response cache (provider, settings, digest). */
  cacheIdentity?: string;
  /** The provider-specific settings of the config block (the energy layer reads the model name). */
  settings?: Record<string, unknown>;
};

/** What the energy layer does around each request; the runner only calls it. */
export interface EnergyHooks {
  begin(model: RunModel): unknown;
  /** `outcome` is null when the request failed (a local window still has its energy). */
  end(token: unknown, outcome: { outputTokens: number | null; latencyMs: number | null } | null): EnergyReading | undefined;
}

/** A cache of completions by request; the runner never reads or writes files itself. */
export interface CompletionCache {
  get(key: string): Completion | undefined;
  set(key: string, completion: Completion): void;
}

export type RunInput = {
  runId: string;
  suites: Suite[];
  models: RunModel[];
  repeat: number;
  /** Overrides every model's concurrency when set. */
  concurrency?: number;
  evaluate: EvaluateCase;
  reporters: Reporter[];
  /** Aborting stops scheduling; in-flight requests finish. */
  stopSignal: AbortSignal;
  /** Aborting also cancels in-flight requests. */
  abortSignal: AbortSignal;
  /** Monotonic clock in ms. */
  now: () => number;
  /** Wall clock, for timestamps in results. */
  date: () => Date;
  /** Results already on disk (resume): their keys are skipped. */
  done?: ReadonlySet<string>;
  backoff?: BackoffOptions;
  /** When set, identical requests to the same model are answered from it (marked `cached`). */
  cache?: CompletionCache;
  /** Sovereignty policy: pairs it refuses are never sent (and produce no result line). */
  accepts?: (modelId: string, suiteId: string, caseId: string) => boolean;
  /** The gate every request built from case data crosses: policy, masking, ledger line before sending. */
  guard?: RequestGuard;
  /** Removes every configured secret (and any piece of one) from a result or message before it is reported. */
  scrub?: <T>(value: T) => T;
  /** Energy of each case: a window around local requests, an estimate for remote ones. */
  energy?: EnergyHooks;
  /** Let measured local models take several requests at once; their windows are then shared (allocated). */
  sharedLocalEnergy?: boolean;
  /** Judge models by id (they need not be candidates). */
  judges?: ReadonlyMap<string, RunModel>;
  /** The judges a suite names (its `judge:`, else the config's), in order. */
  judgesFor?: (suite: Suite) => string[];
  /** Why a judge may not see this case's data (hosting policy), or undefined when it may. */
  judgeRefusal?: (judge: RunModel, suite: Suite, testCase: TestCase) => string | undefined;
};


/** Consecutive failed cases after which a model is stopped instead of hammered (circuit breaker). */
export const BREAKER_THRESHOLD = 5;

export const runPlan = async (input: RunInput): Promise<RunEnd> => {
  const startedAt = input.date();
  const t0 = input.now();
  const total = input.accepts ? countAccepted(input) : countJobs(input.suites, input.models, input.repeat);
  const done = input.done ?? new Set<string>();
  const plan: RunPlanInfo = {
    runId: input.runId,
    startedAt: startedAt.toISOString(),
    suites: input.suites,
    models: input.models.map((m) => ({ id: m.id, hosting: m.hosting, provider: m.providerName })),
    repeat: input.repeat,
    total,
    skipped: done.size,
  };
  for (const r of input.reporters) await r.onRunStart?.(plan);

  // The one place results leave the runner: provider errors that quote a key are cleaned here.
  const clean = input.scrub ?? (<T>(v: T) => v);
  const emit = async (result: CaseResult) => {
    const safe = clean(result);
    for (const r of input.reporters) await r.onCaseResult?.(safe);
  };

  const runModel = async (model: RunModel) => {
    let stopped: { code: ErrorCode; message: string } | undefined;
    let consecutiveFailures = 0;
    const jobs = (function* () {
      for (const job of jobsForModel(input.suites, model, input.repeat)) {
        if (input.accepts && !input.accepts(job.model, job.suite.id, job.testCase.id)) continue;
        if (!done.has(jobKey(job.suite.id, job.testCase.id, job.model, job.repeat))) yield job;
      }
    })();
    const stop = async (code: ErrorCode, message: string) => {
      if (stopped) return;
      stopped = { code, message: clean(message) };
      for (const r of input.reporters) await r.onModelStopped?.(model.id, stopped.message);
    };
    // Measured local models take one request at a time (their energy windows must not overlap).
    const lanes = input.energy && model.hosting === 'local' && !input.sharedLocalEnergy ? 1 : (input.concurrency ?? model.concurrency ?? 1);
    await runPool(jobs, lanes, async (job) => {
      const result = await runJob(input, model, job, stopped);
      if (result.status === 'error') {
        if (!stopped && FATAL_FOR_MODEL.has(result.error.code)) await stop(result.error.code, result.error.message);
        else if (MODEL_HEALTH.has(result.error.code) && !result.scores.length && ++consecutiveFailures >= BREAKER_THRESHOLD && !stopped) {
          await stop(result.error.code, `${BREAKER_THRESHOLD} échecs consécutifs (dernier : ${result.error.message})`);
        }
      } else consecutiveFailures = 0;
      if (result.status === 'error' && result.error.code === 'cancelled' && input.stopSignal.aborted) return; // redone on resume
      await emit(result);
    }, () => input.stopSignal.aborted);
  };

  // Local models run one after another so they do not compete for this machine's CPU (latency and
  // energy stay attributable); remote models each run in their own lane, in parallel.
  const local = input.models.filter((m) => m.hosting === 'local');
  const remote = input.models.filter((m) => m.hosting !== 'local');
  await Promise.all([
    (async () => {
      for (const m of local) await runModel(m);
    })(),
    ...remote.map(runModel),
  ]);

  const end: RunEnd = {
    runId: input.runId,
    finishedAt: input.date().toISOString(),
    durationMs: input.now() - t0,
    complete: !input.stopSignal.aborted,
    interrupted: input.stopSignal.aborted,
  };
  for (const r of input.reporters) await r.onRunEnd?.(end);
  return end;
};

const countAccepted = (input: RunInput): number => {
  let n = 0;
  for (const m of input.models) for (const job of jobsForModel(input.suites, m, input.repeat)) if (input.accepts!(m.id, job.suite.id, job.testCase.id)) n++;
  return n;
};

export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './job.js';
