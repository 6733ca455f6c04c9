import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import type { CaseResult, Suite } from '../../../harness/core/types.js';
import type { CompletionRequest, Provider } from '../../../harness/providers/types.js';
import { runPlan, type EvaluateCase, type RunModel } from '../../../harness/runner/run.js';
import { jobKey } from '../../../harness/runner/plan.js';

const suite = (id: string, n: number): Suite => ({
  id,
  title: id,
  community: 'test',
  classification: 'public',
  prompt: { kind: 'template', template: 'Q {{q}}' },
  options: { temperature: 0 },
  cases: Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, vars: { q: String(i + 1) }, reference: String(i + 1), assert: [], source: { file: `${id}.yaml`, line: i + 1 } })),
  file: `/x/${id}.yaml`,
  hash: 'h',
});

/** Passes when the output equals the reference: enough to exercise the runner. */
const evaluate: EvaluateCase = async (_a, output, ctx) => {
  const pass = output === ctx.reference;
  return { scores: [{ type: 'equals', value: pass ? 1 : 0, pass, reason: '' }], score: pass ? 1 : 0, pass };
};

const model = (id: string, complete: (req: CompletionRequest) => Promise<string>, extra: Partial<RunModel> = {}): RunModel => {
  const provider: Provider = {
    id,
    hosting: 'on-prem',
    complete: async (req) => ({ text: await complete(req), timings: { totalMs: 5, ttftMs: 1 }, usage: { inputTokens: 3, outputTokens: 1 } }),
  };
  return { id, hosting: 'on-prem', providerName: 'fake', provider, maxRetries: 3, ...extra };
};

const run = async (models: RunModel[], suites: Suite[], opts: { repeat?: number; stop?: AbortController; done?: Set<string> } = {}) => {
  const results: CaseResult[] = [];
  const stopped: string[] = [];
  const stop = opts.stop ?? new AbortController();
  const end = await runPlan({
    runId: 'r1',
    suites,
    models,
    repeat: opts.repeat ?? 1,
    evaluate,
    reporters: [{ onCaseResult: (r) => void results.push(r), onModelStopped: (m, why) => void stopped.push(`${m}: ${why}`) }],
    stopSignal: stop.signal,
    abortSignal: new AbortController().signal,
    now: () => performance.now(),
    date: () => new Date('2026-11-29T10:00:00Z'),
    backoff: { baseMs: 1, maxMs: 2, random: () => 0.5 },
    ...(opts.done ? { done: opts.done } : {}),
  });
  return { results, stopped, end };
};

describe('runPlan', () => {
  it('produces exactly one result per case × model × repeat, with distinct seeds per repeat', async () => {
    const seeds: (number | undefined)[] = [];
    const m = model('m', async (req) => {
      seeds.push(req.params.seed);
      return req.prompt.slice(2);
    });
    const { results, end } = await run([m], [suite('s', 4)], { repeat: 3 });
    expect(results).toHaveLength(12);
    expect(new Set(results.map((r) => jobKey(r.suite, r.caseId, r.model, r.repeat))).size).toBe(12);
    expect(results.every((r) => r.status === 'passed' && r.latencyMs === 5 && r.ttftMs === 1)).toBe(true);
    expect(new Set(seeds)).toEqual(new Set([0, 1, 2]));
    expect(end.complete).toBe(true);
  });

  it('retries transient failures (honouring Retry-After) and records the final outcome only', async () => {
    let calls = 0;
    const m = model('m', async (req) => {
      calls++;
      if (calls % 2 === 1) throw new HarnessError('rate-limited', 'trop de requêtes', { retryAfterS: 0.001 });
      return req.prompt.slice(2);
    });
    const { results } = await run([m], [suite('s', 3)]);
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(calls).toBe(6);
  });

  it('gives up after maxRetries and records an error with the code', async () => {
    const m = model('m', async () => { throw new HarnessError('provider-error', 'HTTP 500'); }, { maxRetries: 2 });
    const { results } = await run([m], [suite('s', 1)]);
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'provider-error', message: 'HTTP 500' } });
  });

  it('stops a model at the first auth failure and lets the others go on', async () => {
    let badCalls = 0;
    const bad = model('bad', async () => { badCalls++; throw new HarnessError('auth', 'accès refusé', { hint: 'vérifiez ALBERT_API_KEY' }); });
    const good = model('good', async (req) => req.prompt.slice(2));
    const { results, stopped } = await run([bad, good], [suite('s', 5)]);
    expect(badCalls).toBe(1);
    expect(stopped).toEqual([expect.stringContaining('bad: accès refusé')]);
    expect(results.filter((r) => r.model === 'bad').every((r) => r.status === 'error' && r.error?.code === 'auth')).toBe(true);
    expect(results.filter((r) => r.model === 'good').every((r) => r.status === 'passed')).toBe(true);
    expect(results).toHaveLength(10);
  });

  it('opens the circuit after consecutive failures instead of hammering a dead model', async () => {
    let calls = 0;
    const dead = model('dead', async () => { calls++; throw new HarnessError('unreachable', 'injoignable'); });
    const { results, stopped } = await run([dead], [suite('s', 20)]);
    expect(calls).toBe(5);
    expect(stopped).toHaveLength(1);
    expect(results).toHaveLength(20);
  });

  it('respects the model’s concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const m = model('m', async (req) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return req.prompt.slice(2);
    }, { concurrency: 3 });
    await run([m], [suite('s', 12)]);
    expect(peak).toBe(3);
  });

  it('stops scheduling when asked and skips what is already done', async () => {
    const stop = new AbortController();
    let calls = 0;
    const m = model('m', async (req) => {
      if (++calls === 3) stop.abort();
      return req.prompt.slice(2);
    });
    const first = await run([m], [suite('s', 10)], { stop });
    expect(first.results).toHaveLength(3);
    expect(first.end.interrupted).toBe(true);
    const done = new Set(first.results.map((r) => jobKey(r.suite, r.caseId, r.model, r.repeat)));
    const second = await run([m], [suite('s', 10)], { done });
    expect(second.results.map((r) => r.caseId)).toEqual(['c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']);
  });

  it('turns a model’s timeout into a timeout error', async () => {
    const slow: RunModel = {
      ...model('slow', async () => ''),
      timeoutMs: 20,
      maxRetries: 0,
      provider: {
        id: 'slow',
        hosting: 'on-prem',
        complete: (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new HarnessError('cancelled', 'annulé')))),
      },
    };
    const { results } = await run([slow], [suite('s', 1)]);
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'timeout' } });
  });

  it('runs a model only on the suites it is restricted to', async () => {
    const m = model('m', async (req) => req.prompt.slice(2), { suites: ['b'] });
    const { results } = await run([m], [suite('a', 2), suite('b', 3)]);
    expect(new Set(results.map((r) => r.suite))).toEqual(new Set(['b']));
  });

  it('answers multiple choice by log-likelihood when the provider can score continuations', async () => {
    const asked: string[][] = [];
    const m: RunModel = {
      ...model('ll', async () => 'jamais appelé'),
      provider: {
        id: 'll',
        hosting: 'local',
        complete: async () => { throw new Error('complete must not be called for a choice case'); },
        scoreChoices: async ({ choices }) => {
          asked.push(choices);
          return choices.map((c) => (c === ' park.' ? -1.7 : -11));
        },
      },
    };
    const s = suite('mc', 1);
    s.cases[0] = { ...s.cases[0]!, reference: ' park.', assert: [{ type: 'choice', value: [' spaceship.', ' park.'] }] };
    const { results } = await run([m], [s]);
    expect(asked).toEqual([[' spaceship.', ' park.']]);
    expect(results[0]).toMatchObject({ status: 'passed', output: ' park.' });
    expect(results[0]!.backendTimings).toMatchObject({ 'logLikelihood: park.': -1.7 });
  });
});
