/**
 * The report's templates precompiled when dist/ is built render exactly what compiling them at
 * report time renders (run report and home page, French and English), and stay strict: a missing
 * field still throws.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHomeData } from '../../../harness/report/home-data.js';
import { buildIndexView } from '../../../harness/report/index-view.js';
import { renderReportsIndex, renderRunReport } from '../../../harness/report/render.js';
import { precompiledModule, type PrecompiledTemplates } from '../../../harness/report/templates-compiled.js';
import { buildRunView } from '../../../harness/report/view-model.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { sixRuns } from '../observatory/six-runs.js';
import { buildRunData } from './fixture-run.js';

const dir = mkdtempSync(join(tmpdir(), 'hbs-pre-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const precompiled = async (): Promise<PrecompiledTemplates> => {
  const file = join(dir, 'precompiled.js');
  writeFileSync(file, precompiledModule(join(REPO_ROOT, 'harness/report/templates')));
  return (await import(pathToFileURL(file).href)) as PrecompiledTemplates;
};

const links = { report: () => 'r.html', compare: () => null };

describe('templates precompiled at build time', () => {
  it.each(['fr', 'en'] as const)('render the run report and the home page byte for byte as compiled ones (%s)', async (lang) => {
    const templates = await precompiled();
    expect(Object.keys(templates.templates).sort()).toEqual(['index.hbs', 'report.hbs']);
    const run = buildRunView(buildRunData({}), { lang });
    const pre = await renderRunReport(run, { templates });
    expect(pre).toBe(await renderRunReport(run, { templates: null }));
    expect(pre).toContain('<html');
    const home = buildIndexView(await loadHomeData(await sixRuns()), links, { lang });
    expect(await renderReportsIndex(home, { templates })).toBe(await renderReportsIndex(home, { templates: null }));
  });

  it('stay strict: a field missing from the view throws', async () => {
    const templates = await precompiled();
    const run = buildRunView(buildRunData({}), { lang: 'fr' }) as unknown as Record<string, unknown>;
    const { title: _gone, ...broken } = run;
    await expect(renderRunReport(broken as never, { templates })).rejects.toThrow(/title/);
    await expect(renderRunReport(broken as never, { templates: null })).rejects.toThrow(/title/);
  });
});
