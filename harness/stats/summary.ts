/**
 * Aggregates results into suite × model cells as they stream in. Keeps only numbers per result
 * (latencies for percentiles), never outputs, so memory stays small for large runs.
 */
import type { CaseResult, RunSummary, SummaryCell } from '../core/types.js';
import type { RunEnd } from '../runner/events.js';
import { percentile } from './percentile.js';

type CellState = {
  suite: string;
  community: string;
  model: string;
  n: number;
  passed: number;
  failed: number;
  errors: number;
  scoreSum: number;
  scored: number;
  latencies: number[];
  ttfts: number[];
  tokensIn: number;
  tokensOut: number;
  estimated: boolean;
};

const round = (x: number | null, digits = 4): number | null => (x === null ? null : Number(x.toFixed(digits)));

export const createSummaryCollector = () => {
  const cells = new Map<string, CellState>();
  const order: string[] = [];
  return {
    add(r: CaseResult): void {
      const key = JSON.stringify([r.suite, r.model]);
      let c = cells.get(key);
      if (!c) {
        c = { suite: r.suite, community: r.community, model: r.model, n: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, scored: 0, latencies: [], ttfts: [], tokensIn: 0, tokensOut: 0, estimated: false };
        cells.set(key, c);
        order.push(key);
      }
      c.n++;
      if (r.status === 'passed') c.passed++;
      else if (r.status === 'failed') c.failed++;
      else c.errors++;
      if (r.score !== null) {
        c.scoreSum += r.score;
        c.scored++;
      }
      if (r.latencyMs !== null) c.latencies.push(r.latencyMs);
      if (r.ttftMs !== null) c.ttfts.push(r.ttftMs);
      if (r.tokens) {
        c.tokensIn += r.tokens.input;
        c.tokensOut += r.tokens.output;
        c.estimated ||= r.tokens.estimated;
      }
    },
    cells(): SummaryCell[] {
      return [...order]
        .sort()
        .map((k) => cells.get(k)!)
        .map((c) => {
          const lat = [...c.latencies].sort((a, b) => a - b);
          const ttft = [...c.ttfts].sort((a, b) => a - b);
          return {
            suite: c.suite,
            community: c.community,
            model: c.model,
            n: c.n,
            passed: c.passed,
            failed: c.failed,
            errors: c.errors,
            // Errors count as not passed: a model that cannot answer does not get the benefit of the doubt.
            passRate: c.n === 0 ? null : round(c.passed / c.n),
            meanScore: c.scored === 0 ? null : round(c.scoreSum / c.scored),
            latencyMs: { p50: round(percentile(lat, 50), 1), p95: round(percentile(lat, 95), 1) },
            ttftMs: { p50: round(percentile(ttft, 50), 1), p95: round(percentile(ttft, 95), 1) },
            tokens: { input: c.tokensIn, output: c.tokensOut, estimated: c.estimated },
          };
        });
    },
    summary(runId: string, startedAt: string, end: Omit<RunEnd, 'runId'>): RunSummary {
      const cells = this.cells();
      const totals = cells.reduce(
        (t, c) => ({ n: t.n + c.n, passed: t.passed + c.passed, failed: t.failed + c.failed, errors: t.errors + c.errors }),
        { n: 0, passed: 0, failed: 0, errors: 0 },
      );
      return { runId, startedAt, finishedAt: end.finishedAt, durationMs: Math.round(end.durationMs), complete: end.complete, interrupted: end.interrupted, cells, totals };
    },
  };
};
export type SummaryCollector = ReturnType<typeof createSummaryCollector>;
