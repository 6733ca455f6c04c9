/**
 * One job to its single final result: render the request, guard it (one gate per case), ask the provider (retrying
 * transient failures within a per-attempt deadline), score the answer. Never throws.
 */
import { createHash } from 'node:crypto';
import { HarnessError, errorMessage, type ErrorCode } from '../core/errors.js';
import type { Assertion, CaseResult, EnergyReading, GenerationParams, Suite, TestCase } from '../core/types.js';
import type { Completion, Provider, ResponseFormat } from '../providers/types.js';
import type { ScoreContext } from '../scorers/types.js';
import { OPEN_GATE } from '../sovereignty/guard.js';
import type { Prepared } from '../sovereignty/types.js';
import { renderPrompt } from '../suites/template.js';
import { withRetries } from './attempts.js';
import { createJudgeAsker } from './judges.js';
import { generationParams } from './params.js';
import { tokensPerSecond } from './throughput.js';
import type { Job } from './plan.js';
import type { RunInput, RunModel } from './run.js';

export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './attempts.js';

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

const mergeParams = (model: RunModel, suite: Suite, repeat: number, repeats: number): GenerationParams =>
  generationParams({ ...(model.options ? { modelOptions: model.options } : {}), ...(model.maxOutputTokens === undefined ? {} : { maxOutputTokens: model.maxOutputTokens }), suiteOptions: suite.options, repeat, repeats });

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
export const runJob = async (input: RunInput, model: RunModel, job: Job, stopped?: { code: ErrorCode; message: string }): Promise<CaseResult> => {
  const startedAt = input.date();
  const testCase: TestCase = job.testCase;
  let rendered: { messages: { role: 'system' | 'user' | 'assistant'; content: string }[]; text: string };
  try {
    rendered = renderPrompt(job.suite.prompt, testCase.vars);
  } catch (e) {
    return errorResult(baseOf(input, model, job, '', startedAt), 'bad-response', `gabarit de prompt : ${errorMessage(e)}`);
  }
  // Scoring happens here, on this machine: it sees the request as written, not as masked.
  const originalPrompt = rendered.text;
  // Every request about this case (each attempt, each judge) crosses the same gate: policy, masking
  // of everything the provider is handed (messages, vars, reference), ledger line before sending.
  const gate = input.guard?.forCase(job.suite, testCase, job.repeat) ?? OPEN_GATE;
  let prepared: Prepared;
  try {
    prepared = gate.prepare(model, 'case', { messages: rendered.messages, vars: testCase.vars, ...(testCase.reference === undefined ? {} : { reference: testCase.reference }) });
  } catch (e) {
    const err = e instanceof HarnessError ? e : new HarnessError('policy-refused', errorMessage(e));
    return errorResult(baseOf(input, model, job, '', startedAt), err.code, err.message);
  }
  const unsent = baseOf(input, model, job, prepared.text, startedAt);
  if (stopped) return errorResult(unsent, stopped.code, `modèle arrêté : ${stopped.message}`);

  const params = mergeParams(model, job.suite, job.repeat, input.repeat);
  // What was asked of the model, recorded with each result (the same for every path below).
  const base = { ...unsent, params };
  const responseFormat = responseFormatFor(testCase.assert);
  const choices = choicesFor(testCase.assert);
  const cacheKey = input.cache && model.cacheIdentity !== undefined
    ? createHash('sha256').update(JSON.stringify([model.cacheIdentity, prepared.messages, prepared.vars, params, responseFormat ?? null, choices ?? null])).digest('hex')
    : undefined;
  let completion: Completion | undefined = cacheKey ? input.cache!.get(cacheKey) : undefined;
  const cached = completion !== undefined;
  let lastError: HarnessError | undefined;
  let energy: EnergyReading | undefined;
  if (!cached) {
    const energyToken = input.energy?.begin(model);
    const outcome = await withRetries(
      { modelId: model.id, ...(model.timeoutMs ? { timeoutMs: model.timeoutMs } : {}), ...(model.maxRetries !== undefined ? { maxRetries: model.maxRetries } : {}), abortSignal: input.abortSignal, ...(input.backoff ? { backoff: input.backoff } : {}) },
      (signal) =>
        gate.send(model, 'case', prepared, () =>
          choices && model.provider.scoreChoices
            ? pickByLikelihood(model.provider, prepared.text, choices, signal, input.now)
            : model.provider.complete({
                messages: prepared.messages,
                prompt: prepared.text,
                params,
                signal,
                ...(responseFormat ? { responseFormat } : {}),
                // Providers render templates (http body, rag question, command input) from these masked values only.
                case: { id: testCase.id, vars: prepared.vars, ...(prepared.reference === undefined ? {} : { reference: prepared.reference }) },
              }),
        ),
    );
    if (outcome.ok) completion = outcome.value;
    else lastError = outcome.error;
    if (input.energy) {
      energy = input.energy.end(energyToken, completion ? { outputTokens: completion.usage?.outputTokens ?? null, latencyMs: completion.timings.totalMs } : null);
    }
  }
  if (completion && cacheKey && !cached) input.cache!.set(cacheKey, completion);
  // Placeholders the model repeated get their values back, so scoring sees the real data.
  if (completion && prepared.redactions > 0) completion = { ...completion, text: prepared.restore(completion.text) };
  if (!completion) {
    const err = lastError ?? new HarnessError('provider-error', 'échec sans message');
    return { ...errorResult(base, err.code, err.hint ? `${err.message} (${err.hint})` : err.message), ...(energy ? { energy } : {}) };
  }

  const ctx: ScoreContext = {
    vars: testCase.vars,
    ...(testCase.reference === undefined ? {} : { reference: testCase.reference }),
    prompt: originalPrompt,
    latencyMs: completion.timings.totalMs,
    ...(completion.contexts ? { contexts: completion.contexts } : {}),
  };
  const judges = input.judgesFor?.(job.suite) ?? [];
  const judge = input.judges ? createJudgeAsker(input, job.suite, testCase, gate) : undefined;
  if (judge) Object.assign(ctx, { judges, askJudge: judge.ask });
  const evaluation = await input.evaluate(testCase.assert, completion.text, ctx, testCase.threshold);
  const usage = completion.usage;
  const speed = tokensPerSecond(completion);
  const extras = {
    ...(completion.truncated ? { truncated: true as const } : {}),
    ...(speed === undefined ? {} : { tokensPerS: speed }), ...(judge && judge.usage.calls > 0 ? { judgeUsage: judge.usage } : {}), ...(energy ? { energy } : {}) };
  // A scorer that could not give a verdict (judge unavailable or malformed) makes the case an error.
  const scoreError = evaluation.scores.find((s) => s.error)?.error;
  if (scoreError) {
    return { ...base, status: 'error', output: completion.text, scores: evaluation.scores, score: null, latencyMs: completion.timings.totalMs, ttftMs: completion.timings.ttftMs ?? null, tokens: usage ? { input: usage.inputTokens, output: usage.outputTokens, estimated: usage.estimated ?? false } : null, error: scoreError, ...extras };
  }
  return {
    ...base,
    ...extras,
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
