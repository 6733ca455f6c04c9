/** Builds CaseResult lines for the statistics tests: only the fields the statistics read matter. */
import type { CaseResult } from '../../../harness/core/types.js';

export type ResultSpec = {
  suite?: string;
  community?: string;
  caseId: string;
  model: string;
  repeat?: number;
  status: CaseResult['status'];
  score?: number | null;
  latencyMs?: number | null;
  /** undefined: no energy reading at all; null: reading with unknown joules. */
  joules?: number | null;
  measured?: boolean;
};

export const makeResult = (s: ResultSpec): CaseResult => {
  const base = {
    runId: 'run', suite: s.suite ?? 'suite', community: s.community ?? 'communaute', caseId: s.caseId, model: s.model,
    repeat: s.repeat ?? 1, vars: {}, reference: null, prompt: 'p', latencyMs: s.latencyMs ?? 100, ttftMs: null, tokens: null,
    source: { file: 'suite.yaml', line: 1 }, startedAt: '2025-01-01T00:00:00Z',
    ...(s.joules === undefined ? {} : { energy: { joules: s.joules, method: 'test', measured: s.measured ?? false } }),
  };
  if (s.status === 'error') return { ...base, status: 'error', output: null, scores: [], score: null, error: { code: 'timeout', message: 'délai dépassé' } };
  return { ...base, status: s.status, output: 'o', scores: [], score: s.score === undefined ? (s.status === 'passed' ? 1 : 0) : s.score, error: null };
};
