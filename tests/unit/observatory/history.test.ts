import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, historyCommand, historyExportCommand, historyImportCommand } from '../../../harness/commands/history.js';
import { HarnessError } from '../../../harness/core/errors.js';
import { cases, tempDir, writeRunFolder } from './build-run.js';
import { testContext } from './context.js';

const project = () => {
  const root = tempDir('bas-history-');
  const runs = join(root, 'reports', 'runs');
  writeRunFolder(runs, {
    runId: '20260101-080000-aaaa', createdAt: '2026-01-01T08:00:00.000Z', who: 'c.martin',
    suites: [{ id: 'fr-es', community: 'traduction', classification: 'public', sha256: 'x' }, { id: 'accuse', community: 'assistants' }],
    cases: [...cases('fr-es', 'mistral', 4, (i) => i < 2), ...cases('accuse', 'mistral', 2, () => true)],
    cellExtras: { 'fr-es/mistral': { energy: { whPerCase: 0.25, gCo2ePerCase: 0.014, methods: ['rapl'], measured: true } } },
  });
  writeRunFolder(runs, {
    runId: '20260201-080000-bbbb', createdAt: '2026-02-01T08:00:00.000Z', summary: false,
    suites: [{ id: 'fr-es', community: 'traduction' }],
    cases: cases('fr-es', 'qwen', 4, () => true),
  });
  return { root, runs };
};

describe('history', () => {
  it('indexes a folder of runs, then lists them newest first with their figures', async () => {
    const { root } = project();
    const imp = testContext(root);
    await historyImportCommand(imp.ctx, { dirs: ['reports/runs'] });
    expect(imp.stdout()).toContain('20260101-080000-aaaa  6 résultat(s), 2 cellule(s)');
    expect(imp.stdout()).toContain('20260201-080000-bbbb  4 résultat(s), 1 cellule(s) (sans summary.json)');
    expect(imp.stdout()).toContain('2 campagne(s) indexée(s) dans reports/observatoire.db');

    const list = testContext(root);
    await historyCommand(list.ctx, {});
    const lines = list.stdout().split('\n');
    expect(lines[0]).toMatch(/^campagne\s+date\s+par\s+état\s+modèle\s+suites\s+cas\s+réussite\s+IC 95 %/);
    expect(lines[1]).toMatch(/^20260201-080000-bbbb\s+1 févr\. 2026, \d\d:\d\d\s+—\s+inachevée\s+qwen\s+1\s+4\s+100\s%\s+51(,\d)?\s%\s–\s100\s%/);
    expect(lines[2]).toMatch(/^20260101-080000-aaaa\s+1 janv\. 2026, \d\d:\d\d\s+c\.martin\s+complète\s+mistral\s+2\s+6\s+66,7\s%/);
    expect(list.stdout()).toContain('2 campagne(s) · reports/observatoire.db');

    const filtered = testContext(root);
    await historyCommand(filtered.ctx, { community: 'traduction', model: 'mistral' });
    expect(filtered.stdout()).toMatch(/20260101-080000-aaaa .*4\s+50\s%.*0,25\u202fWh\s+0,014\u202fg/);
    expect(filtered.stdout()).not.toContain('20260201-080000-bbbb');

    const none = testContext(root);
    await historyCommand(none.ctx, { suite: 'inconnue' });
    expect(none.stdout()).toContain('Aucune campagne ne correspond à ce filtre');
  });

  it('exports the whole history as CSV with a BOM, one row per run × suite × model', async () => {
    const { root } = project();
    await historyImportCommand(testContext(root).ctx, { dirs: ['reports/runs'] });
    const { ctx, stdout } = testContext(root);
    await historyExportCommand(ctx, { out: 'exports/historique.csv' });
    expect(stdout()).toContain('3 ligne(s)');
    const text = readFileSync(join(root, 'exports', 'historique.csv'), 'utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => [r.runId, r.suite, r.model, r.passRate, r.community])).toEqual([
      ['20260101-080000-aaaa', 'accuse', 'mistral', '1', 'assistants'],
      ['20260101-080000-aaaa', 'fr-es', 'mistral', '0.5', 'traduction'],
      ['20260201-080000-bbbb', 'fr-es', 'qwen', '1', 'traduction'],
    ]);
    expect(rows[1]).toMatchObject({ energyWhPerCase: '0.25', energyMethod: 'rapl', classification: 'public', who: 'c.martin', complete: 'true' });
  });

  it('explains in French when there is nothing to read or import', async () => {
    const root = tempDir();
    const { ctx } = testContext(root);
    await expect(historyCommand(ctx, {})).rejects.toThrow(/aucun historique : reports\/observatoire\.db n’existe pas/);
    await expect(historyExportCommand(ctx, { out: 'x.csv' })).rejects.toThrow(HarnessError);
    expect(existsSync(join(root, 'reports', 'observatoire.db'))).toBe(false); // reading never creates the index
    mkdirSync(join(root, 'vide'));
    await expect(historyImportCommand(ctx, { dirs: ['vide'] })).rejects.toThrow(/aucun dossier de campagne dans : vide/);
  });
});
