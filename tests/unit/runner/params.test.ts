/**
 * Every generation parameter is sent explicitly and recorded with the result: the suite's, else
 * the model's, else the harness's documented defaults; with the answer's speed and truncation.
 */
import { describe, expect, it } from 'vitest';
import type { CaseResult, Suite } from '../../../harness/core/types.js';
import type { Completion, CompletionRequest, Provider } from '../../../harness/providers/types.js';
import { DEFAULT_GENERATION_PARAMS, generationParams } from '../../../harness/runner/params.js';
import { runPlan, type RunModel } from '../../../harness/runner/run.js';
import { tokensPerSecond } from '../../../harness/runner/throughput.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';

const suite = (options: Suite['options']): Suite => ({
  id: 's',
  title: 's',
  community: 'c',
  classification: 'public',
  prompt: { kind: 'template', template: 'Q {{q}}' },
  options,
  cases: [{ id: 'c1', vars: { q: '1' }, assert: [], source: { file: 's.yaml', line: 1 } }],
  file: '/x/s.yaml',
  hash: 'h',
});

const runWith = async (s: Suite, m: Partial<RunModel>, answer: Completion, repeat = 1) => {
  const seen: CompletionRequest['params'][] = [];
  const provider: Provider = { id: 'm', hosting: 'on-prem', complete: async (req) => (seen.push(req.params), answer) };
  const results: CaseResult[] = [];
  await runPlan({
    runId: 'r', suites: [s], models: [{ id: 'm', hosting: 'on-prem', providerName: 'fake', provider, ...m }], repeat,
    evaluate: async () => ({ scores: [], score: 1, pass: true }),
    reporters: [{ onCaseResult: (r) => void results.push(r) }],
    stopSignal: new AbortController().signal, abortSignal: new AbortController().signal,
    now: () => performance.now(), date: () => new Date('2026-12-04T10:00:00Z'),
  });
  return { seen, results };
};

const ANSWER: Completion = { text: 'ok', usage: { inputTokens: 5, outputTokens: 11 }, timings: { ttftMs: 100, totalMs: 600 } };

describe('generation parameters', () => {
  it('are the harness defaults when neither suite nor model says anything: greedy, bounded, seeded', async () => {
    expect(DEFAULT_GENERATION_PARAMS).toEqual({ temperature: 0, maxTokens: 512, seed: 0 });
    const { seen, results } = await runWith(suite({}), {}, ANSWER);
    expect(seen).toEqual([{ temperature: 0, maxTokens: 512, seed: 0 }]);
    expect(results[0]!.params).toEqual({ temperature: 0, maxTokens: 512, seed: 0 });
  });

  it('take the suite’s over the model’s, stop sequences included, and the model’s ceiling last', async () => {
    const { seen, results } = await runWith(suite({ temperature: 0.7, stop: ['FIN'], maxTokens: 900 }), { options: { temperature: 0.2, seed: 9 }, maxOutputTokens: 64 }, ANSWER);
    expect(seen[0]).toEqual({ temperature: 0.7, maxTokens: 64, seed: 9, stop: ['FIN'] });
    expect(results[0]!.params).toEqual(seen[0]);
  });

  it('give each repeat its own seed, from the configured one', () => {
    const seeds = [1, 2, 3].map((repeat) => generationParams({ suiteOptions: { seed: 40 }, repeat, repeats: 3 }).seed);
    expect(seeds).toEqual([40, 41, 42]);
  });
});

describe('speed and truncation of an answer', () => {
  it('tokens/s counts the tokens after the first over the time after the first', () => {
    expect(tokensPerSecond(ANSWER)).toBe(20); // 10 tokens in 0.5 s
    expect(tokensPerSecond({ ...ANSWER, usage: { inputTokens: 5, outputTokens: 11, estimated: true } })).toBeUndefined();
    expect(tokensPerSecond({ ...ANSWER, timings: { totalMs: 600 } })).toBeUndefined();
    expect(tokensPerSecond({ ...ANSWER, usage: { inputTokens: 5, outputTokens: 1 } })).toBeUndefined();
  });

  it('are recorded in the result and counted in the summary cell', async () => {
    const { results } = await runWith(suite({}), {}, { ...ANSWER, truncated: true });
    expect(results[0]).toMatchObject({ truncated: true, tokensPerS: 20 });
    const collector = createSummaryCollector();
    collector.add(results[0]!);
    collector.add({ ...results[0]!, truncated: undefined, tokensPerS: 30 } as CaseResult);
    const [cell] = collector.cells();
    expect(cell).toMatchObject({ truncated: 1, tokensPerS: { p50: 25, n: 2 } });
  });
});
