/**
 * One list of expectations, run against every observatory store: SQLite on a real file, the
 * in-memory one, and PostgreSQL on a real throwaway server (tests/helpers/postgres.ts). Same
 * records back, same order, same replace-on-write, same query answers.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importRunFolder } from '../../harness/store/observatory/import.js';
import { createMemoryStore } from '../../harness/store/observatory/memory.js';
import { createPostgresStore } from '../../harness/store/observatory/postgres.js';
import { communityTrends, egressTrend, latestCells, modelTrends, runHeadlines, suiteChanges } from '../../harness/store/observatory/queries.js';
import { createSqliteStore } from '../../harness/store/observatory/sqlite.js';
import type { CaseRecord, CellRecord, ObservatoryStore, RunBundle } from '../../harness/store/observatory/types.js';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { cases, tempDir, writeRunFolder } from '../unit/observatory/build-run.js';

const noPostgres = skipWithoutPostgres();
let server: TestPostgres | undefined;
beforeAll(async () => {
  if (!noPostgres) server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const BACKENDS: Record<string, () => Promise<ObservatoryStore>> = {
  sqlite: async () => createSqliteStore(join(tempDir('bas-contract-db-'), 'observatoire.db')),
  memory: async () => createMemoryStore(),
  postgres: async () => createPostgresStore(await server!.createDatabase()),
};
const NAMES = Object.keys(BACKENDS).filter((n) => n !== 'postgres' || !noPostgres);

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
const snapshot = async (s: ObservatoryStore) => {
  const out = [];
  for (const r of await s.listRuns()) {
    out.push({ r, suites: await s.suites(r.runId), models: await s.models(r.runId), cells: await s.cells({ runId: r.runId }), cases: await s.caseResults(r.runId), egress: await s.egress(r.runId) });
  }
  return out;
};
describe.each(NAMES)('observatory store: %s', (name) => {
  let store: ObservatoryStore;
  beforeEach(async () => {
    store = await BACKENDS[name]!();
  });
  afterEach(async () => {
    await store.close();
  });

  it('starts empty', async () => {
    expect(await store.listRuns()).toEqual([]);
    expect(await store.getRun('x')).toBeUndefined();
    expect(await store.cells()).toEqual([]);
    expect(await store.caseResults('x')).toEqual([]);
    expect(await store.caseHistory('fr-es', 'c1')).toEqual([]);
    expect(await store.egress()).toEqual([]);
    expect(await store.deleteRun('x')).toBe(false);
  });

  it('gives back what was written, in its documented order', async () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    await store.putRun(b);
    expect(await store.getRun('r1')).toEqual(b.run);
    expect(await store.suites('r1')).toEqual(b.suites);
    expect(await store.models('r1')).toEqual(b.models);
    expect(await store.cells({ runId: 'r1' })).toEqual([b.cells[1], b.cells[0]]); // accuse before fr-es
    expect((await store.caseResults('r1')).map((c) => `${c.suiteId}/${c.caseId}`)).toEqual(['accuse/c1', 'accuse/c2', 'fr-es/c1', 'fr-es/c2']);
    expect(await store.caseResults('r1', { suite: 'fr-es' })).toHaveLength(2);
    expect(await store.caseResults('r1', { model: 'other' })).toEqual([]);
    const egress = await store.egress('r1');
    expect(egress.map((e) => e.classification)).toEqual([null, 'public']); // nulls first
    expect(egress[1]).toEqual(b.egress[0]);
  });

  it('orders text by byte order whatever the server locale', async () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    const ids = ['Zeta', 'alpha', 'Été', 'b-2', 'b_1'];
    await store.putRun({ ...b, suites: ids.map((suiteId) => ({ ...b.suites[0]!, suiteId })), cells: [], cases: [], egress: [] });
    expect((await store.suites('r1')).map((s) => s.suiteId)).toEqual([...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  });

  it('writing the same run twice changes nothing; writing it again with less replaces it whole', async () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    await store.putRun(b);
    const once = await snapshot(store);
    await store.putRun(b);
    expect(await snapshot(store)).toEqual(once);
    await store.putRun({ ...b, cells: b.cells.slice(0, 1), cases: [line('r1', 'fr-es', 'm1', 'c1')], egress: [] });
    expect(await store.cells()).toHaveLength(1);
    expect(await store.caseResults('r1')).toHaveLength(1);
    expect(await store.egress()).toEqual([]);
  });

  it('two writers of the same run at once leave one copy of it', async () => {
    const b = bundle('r1', '2026-01-10T08:00:00.000Z');
    await Promise.all([store.putRun(b), store.putRun(b), store.putRun(b)]);
    expect((await store.listRuns()).map((r) => r.runId)).toEqual(['r1']);
    expect(await store.caseResults('r1')).toHaveLength(4);
    expect(await store.egress()).toHaveLength(2);
  });

  it('keeps the last of duplicate case lines', async () => {
    await store.putRun(bundle('r1', '2026-01-10T08:00:00.000Z', {
      cases: [line('r1', 'fr-es', 'm1', 'c1', { status: 'error', score: null }), line('r1', 'fr-es', 'm1', 'c1', { status: 'passed' })],
    }));
    expect(await store.caseResults('r1')).toEqual([line('r1', 'fr-es', 'm1', 'c1', { status: 'passed' })]);
  });

  it('lists runs newest first and filters them by suite, model or community', async () => {
    await store.putRun(bundle('r2', '2026-02-01T08:00:00.000Z'));
    await store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    await store.putRun(bundle('r3', '2026-02-01T08:00:00.000Z', { cells: [cell('r3', 'fr-es', 'm2', 'traduction')] }));
    const ids = async (f?: Parameters<ObservatoryStore['listRuns']>[0]) => (await store.listRuns(f)).map((r) => r.runId);
    expect(await ids()).toEqual(['r3', 'r2', 'r1']);
    expect(await ids({ model: 'm2' })).toEqual(['r3']);
    expect(await ids({ community: 'assistants' })).toEqual(['r2', 'r1']);
    expect(await ids({ suite: 'nulle-part' })).toEqual([]);
    expect((await store.cells({ suite: 'fr-es' })).map((c) => `${c.runId}:${c.modelId}`)).toEqual(['r1:m1', 'r2:m1', 'r3:m2']);
    expect((await store.cells({ community: 'traduction', model: 'm1' })).map((c) => c.runId)).toEqual(['r1', 'r2']);
  });

  it('gives the history of one case across runs, oldest first, for one model or all', async () => {
    await store.putRun(bundle('r2', '2026-02-01T08:00:00.000Z', { cases: [line('r2', 'fr-es', 'm1', 'c1', { status: 'failed', score: 0 }), line('r2', 'fr-es', 'm0', 'c1')] }));
    await store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    const all = await store.caseHistory('fr-es', 'c1');
    expect(all.map((c) => `${c.runId}:${c.modelId}:${c.status}`)).toEqual(['r1:m1:passed', 'r2:m0:passed', 'r2:m1:failed']);
    expect((await store.caseHistory('fr-es', 'c1', { model: 'm1' })).map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(await store.caseHistory('fr-es', 'inconnu')).toEqual([]);
  });

  it('deletes a run with all its rows', async () => {
    await store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    await store.putRun(bundle('r2', '2026-01-02T08:00:00.000Z'));
    expect(await store.deleteRun('r1')).toBe(true);
    expect(await store.getRun('r1')).toBeUndefined();
    expect([await store.suites('r1'), await store.models('r1'), await store.caseResults('r1'), await store.egress('r1')]).toEqual([[], [], [], []]);
    expect((await store.cells()).map((c) => c.runId)).toEqual(['r2', 'r2']);
  });

  it('hands out copies: changing a returned record does not change the store', async () => {
    await store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    const run = (await store.getRun('r1'))!;
    (run.machine as Record<string, unknown>).os = 'changé';
    ((await store.cells())[1]!.intervals as { passRate: number[] }).passRate[0] = 42;
    expect((await store.getRun('r1'))!.machine).toEqual({ os: 'Linux', cpuCount: 2 });
    expect((await store.cells())[1]!.intervals).toEqual({ passRate: [0.1, 0.9] });
  });

  it('answers the observatory queries, per model, without the calibration baselines', async () => {
    await store.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
    await store.putRun(bundle('r2', '2026-02-01T08:00:00.000Z', {
      suites: [{ runId: 'r2', suiteId: 'fr-es', community: 'traduction', classification: 'public', sha256: 'ccc', cases: 4 }],
      models: [
        { runId: 'r2', modelId: 'm1', provider: 'ollama', hosting: 'local', identity: null },
        { runId: 'r2', modelId: 'reference', provider: 'reference', hosting: 'local', identity: null },
      ],
      cells: [cell('r2', 'fr-es', 'm1', 'traduction', { n: 4, passed: 4, failed: 0, passRate: 1 }), cell('r2', 'fr-es', 'reference', 'traduction', { n: 4, passed: 0, failed: 4, passRate: 0 })],
      cases: [], egress: [],
    }));
    const [newest, oldest] = await runHeadlines(store);
    expect(newest!.run.runId).toBe('r2');
    expect(newest!.models).toEqual(['m1']);
    expect(newest!.calibration).toEqual(['reference']);
    expect(newest!.perModel.map((m) => [m.modelId, m.figures.passRate])).toEqual([['m1', 1]]);
    expect(newest!.perModel[0]!.figures.latencyP50Ms).toBe(100); // one cell, no case lines: its own p50
    expect(oldest!.perModel[0]!.figures).toEqual({
      n: 4, passed: 2, failed: 2, errors: 0, passRate: 0.5, meanScore: 0.6667, latencyP50Ms: 200, energyWhPerCase: expect.closeTo(0.003, 12),
      gCo2ePerCase: expect.closeTo(0.00015, 12), passRateInterval: [expect.closeTo(0.15, 2), expect.closeTo(0.85, 2)], energyMethods: ['rapl'],
    });
    expect(oldest!.communities).toEqual(['assistants', 'traduction']);
    expect((await runHeadlines(store, { community: 'assistants' })).map((h) => [h.run.runId, h.perModel[0]!.figures.n])).toEqual([['r1', 2]]);
    const trad = await communityTrends(store, { community: 'traduction' });
    expect(trad.map((p) => [p.runId, p.community, p.modelId, p.figures.passRate])).toEqual([['r1', 'traduction', 'm1', 0.5], ['r2', 'traduction', 'm1', 1]]);
    expect(trad[0]!.egress).toEqual([{ classification: 'public', cases: 2, bytes: 900 }]);
    expect((await communityTrends(store)).map((p) => `${p.community}/${p.modelId}@${p.runId}`)).toEqual(['assistants/m1@r1', 'traduction/m1@r1', 'traduction/m1@r2']);
    expect((await modelTrends(store, { model: 'm1' })).map((p) => p.figures.n)).toEqual([4, 4]);
    expect((await modelTrends(store)).map((p) => p.modelId)).toEqual(['m1', 'm1']); // never the reference baseline
    expect(await suiteChanges(store)).toEqual([{ runId: 'r2', createdAt: '2026-02-01T08:00:00.000Z', suiteId: 'fr-es', community: 'traduction', before: 'bbb', after: 'ccc' }]);
    expect((await latestCells(store)).map((c) => `${c.suiteId}/${c.modelId}@${c.runId}`)).toEqual(['accuse/m1@r1', 'fr-es/m1@r2', 'fr-es/reference@r2']);
    expect(await egressTrend(store)).toEqual([
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
    const once = await snapshot(store);
    await importRunFolder(store, dir);
    expect(await snapshot(store)).toEqual(once);
    expect(await store.getRun(first.runId)).toMatchObject({ who: 'cheffe', complete: true, harnessVersion: '0.1.0', runDir: dir });
    expect((await store.cells({ suite: 'fr-es' }))[0]).toMatchObject({ n: 4, passed: 3, passRate: 0.75, community: 'communauté-fr-es' });
    expect(await store.egress()).toEqual([{ runId: first.runId, host: 'api.mistral.ai', classification: 'public', suiteId: 'fr-es', modelId: 'mistral', cases: 4, bytes: 2048 }]);
  });
});

describe('observatory stores agree', () => {
  it('hold the same thing after the same writes', async () => {
    const stores = await Promise.all(NAMES.map((n) => BACKENDS[n]!()));
    for (const s of stores) {
      await s.putRun(bundle('r1', '2026-01-01T08:00:00.000Z'));
      await s.putRun(bundle('r0', '2026-01-01T08:00:00.000Z'));
      await s.putRun(bundle('r1', '2026-01-03T08:00:00.000Z'));
    }
    const [first, ...others] = stores;
    for (const o of others) {
      expect(await snapshot(o)).toEqual(await snapshot(first!));
      expect(await o.egress()).toEqual(await first!.egress());
    }
    for (const s of stores) await s.close();
  });
});
