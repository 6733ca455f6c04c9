/**
 * One list of expectations, run against every observatory store: SQLite on a real file and the
 * in-memory one. Same records back, same order, same replace-on-write, same query answers.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRunFolder } from '../../harness/store/observatory/import.js';
import { createMemoryStore } from '../../harness/store/observatory/memory.js';
import { communityTrends, egressTrend, latestCells, modelTrends, runHeadlines } from '../../harness/store/observatory/queries.js';
import { createSqliteStore } from '../../harness/store/observatory/sqlite.js';
import type { CaseRecord, CellRecord, ObservatoryStore, RunBundle } from '../../harness/store/observatory/types.js';
import { cases, tempDir, writeRunFolder } from '../unit/observatory/build-run.js';

const BACKENDS: Record<string, () => ObservatoryStore> = {
  sqlite: () => createSqliteStore(join(tempDir('bas-contract-db-'), 'observatoire.db')),
  memory: () => createMemoryStore(),
};

const cell = (runId: string, suiteId: string, modelId: string, community: string, over: Partial<CellRecord> = {}): CellRecord => ({
  runId, suiteId, modelId, community, n: 2, passed: 1, failed: 1, errors: 0, passRate: 0.5, meanScore: 0.5, latencyP50Ms: 100,
  latencyP95Ms: 190, ttftP50Ms: null, energyWhPerCase: null, energyMethod: null, gCo2ePerCase: null, intervals: null, ...over,
});

const line = (runId: string, suiteId: string, modelId: string, caseId: string, over: Partial<CaseRecord> = {}): CaseRecord => ({
  runId, suiteId, modelId, caseId, repeat: 1, status: 'passed', score: 1, latencyMs: 100, energyJoules: null, ...over,
});

const bundle = (runId: string, createdAt: string, over: Partial<RunBundle> = {}): RunBundle => ({
  run: {
    runId, createdAt, finishedAt: createdAt, harnessVersion: '0.1.0', who: 'cheffe', machine: { os: 'Linux', cpuCount: 2 },
    manifest: { runId, createdAt, plan: { models: ['m1'] } }, complete: true, interrupted: false, runDir: `/runs/${runId}`,
  },
  suites: [
    { runId, suiteId: 'accuse', community: 'assistants', classification: 'interne', sha256: 'aaa', cases: 2 },
    { runId, suiteId: 'fr-es', community: 'traduction', classification: 'public', sha256: 'bbb', cases: 2 },
  ],
  models: [{ runId, modelId: 'm1', provider: 'ollama', hosting: 'local', identity: { digest: 'sha256:1' } }],
  cells: [
    cell(runId, 'fr-es', 'm1', 'traduction', { energyWhPerCase: 0.002, energyMethod: 'rapl', gCo2ePerCase: 0.0001, intervals: { passRate: [0.1, 0.9] } }),
    cell(runId, 'accuse', 'm1', 'assistants', { energyWhPerCase: 0.004, energyMethod: 'rapl', gCo2ePerCase: 0.0002 }),
  ],
  cases: [
    line(runId, 'fr-es', 'm1', 'c2', { status: 'failed', score: 0, latencyMs: 300 }),
    line(runId, 'fr-es', 'm1', 'c1', { latencyMs: 100 }),
    line(runId, 'accuse', 'm1', 'c1', { latencyMs: 200, energyJoules: 14.4 }),
    line(runId, 'accuse', 'm1', 'c2', { status: 'error', score: null, latencyMs: null }),
  ],
  egress: [
    { runId, host: 'api.mistral.ai', classification: 'public', suiteId: 'fr-es', modelId: 'm1', cases: 2, bytes: 900 },
    { runId, host: 'api.mistral.ai', classification: null, suiteId: null, modelId: null, cases: 1, bytes: null },
  ],
  ...over,
});

/** Everything a store holds, in the order it gives it back. */
const snapshot = (s: ObservatoryStore) =>
  s.listRuns().map((r) => ({ r, suites: s.suites(r.runId), models: s.models(r.runId), cells: s.cells({ runId: r.runId }), cases: s.caseResults(r.runId), egress: s.egress(r.runId) }));

describe.each(Object.keys(BACKENDS))('observatory store: %s', (name) => {
  let store: ObservatoryStore;
  beforeEach(() => {
    store = BACKENDS[name]!();
  });
  afterEach(() => store.close());

  it('starts empty', () => {
    expect(store.listRuns()).toEqual([]);
    expect(store.getRun('x')).toBeUndefined();
    expect(store.cells()).toEqual([]);
    expect(store.caseResults('x')).toEqual([]);
    expect(store.egress()).toEqual([]);
    expect(store.deleteRun('x')).toBe(false);
  });

  it('gives back what was written, in its documented order', () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    store.putRun(b);
    expect(store.getRun('r1')).toEqual(b.run);
    expect(store.suites('r1')).toEqual(b.suites);
    expect(store.models('r1')).toEqual(b.models);
    expect(store.cells({ runId: 'r1' })).toEqual([b.cells[1], b.cells[0]]); // accuse before fr-es
    expect(store.caseResults('r1').map((c) => `${c.suiteId}/${c.caseId}`)).toEqual(['accuse/c1', 'accuse/c2', 'fr-es/c1', 'fr-es/c2']);
    expect(store.caseResults('r1', { suite: 'fr-es' })).toHaveLength(2);
    expect(store.caseResults('r1', { model: 'other' })).toEqual([]);
    expect(store.egress('r1').map((e) => e.classification)).toEqual([null, 'public']); // nulls first
    expect(store.egress('r1')[1]).toEqual(b.egress[0]);
  });

  it('writing the same run twice changes nothing; writing it again with less replaces it whole', () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    store.putRun(b);
    const once = snapshot(store);
    store.putRun(b);
    expect(snapshot(store)).toEqual(once);
    store.putRun({ ...b, cells: b.cells.slice(0, 1), cases: [line('r1', 'fr-es', 'm1', 'c1')], egress: [] });
    expect(store.cells()).toHaveLength(1);
    expect(store.caseResults('r1')).toHaveLength(1);
    expect(store.egress()).toEqual([]);
  });

  it('keeps the last of duplicate case lines', () => {
    store.putRun(bundle('r1', '2026-01-10T08:00:00.000Z', {
      cases: [line('r1', 'fr-es', 'm1', 'c1', { status: 'error', score: null }), line('r1', 'fr-es', 'm1', 'c1', { status: 'passed' })],
    }));
    expect(store.caseResults('r1')).toEqual([line('r1', 'fr-es', 'm1', 'c1', { status: 'passed' })]);
  });

  it('lists runs newest first and filters them by suite, model or community', () => {
    store.putRun(bundle('r2', '2026-02-01T08:00:00.000Z'));
    store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    store.putRun(bundle('r3', '2026-02-01T08:00:00.000Z', { cells: [cell('r3', 'fr-es', 'm2', 'traduction')] }));
    expect(store.listRuns().map((r) => r.runId)).toEqual(['r3', 'r2', 'r1']);
    expect(store.listRuns({ model: 'm2' }).map((r) => r.runId)).toEqual(['r3']);
    expect(store.listRuns({ community: 'assistants' }).map((r) => r.runId)).toEqual(['r2', 'r1']);
    expect(store.listRuns({ suite: 'nulle-part' })).toEqual([]);
    expect(store.cells({ suite: 'fr-es' }).map((c) => `${c.runId}:${c.modelId}`)).toEqual(['r1:m1', 'r2:m1', 'r3:m2']);
    expect(store.cells({ community: 'traduction', model: 'm1' }).map((c) => c.runId)).toEqual(['r1', 'r2']);
  });

  it('deletes a run with all its rows', () => {
    store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    store.putRun(bundle('r2', '2026-01-02T08:00:00.000Z'));
    expect(store.deleteRun('r1')).toBe(true);
    expect(store.getRun('r1')).toBeUndefined();
    expect([store.suites('r1'), store.models('r1'), store.caseResults('r1'), store.egress('r1')]).toEqual([[], [], [], []]);
    expect(store.cells().map((c) => c.runId)).toEqual(['r2', 'r2']);
  });

  it('hands out copies: changing a returned record does not change the store', () => {
    store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    const run = store.getRun('r1')!;
    (run.machine as Record<string, unknown>).os = 'changé';
    (store.cells()[1]!.intervals as { passRate: number[] }).passRate[0] = 42;
    expect(store.getRun('r1')!.machine).toEqual({ os: 'Linux', cpuCount: 2 });
    expect(store.cells()[1]!.intervals).toEqual({ passRate: [0.1, 0.9] });
  });

  it('answers the observatory queries', () => {
    store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    store.putRun(bundle('r2', '2026-02-01T08:00:00.000Z', { cells: [cell('r2', 'fr-es', 'm1', 'traduction', { n: 4, passed: 4, failed: 0, passRate: 1 })], cases: [], egress: [] }));
    const [newest, oldest] = runHeadlines(store);
    expect(newest!.run.runId).toBe('r2');
    expect(oldest!.figures).toEqual({
      n: 4, passed: 2, failed: 2, errors: 0, passRate: 0.5, meanScore: 0.6667, latencyP50Ms: 200, energyWhPerCase: expect.closeTo(0.003, 12), gCo2ePerCase: expect.closeTo(0.00015, 12),
    });
    expect(oldest!.communities).toEqual(['assistants', 'traduction']);
    expect(newest!.figures.latencyP50Ms).toBe(100); // one cell, no case lines: its own p50
    expect(runHeadlines(store, { community: 'assistants' }).map((h) => [h.run.runId, h.figures.n])).toEqual([['r1', 2]]);
    const trad = communityTrends(store, 'traduction');
    expect(trad.map((p) => [p.runId, p.figures.passRate])).toEqual([['r1', 0.5], ['r2', 1]]);
    expect(trad[0]!.egress).toEqual([{ classification: 'public', cases: 2, bytes: 900 }]);
    expect(communityTrends(store).map((p) => `${p.key}@${p.runId}`)).toEqual(['assistants@r1', 'traduction@r1', 'traduction@r2']);
    expect(modelTrends(store, 'm1').map((p) => p.figures.n)).toEqual([4, 4]);
    expect(latestCells(store).map((c) => `${c.suiteId}/${c.modelId}@${c.runId}`)).toEqual(['accuse/m1@r1', 'fr-es/m1@r2']);
    expect(egressTrend(store)).toEqual([
      { runId: 'r1', createdAt: '2026-01-01T08:00:00.000Z', egress: [{ classification: null, cases: 1, bytes: null }, { classification: 'public', cases: 2, bytes: 900 }] },
      { runId: 'r2', createdAt: '2026-02-01T08:00:00.000Z', egress: [] },
    ]);
  });

  it('indexes a run folder, and indexing it again changes nothing', async () => {
    const root = tempDir();
    const dir = writeRunFolder(root, {
      runId: '20260301-080000-abcd', createdAt: '2026-03-01T08:00:00.000Z', who: 'cheffe',
      cases: [...cases('fr-es', 'mistral', 4, (i) => i < 3), ...cases('accuse', 'mistral', 2, () => true)],
      egress: { runId: '20260301-080000-abcd', hosts: [{ host: 'api.mistral.ai', hosting: 'eu-cloud', models: ['mistral'], suites: ['fr-es'], cases: { public: 4 }, redactions: 0, bytes: 2048 }] },
    });
    const first = await importRunFolder(store, dir);
    expect(first).toEqual({ runId: '20260301-080000-abcd', cases: 6, cells: 2, skippedLines: 0, fromSummary: true });
    const once = snapshot(store);
    await importRunFolder(store, dir);
    expect(snapshot(store)).toEqual(once);
    expect(store.getRun(first.runId)).toMatchObject({ who: 'cheffe', complete: true, harnessVersion: '0.1.0', runDir: dir });
    expect(store.cells({ suite: 'fr-es' })[0]).toMatchObject({ n: 4, passed: 3, passRate: 0.75, community: 'communauté-fr-es' });
    expect(store.egress()).toEqual([{ runId: first.runId, host: 'api.mistral.ai', classification: 'public', suiteId: 'fr-es', modelId: 'mistral', cases: 4, bytes: 2048 }]);
  });
});

describe('observatory stores agree', () => {
  it('hold the same thing after the same writes', () => {
    const [a, b] = [BACKENDS.sqlite!(), BACKENDS.memory!()];
    for (const s of [a, b]) {
      s.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
      s.putRun(bundle('r0', '2026-01-01T08:00:00.000Z'));
      s.putRun(bundle('r1', '2026-01-03T08:00:00.000Z'));
    }
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(a.egress()).toEqual(b.egress());
    a.close();
    b.close();
  });
});
