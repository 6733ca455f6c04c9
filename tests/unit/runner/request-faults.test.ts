/**
 * The runner's side of a request's own fault (prompt too long for the server's context): the case
 * ends as an input error after one attempt, and however many such cases come in a row, the circuit
 * breaker stays closed, so the next suite runs in full.
 */
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import type { CaseResult, Suite } from '../../../harness/core/types.js';
import type { Provider } from '../../../harness/providers/types.js';
import { BREAKER_THRESHOLD, runPlan } from '../../../harness/runner/run.js';
import { withRetries } from '../../../harness/runner/attempts.js';

const suite = (id: string, n: number, q: (i: number) => string): Suite => ({
  id,
  title: id,
  community: 'test',
  classification: 'public',
  prompt: { kind: 'template', template: '{{q}}' },
  options: {},
  cases: Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, vars: { q: q(i) }, reference: 'ok', assert: [], source: { file: `${id}.yaml`, line: i + 1 } })),
  file: `/x/${id}.yaml`,
  hash: 'h',
});

const CONTEXT = 'request (1212 tokens) exceeds the available context size (1024 tokens), try increasing it';

describe('a request’s own fault in the runner', () => {
  it('is not retried', async () => {
    let calls = 0;
    const outcome = await withRetries({ modelId: 'm', maxRetries: 3, abortSignal: new AbortController().signal, backoff: { baseMs: 1, maxMs: 1, random: () => 0 } }, async () => {
      calls++;
      throw new HarnessError('invalid-input', `m : invite trop longue (HTTP 400) — ${CONTEXT}`);
    });
    expect(calls).toBe(1);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('never opens the circuit breaker: a suite of prompts too long, then a suite that fits, complete', async () => {
    const asked: string[] = [];
    const provider: Provider = {
      id: 'llama-server',
      hosting: 'on-prem',
      complete: async (req) => {
        asked.push(req.prompt);
        if (req.prompt.startsWith('LONG')) throw new HarnessError('invalid-input', `llama-server : invite trop longue (HTTP 400) — ${CONTEXT}`);
        return { text: 'ok', timings: { totalMs: 3, ttftMs: 1 }, usage: { inputTokens: 2, outputTokens: 1 } };
      },
    };
    const results: CaseResult[] = [];
    const stopped: string[] = [];
    const tooLong = BREAKER_THRESHOLD * 2;
    await runPlan({
      runId: 'r',
      suites: [suite('extraction-courrier', tooLong, (i) => `LONG ${i}`), suite('falc', 6, (i) => `court ${i}`)],
      models: [{ id: 'llama-server', hosting: 'on-prem', providerName: 'openai-compatible', provider, maxRetries: 3 }],
      repeat: 1,
      evaluate: async (_a, output) => ({ scores: [], score: output === 'ok' ? 1 : 0, pass: output === 'ok' }),
      reporters: [{ onCaseResult: (r) => void results.push(r), onModelStopped: (m, why) => void stopped.push(`${m}: ${why}`) }],
      stopSignal: new AbortController().signal,
      abortSignal: new AbortController().signal,
      now: () => performance.now(),
      date: () => new Date('2026-12-04T10:00:00Z'),
      backoff: { baseMs: 1, maxMs: 1, random: () => 0 },
    });
    expect(stopped).toEqual([]);
    expect(asked).toHaveLength(tooLong + 6); // one attempt per case, no retry
    const first = results.filter((r) => r.suite === 'extraction-courrier');
    expect(first.every((r) => r.status === 'error' && r.error.code === 'invalid-input' && r.error.message.includes(CONTEXT))).toBe(true);
    const second = results.filter((r) => r.suite === 'falc');
    expect(second.map((r) => r.status)).toEqual(Array(6).fill('passed'));
  });
});
