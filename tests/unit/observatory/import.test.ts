import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { findRunFolders, importRunFolder, recordRun } from '../../../harness/store/observatory/import.js';
import { createMemoryStore } from '../../../harness/store/observatory/memory.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import { cases, resultOf, tempDir, writeRunFolder, type RunSpec } from './build-run.js';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  runId: '20260501-080000-cafe', createdAt: '2026-05-01T08:00:00.000Z',
  cases: [...cases('fr-es', 'mistral', 4, (i) => i !== 1), ...cases('accuse', 'mistral', 2, () => true)],
  ...over,
});

describe('indexing a run folder', () => {
  it('records the run from a real-looking folder, and recording it again changes nothing', async () => {
    const root = tempDir();
    const dir = writeRunFolder(root, spec({ who: 'c.martin' }));
    const db = join(root, 'observatoire.db');
    expect(await recordRun(db, dir)).toEqual({ runId: '20260501-080000-cafe', cases: 6, cells: 2, skippedLines: 0, fromSummary: true });
    await recordRun(db, dir);
    const store = createSqliteStore(db);
    expect((await store.listRuns())).toHaveLength(1);
    expect((await store.getRun('20260501-080000-cafe'))).toMatchObject({ who: 'c.martin', complete: true, interrupted: false, finishedAt: '2026-05-01T08:00:00.000Z' });
    expect((await store.caseResults('20260501-080000-cafe', { suite: 'fr-es' })).map((c) => c.status)).toEqual(['passed', 'failed', 'passed', 'passed']);
    expect((await store.models('20260501-080000-cafe'))).toEqual([{ runId: '20260501-080000-cafe', modelId: 'mistral', provider: 'ollama', hosting: 'local', identity: {} }]);
    await store.close();
  });

  it('rebuilds the cells from the result lines when summary.json is missing (a crashed run)', async () => {
    const dir = writeRunFolder(tempDir(), spec({ summary: false, trailing: '{"runId":"20260501-080000-cafe","suite":"fr-' }));
    const store = createMemoryStore();
    const r = await importRunFolder(store, dir);
    expect(r).toMatchObject({ fromSummary: false, cases: 6, cells: 2, skippedLines: 0 }); // the torn last line is not an error
    expect((await store.getRun(r.runId))).toMatchObject({ complete: false, interrupted: false, finishedAt: null });
    expect((await store.cells({ suite: 'fr-es' }))[0]).toMatchObject({ n: 4, passed: 3, failed: 1, passRate: 0.75, latencyP50Ms: 100 });
  });

  it('counts unreadable lines and keeps the last line of a case written twice', async () => {
    const s = spec();
    const dir = writeRunFolder(tempDir(), s);
    const again = resultOf(s, { suite: 'fr-es', model: 'mistral', caseId: 'cas-002', status: 'passed' });
    appendFileSync(join(dir, 'results.jsonl'), `pas du json\n{"suite":"fr-es"}\n${JSON.stringify(again)}\n`);
    const store = createMemoryStore();
    const r = await importRunFolder(store, dir);
    expect(r.skippedLines).toBe(2);
    expect(r.cases).toBe(6);
    expect((await store.caseResults(r.runId, { suite: 'fr-es' })).find((c) => c.caseId === 'cas-002')!.status).toBe('passed');
  });

  it('takes energy from the summary, or from the result lines, and carbon from the run’s intensity', async () => {
    const dir = writeRunFolder(tempDir(), spec({
      carbonGPerKwh: 50,
      cases: [...cases('fr-es', 'mistral', 2, () => true, { joules: 36 }), ...cases('accuse', 'mistral', 2, () => true)],
      cellExtras: { 'accuse/mistral': { energy: { whPerCase: 0.5, gCo2ePerCase: 0.02, methods: ['ecologits-0.9.1'], measured: false } } },
    }));
    const store = createMemoryStore();
    await importRunFolder(store, dir);
    const [accuse, fres] = (await store.cells());
    expect(accuse).toMatchObject({ energyWhPerCase: 0.5, gCo2ePerCase: 0.02, energyMethod: 'ecologits-0.9.1' });
    expect(fres).toMatchObject({ energyWhPerCase: 0.01, energyMethod: 'rapl' });
    expect(fres!.gCo2ePerCase).toBeCloseTo(0.0005, 12); // 0.01 Wh × 50 g/kWh
  });

  it('reads egress.json: cases per host and classification, bytes kept without inventing a split', async () => {
    const dir = writeRunFolder(tempDir(), spec({
      egress: {
        runId: '20260501-080000-cafe', policy: {}, overrides: [], refusals: [],
        hosts: [
          { host: 'api.mistral.ai', hosting: 'eu-cloud', models: ['mistral'], suites: ['fr-es'], cases: { public: 4 }, redactions: 0, bytes: 1500 },
          { host: 'albert.api.etalab.gouv.fr', hosting: 'sovereign-cloud', models: ['albert', 'albert-large'], suites: ['fr-es', 'accuse'], cases: { public: 2, interne: 3 }, redactions: 1, bytes: 900 },
          { host: 'mauvais', cases: 'pas un objet' },
        ],
      },
    }));
    const store = createMemoryStore();
    const { runId } = await importRunFolder(store, dir);
    expect((await store.egress(runId)).map(({ host, classification, suiteId, modelId, cases: n, bytes }) => [host, classification, suiteId, modelId, n, bytes])).toEqual([
      ['albert.api.etalab.gouv.fr', null, null, null, 0, 900],
      ['albert.api.etalab.gouv.fr', 'interne', null, null, 3, null],
      ['albert.api.etalab.gouv.fr', 'public', null, null, 2, null],
      ['api.mistral.ai', 'public', 'fr-es', 'mistral', 4, 1500],
    ]);
  });

  it('replaces the run when the folder grew (a resumed campaign)', async () => {
    const root = tempDir();
    const store = createMemoryStore();
    await importRunFolder(store, writeRunFolder(root, spec({ cases: cases('fr-es', 'mistral', 2, () => true) })));
    await importRunFolder(store, writeRunFolder(root, spec()));
    expect((await store.caseResults('20260501-080000-cafe'))).toHaveLength(6);
    expect((await store.cells())).toHaveLength(2);
  });

  it('refuses a folder that is not a run, in French', async () => {
    const dir = tempDir();
    await expect(importRunFolder(createMemoryStore(), dir)).rejects.toThrow(/n’est pas un dossier de campagne/);
    writeFileSync(join(dir, 'manifest.json'), '{"runId": 3}');
    await expect(importRunFolder(createMemoryStore(), dir)).rejects.toBeInstanceOf(HarnessError);
    writeFileSync(join(dir, 'manifest.json'), '{"runId": ');
    await expect(importRunFolder(createMemoryStore(), dir)).rejects.toThrow(/JSON invalide/);
  });

  it('finds run folders in a folder of runs, or takes a run folder itself', async () => {
    const root = tempDir();
    const a = writeRunFolder(root, spec({ runId: 'b-run' }));
    const b = writeRunFolder(root, spec({ runId: 'a-run' }));
    mkdirSync(join(root, 'pas-une-campagne'));
    expect(findRunFolders(root)).toEqual([b, a]);
    expect(findRunFolders(a)).toEqual([a]);
    expect(findRunFolders(join(root, 'absent'))).toEqual([]);
  });
});
