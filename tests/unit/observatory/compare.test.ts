import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareCommand } from '../../../harness/commands/compare.js';
import { HarnessError } from '../../../harness/core/errors.js';
import { compareRuns, loadRunSide } from '../../../harness/store/observatory/diff.js';
import { importRunFolder, recordRun } from '../../../harness/store/observatory/import.js';
import { createMemoryStore } from '../../../harness/store/observatory/memory.js';
import { cases, tempDir, writeRunFolder, type CaseSpec } from './build-run.js';
import { testContext } from './context.js';

const A_ID = '20260601-080000-aaaa';
const B_ID = '20260608-080000-bbbb';
const EVIL = 'cas-<script>alert(1)</script>';

/** 20 translation cases all passed in A; in B, 8 of them regress (one into an error) and none improve. */
const project = () => {
  const root = tempDir('bas-compare-');
  const runs = join(root, 'reports', 'runs');
  const stable = cases('accuse', 'mistral', 6, (i) => i !== 0);
  const a = writeRunFolder(runs, {
    runId: A_ID, createdAt: '2026-06-01T08:00:00.000Z',
    cases: [...cases('fr-es', 'mistral', 19, () => true), { suite: 'fr-es', model: 'mistral', caseId: EVIL, status: 'passed' }, ...stable],
  });
  const regressed = (c: CaseSpec, i: number): CaseSpec => (i < 7 ? { ...c, status: i === 2 ? 'error' : 'failed' } : c);
  const b = writeRunFolder(runs, {
    runId: B_ID, createdAt: '2026-06-08T08:00:00.000Z',
    cases: [
      ...cases('fr-es', 'mistral', 19, () => true, { latencyMs: 150 }).map(regressed),
      { suite: 'fr-es', model: 'mistral', caseId: EVIL, status: 'failed' },
      ...stable,
      ...cases('accuse', 'qwen', 3, () => true),
    ],
  });
  return { root, a, b };
};

describe('comparing two runs', () => {
  it('reports the regressed cases and an exact McNemar p-value', async () => {
    const { a, b } = project();
    const store = createMemoryStore();
    await importRunFolder(store, a);
    await importRunFolder(store, b);
    const cmp = compareRuns((await loadRunSide(store, A_ID))!, (await loadRunSide(store, B_ID))!);
    const fres = cmp.cells.find((c) => c.suiteId === 'fr-es')!;
    expect(fres.paired).toEqual({ pairs: 20, regressed: 8, improved: 0, pValue: expect.closeTo(2 / 256, 12) });
    expect(fres.passRateDelta).toBeCloseTo(-0.4, 10);
    expect(fres.latencyP50DeltaMs).toBe(50);
    expect(cmp.regressions.map((r) => `${r.caseId}:${r.b.status}`)).toEqual([
      'cas-001:failed', 'cas-002:failed', 'cas-003:error', 'cas-004:failed', 'cas-005:failed', 'cas-006:failed', 'cas-007:failed', `${EVIL}:failed`,
    ]);
    expect(cmp.improvements).toEqual([]);
    expect(cmp.cells.find((c) => c.suiteId === 'accuse' && c.modelId === 'mistral')!.paired).toEqual({ pairs: 6, regressed: 0, improved: 0, pValue: 1 });
    const onlyB = cmp.cells.find((c) => c.modelId === 'qwen')!;
    expect([onlyB.a, onlyB.paired, onlyB.passRateDelta]).toEqual([null, null, null]);
  });

  it('folds repeats into one pair per case and flags a changed suite', async () => {
    const root = tempDir();
    const rep = (caseId: string, statuses: CaseSpec['status'][]): CaseSpec[] =>
      statuses.map((status, i) => ({ suite: 's', model: 'm', caseId, status, repeat: i + 1 }));
    const store = createMemoryStore();
    await importRunFolder(store, writeRunFolder(root, {
      runId: 'a', createdAt: '2026-01-01T00:00:00Z', cases: [...rep('c1', ['passed', 'passed', 'failed']), ...rep('c2', ['failed', 'failed', 'passed'])],
      suites: [{ id: 's', community: 'x', sha256: 'v1' }],
    }));
    await importRunFolder(store, writeRunFolder(root, {
      runId: 'b', createdAt: '2026-01-02T00:00:00Z', cases: [...rep('c1', ['error', 'error', 'passed']), ...rep('c2', ['passed', 'failed', 'passed'])],
      suites: [{ id: 's', community: 'x', sha256: 'v2' }],
    }));
    const cmp = compareRuns((await loadRunSide(store, 'a'))!, (await loadRunSide(store, 'b'))!);
    expect(cmp.cells[0]!.paired).toEqual({ pairs: 2, regressed: 1, improved: 1, pValue: 1 });
    expect(cmp.regressions[0]).toMatchObject({ caseId: 'c1', a: { status: 'passed', repeats: 3 }, b: { status: 'error' } });
    expect(cmp.cells[0]!.suiteChanged).toBe(true);
  });

  it('prints the comparison of two run folders in French', async () => {
    const { root, a, b } = project();
    const { ctx, stdout } = testContext(root);
    await compareCommand(ctx, { a, b });
    const text = stdout();
    expect(text).toContain(`Campagne A : ${A_ID}`);
    expect(text).toMatch(/fr-es\s+mistral .*100\s% → 60\s% .*−40\u202fpts/);
    expect(text).toContain('p = 0,0078, baisse significative (20 cas appariés, 8 en baisse, 0 en hausse)');
    expect(text).toContain('Régressions (réussi dans A, échoué ou en erreur dans B) : 8');
    expect(text).toContain('fr-es / mistral / cas-003 : réussi → erreur');
    expect(text).toContain('présent dans une seule campagne');
    expect(existsSync(join(root, 'reports', 'observatoire.db'))).toBe(false); // comparing folders creates no index
  });

  it('finds runs by id in the index and writes an escaped, self-contained HTML page', async () => {
    const { root, a, b } = project();
    const db = join(root, 'reports', 'observatoire.db');
    await recordRun(db, a);
    await recordRun(db, b);
    const { ctx, stdout } = testContext(root);
    await compareCommand(ctx, { a: A_ID, b: B_ID, html: true });
    const file = join(root, 'reports', `comparaison-${A_ID}-${B_ID}.html`);
    expect(stdout()).toContain(`Page de comparaison : reports/comparaison-${A_ID}-${B_ID}.html`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<tr class="worse">');
    expect(html).toContain('p &#x3D; 0,0078, baisse significative');
    expect(html).toContain('cas-&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/(src|href)=/); // nothing to fetch: readable offline, from an e-mail
  });

  it('says which run it cannot find, with a suggestion', async () => {
    const { root, a } = project();
    await recordRun(join(root, 'reports', 'observatoire.db'), a);
    const { ctx } = testContext(root);
    const attempt = compareCommand(ctx, { a: A_ID, b: '20260601-080000-aaab' });
    await expect(attempt).rejects.toBeInstanceOf(HarnessError);
    await expect(compareCommand(ctx, { a: A_ID, b: '20260601-080000-aaab' })).rejects.toMatchObject({
      code: 'invalid-input', hint: `vouliez-vous dire « ${A_ID} » ?`,
    });
  });
});
