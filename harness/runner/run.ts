/**
 * Runs a plan: schedules jobs per model, asks the provider, retries transient failures, scores the
 * output and hands every final result to the reporters. Reads no file, no environment, no argv.
 */
import { createHash } from 'node:crypto';
import { HarnessError, errorMessage, type ErrorCode } from '../core/errors.js';
import type { Assertion, CaseResult, GenerationParams, Hosting, Score, Suite, TestCase } from '../core/types.js';
import type { Completion, Provider, ResponseFormat } from '../providers/types.js';
import type { ScoreContext } from '../scorers/types.js';
import { renderPrompt } from '../suites/template.js';
import type { Reporter, RunEnd, RunPlanInfo } from './events.js';
import { withDeadline } from './deadline.js';
import { runPool } from './limit.js';
import { countJobs, jobKey, jobsForModel, type Job } from './plan.js';
import { FATAL_FOR_MODEL, RETRYABLE, backoffDelayMs, sleep, type BackoffOptions } from './retry.js';

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
  suites?: readonly string[];
  /** What identifies this model's answers in the response cache (provider, settings, digest). */
  cacheIdentity?: string;
};

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
};

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 3;
/** Consecutive failed cases after which a model is stopped instead of hammered (circuit breaker). */
export const BREAKER_THRESHOLD = 5;

const responseFormatFor = (assertions: readonly Assertion[]): ResponseFormat | undefined => {
  const json = assertions.find((a) => a.type === 'is-json');
  if (!json) return undefined;
  const schema = json.value;
  return schema && typeof schema === 'object' && !Array.isArray(schema) ? { type: 'json', schema: schema as Record<string, unknown> } : { type: 'json' };
};

/** Candidates of a `choice` assertion: models that can score continuations pick among them. */
const choicesFor = (assertions: readonly Assertion[]): string[] | undefined => {
  const choice = assertions.find((a) => a.type === 'choice');
  const value = choice?.value;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return undefined;
};

/** Multiple choice by log-likelihood: the answer is the candidate the model finds most probable. */
const pickByLikelihood = async (provider: Provider, prompt: string, choices: string[], signal: AbortSignal, now: () => number): Promise<Completion> => {
  const t0 = now();
  const logLikelihoods = await provider.scoreChoices!({ prompt, choices, signal });
  let best = 0;
  logLikelihoods.forEach((ll, i) => {
    if (ll > logLikelihoods[best]!) best = i;
  });
  const totalMs = now() - t0;
  return { text: choices[best]!, timings: { ttftMs: totalMs, totalMs, backend: Object.fromEntries(choices.map((c, i) => [`logLikelihood:${c}`, logLikelihoods[i]!])) } };
};

const mergeParams = (model: RunModel, suite: Suite, repeat: number, repeats: number): GenerationParams => {
  const params: GenerationParams = { ...(model.options ?? {}), ...suite.options };
  // Repeats must be independent samples: each gets its own seed.
  if (repeats > 1) params.seed = (params.seed ?? 0) + repeat - 1;
  return params;
};

export const runPlan = async (input: RunInput): Promise<RunEnd> => {
  const startedAt = input.date();
  const t0 = input.now();
  const total = countJobs(input.suites, input.models, input.repeat);
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

  const emit = async (result: CaseResult) => {
    for (const r of input.reporters) await r.onCaseResult?.(result);
  };

  const runModel = async (model: RunModel) => {
    let stopped: { code: ErrorCode; message: string } | undefined;
    let consecutiveFailures = 0;
    const jobs = (function* () {
      for (const job of jobsForModel(input.suites, model, input.repeat)) {
        if (!done.has(jobKey(job.suite.id, job.testCase.id, job.model, job.repeat))) yield job;
      }
    })();
    const stop = async (code: ErrorCode, message: string) => {
      if (stopped) return;
      stopped = { code, message };
      for (const r of input.reporters) await r.onModelStopped?.(model.id, message);
    };
    await runPool(jobs, input.concurrency ?? model.concurrency ?? 1, async (job) => {
      const result = await runJob(input, model, job, stopped);
      if (result.status === 'error') {
        if (!stopped && FATAL_FOR_MODEL.has(result.error.code)) await stop(result.error.code, result.error.message);
        else if (result.error.code !== 'cancelled' && ++consecutiveFailures >= BREAKER_THRESHOLD && !stopped) {
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

const baseOf = (input: RunInput, model: RunModel, job: Job, prompt: string, startedAt: Date) => ({
  runId: input.runId,
  suite: job.suite.id,
  community: job.suite.community,
  caseId: job.testCase.id,
  model: model.id,
  repeat: job.repeat,
  vars: job.testCase.vars,
  reference: job.testCase.reference ?? null,
  prompt,
  source: { file: job.testCase.source.file, line: job.testCase.source.line },
  startedAt: startedAt.toISOString(),
});

const errorResult = (base: ReturnType<typeof baseOf>, code: ErrorCode, message: string, output: string | null = null): CaseResult => ({
  ...base,
  status: 'error',
  output,
  scores: [],
  score: null,
  latencyMs: null,
  ttftMs: null,
  tokens: null,
  error: { code, message },
});

/** Runs one job to its single final result. Never throws. */
const runJob = async (input: RunInput, model: RunModel, job: Job, stopped?: { code: ErrorCode; message: string }): Promise<CaseResult> => {
  const startedAt = input.date();
  const testCase: TestCase = job.testCase;
  let rendered: { messages: { role: 'system' | 'user' | 'assistant'; content: string }[]; text: string };
  try {
    rendered = renderPrompt(job.suite.prompt, testCase.vars);
  } catch (e) {
    return errorResult(baseOf(input, model, job, '', startedAt), 'bad-response', `gabarit de prompt : ${errorMessage(e)}`);
  }
  const base = baseOf(input, model, job, rendered.text, startedAt);
  if (stopped) return errorResult(base, stopped.code, `modèle arrêté : ${stopped.message}`);

  const maxRetries = model.maxRetries ?? DEFAULT_MAX_RETRIES;
  const params = mergeParams(model, job.suite, job.repeat, input.repeat);
  const responseFormat = responseFormatFor(testCase.assert);
  const choices = choicesFor(testCase.assert);
  const cacheKey = input.cache && model.cacheIdentity !== undefined
    ? createHash('sha256').update(JSON.stringify([model.cacheIdentity, rendered.messages, params, responseFormat ?? null, choices ?? null])).digest('hex')
    : undefined;
  let completion: Completion | undefined = cacheKey ? input.cache!.get(cacheKey) : undefined;
  const cached = completion !== undefined;
  let lastError: HarnessError | undefined;
  for (let attempt = 0; attempt <= maxRetries && !cached; attempt++) {
    if (input.abortSignal.aborted) return errorResult(base, 'cancelled', 'campagne interrompue');
    const deadline = withDeadline(input.abortSignal, model.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = deadline.signal;
    try {
      completion = choices && model.provider.scoreChoices
        ? await pickByLikelihood(model.provider, rendered.text, choices, signal, input.now)
        : await model.provider.complete({
        messages: rendered.messages,
        prompt: rendered.text,
        params,
        signal,
        ...(responseFormat ? { responseFormat } : {}),
        case: { id: testCase.id, vars: testCase.vars, ...(testCase.reference === undefined ? {} : { reference: testCase.reference }) },
      });
      break;
    } catch (e) {
      lastError = e instanceof HarnessError ? e : new HarnessError('provider-error', errorMessage(e), { cause: e });
      if (signal.aborted && !input.abortSignal.aborted && lastError.code === 'cancelled') {
        lastError = new HarnessError('timeout', `${model.id} : pas de réponse en ${model.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
      }
      if (!RETRYABLE.has(lastError.code) || attempt === maxRetries) break;
      await sleep(backoffDelayMs(attempt, lastError.retryAfterS, input.backoff), input.abortSignal);
    } finally {
      deadline.clear();
    }
  }
  if (completion && cacheKey && !cached) input.cache!.set(cacheKey, completion);
  if (!completion) {
    const err = lastError ?? new HarnessError('provider-error', 'échec sans message');
    return errorResult(base, err.code, err.hint ? `${err.message} (${err.hint})` : err.message);
  }

  const ctx: ScoreContext = {
    vars: testCase.vars,
    ...(testCase.reference === undefined ? {} : { reference: testCase.reference }),
    prompt: rendered.text,
    latencyMs: completion.timings.totalMs,
    ...(completion.contexts ? { contexts: completion.contexts } : {}),
  };
  const evaluation = await input.evaluate(testCase.assert, completion.text, ctx, testCase.threshold);
  const usage = completion.usage;
  return {
    ...base,
    status: evaluation.pass ? 'passed' : 'failed',
    output: completion.text,
    scores: evaluation.scores,
    score: evaluation.score,
    latencyMs: completion.timings.totalMs,
    ttftMs: completion.timings.ttftMs ?? null,
    tokens: usage ? { input: usage.inputTokens, output: usage.outputTokens, estimated: usage.estimated ?? false } : null,
    error: null,
    ...(completion.modelIdentity ? { modelIdentity: completion.modelIdentity } : {}),
    ...(completion.contexts ? { contexts: completion.contexts } : {}),
    ...(completion.timings.backend ? { backendTimings: completion.timings.backend } : {}),
    ...(cached ? { cached: true } : {}),
  };
};
