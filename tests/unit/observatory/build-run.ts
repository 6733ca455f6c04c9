/**
 * Builds run folders as `bac-a-sable run` writes them (manifest.json, results.jsonl, summary.json
 * from the real summary collector, optional egress.json), in a temporary directory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseResult, CaseStatus } from '../../../harness/core/types.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';

export type CaseSpec = {
  suite: string;
  model: string;
  caseId: string;
  status: CaseStatus;
  score?: number | null;
  latencyMs?: number | null;
  repeat?: number;
  joules?: number | null;
};

export type RunSpec = {
  runId: string;
  createdAt: string;
  who?: string;
  suites?: { id: string; community: string; classification?: string; sha256?: string }[];
  models?: { id: string; provider?: string; hosting?: string; details?: Record<string, unknown> }[];
  cases: CaseSpec[];
  /** false: no summary.json, as after a crash. */
  summary?: boolean;
  /** Extra fields merged into summary cells, keyed `suite/model`. */
  cellExtras?: Record<string, Record<string, unknown>>;
  carbonGPerKwh?: number;
  egress?: unknown;
  /** Appended raw to results.jsonl (torn or bad lines). */
  trailing?: string;
};

export const tempDir = (prefix = 'bas-obs-'): string => mkdtempSync(join(tmpdir(), prefix));

const communityOf = (spec: RunSpec, suite: string) => spec.suites?.find((s) => s.id === suite)?.community ?? `communauté-${suite}`;

export const resultOf = (spec: RunSpec, c: CaseSpec): CaseResult => {
  const base = {
    runId: spec.runId, suite: c.suite, community: communityOf(spec, c.suite), caseId: c.caseId, model: c.model, repeat: c.repeat ?? 1,
    vars: {}, reference: null, prompt: `question ${c.caseId}`, latencyMs: c.latencyMs ?? 100, ttftMs: null, tokens: null,
    source: { file: 'suite.yaml', line: 1 }, startedAt: spec.createdAt,
    ...(c.joules === undefined ? {} : { energy: { joules: c.joules, method: 'rapl', measured: true } }),
  };
  return c.status === 'error'
    ? { ...base, status: 'error', output: null, scores: [], score: null, error: { code: 'timeout', message: 'délai dépassé' } }
    : { ...base, status: c.status, output: 'réponse', scores: [], score: c.score === undefined ? (c.status === 'passed' ? 1 : 0) : c.score, error: null };
};

export const writeRunFolder = (root: string, spec: RunSpec): string => {
  const dir = join(root, spec.runId);
  mkdirSync(dir, { recursive: true });
  const suiteIds = [...new Set(spec.cases.map((c) => c.suite))];
  const modelIds = [...new Set(spec.cases.map((c) => c.model))];
  const manifest = {
    runId: spec.runId, createdAt: spec.createdAt, harness: { name: 'bac-a-sable', version: '0.1.0' },
    machine: { os: 'Linux', cpuCount: 2, hostname: 'poste-test' }, ...(spec.who ? { who: spec.who } : {}),
    suites: spec.suites ?? suiteIds.map((id) => ({ id, community: communityOf(spec, id), classification: 'public', sha256: `sha-${id}`, cases: 1 })),
    models: spec.models ?? modelIds.map((id) => ({ id, provider: 'ollama', hosting: 'local', details: {} })),
    skippedModels: [],
    ...(spec.carbonGPerKwh === undefined ? {} : { energy: { carbonIntensityGPerKwh: spec.carbonGPerKwh } }),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const results = spec.cases.map((c) => resultOf(spec, c));
  writeFileSync(join(dir, 'results.jsonl'), results.map((r) => `${JSON.stringify(r)}\n`).join('') + (spec.trailing ?? ''));
  if (spec.summary !== false) {
    const collector = createSummaryCollector(spec.carbonGPerKwh);
    for (const r of results) collector.add(r);
    const summary = collector.summary(spec.runId, spec.createdAt, { finishedAt: spec.createdAt, durationMs: 1000, complete: true, interrupted: false });
    const cells = summary.cells.map((c) => ({ ...c, ...(spec.cellExtras?.[`${c.suite}/${c.model}`] ?? {}) }));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...summary, cells }, null, 2));
  }
  if (spec.egress !== undefined) writeFileSync(join(dir, 'egress.json'), JSON.stringify(spec.egress));
  return dir;
};

/** `n` cases of one suite × model, passed when `pass(i)` says so. */
export const cases = (suite: string, model: string, n: number, pass: (i: number) => boolean, extra: Partial<CaseSpec> = {}): CaseSpec[] =>
  Array.from({ length: n }, (_, i) => ({ suite, model, caseId: `cas-${String(i + 1).padStart(3, '0')}`, status: pass(i) ? 'passed' : 'failed', ...extra }));
