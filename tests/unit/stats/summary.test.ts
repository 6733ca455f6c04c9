import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../../harness/core/types.js';
import { percentile } from '../../../harness/stats/percentile.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';

const result = (model: string, status: CaseResult['status'], latencyMs: number | null, score: number | null): CaseResult =>
  ({
    runId: 'r', suite: 's', community: 'c', caseId: `${Math.random()}`, model, repeat: 1, vars: {}, reference: null, prompt: '',
    latencyMs, ttftMs: latencyMs === null ? null : latencyMs / 2, tokens: latencyMs === null ? null : { input: 10, output: 5, estimated: false },
    source: { file: 'f', line: 1 }, startedAt: '',
    ...(status === 'error'
      ? { status, output: null, scores: [], score: null, error: { code: 'timeout', message: 't' } }
      : { status, output: 'o', scores: [], score, error: null }),
  }) as CaseResult;

describe('summary', () => {
  it('interpolates percentiles between ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([], 50)).toBeNull();
  });

  it('aggregates cells: errors count against the pass rate, scores average over scored results', () => {
    const c = createSummaryCollector();
    for (const r of [result('m', 'passed', 100, 1), result('m', 'failed', 200, 0.5), result('m', 'error', null, null), result('n', 'passed', 10, 1)]) c.add(r);
    const [m, n] = c.cells();
    expect(m).toMatchObject({ model: 'm', n: 3, passed: 1, failed: 1, errors: 1, passRate: 0.3333, meanScore: 0.75, latencyMs: { p50: 150, p95: 195 }, ttftMs: { p50: 75 }, tokens: { input: 20, output: 10, estimated: false } });
    expect(n).toMatchObject({ model: 'n', n: 1, passRate: 1 });
    const s = c.summary('r', 'start', { finishedAt: 'end', durationMs: 12.6, complete: true, interrupted: false });
    expect(s.totals).toEqual({ n: 4, passed: 2, failed: 1, errors: 1 });
    expect(s.durationMs).toBe(13);
  });
});
