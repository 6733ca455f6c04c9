/**
 * The web observatory (`serve`) driven in real headless Chromium: a person opens the home page,
 * filters the runs with the form, picks two runs to compare, looks up a case's history and opens
 * a run report. No console error, no request anywhere but the local server, and the pages are
 * usable for screen readers (every chart named by a caption, tables with headers).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../harness/commands/serve.js';
import { writeRunReport } from '../../harness/report/index.js';
import { importRunFolder } from '../../harness/store/observatory/import.js';
import { createSqliteStore } from '../../harness/store/observatory/sqlite.js';
import { tempDir } from '../unit/observatory/build-run.js';
import { testContext } from '../unit/observatory/context.js';
import { sixRuns } from '../unit/observatory/six-runs.js';
import { writeRunFixture } from '../unit/report/fixture-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const run = it.skipIf(!hasChromium && !process.env.CI);

describe('web observatory in headless Chromium', () => {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    if (!hasChromium && !process.env.CI) return;
    const root = tempDir('bas-browser-serve-');
    const store = createSqliteStore(join(root, 'reports', 'observatoire.db'));
    await sixRuns(store);
    const runDir = writeRunFixture(join(root, 'reports', 'runs', '20261129-031522-a3f9'), { egress: true, stats: true });
    await writeRunReport(runDir);
    await importRunFolder(store, runDir);
    await store.close();
    server = await startServe(testContext(root).ctx, { port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const elsewhere: string[] = [];
    const origin = new URL(server!.url).origin;
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('requestfailed', (r) => problems.push(`échec : ${r.url()}`));
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== origin) elsewhere.push(r.url());
    });
    return { page, problems, elsewhere };
  };
  const js = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression);

  run('home, filters, comparison, case history and a run report: no console error, no request elsewhere', async () => {
    const { page, problems, elsewhere } = await open();

    await page.goto(server!.url);
    expect(await page.title()).toContain('Observatoire');
    expect(await page.locator('#communautes svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
    // Every chart is named by its caption, and a table holds its numbers.
    const unnamed = await js<number>(page, `[...document.querySelectorAll('svg[role="img"]')].filter((s) => !document.getElementById(s.getAttribute('aria-labelledby'))?.textContent.trim()).length`);
    expect(unnamed).toBe(0);
    expect(await page.locator('table.chart-data th[scope="col"]').count()).toBeGreaterThan(10);

    // Filter runs with the form: model mistral, April only.
    await page.click('nav >> text=Campagnes');
    await page.selectOption('select[name="modele"]', 'mistral');
    await page.fill('input[name="du"]', '2026-04-01');
    await page.fill('input[name="au"]', '2026-04-30');
    await page.click('button[type="submit"]');
    await page.waitForURL(/modele=mistral/);
    const body = (await page.locator('#campagnes tbody').textContent()) ?? '';
    expect(body).toContain('20260406-080000-002');
    expect(body).toContain('20260427-080000-003');
    expect(body).not.toContain('20260302-080000-000');
    expect(body).not.toContain('qwen');

    // Compare two runs chosen in the page.
    await page.click('nav >> text=Comparer deux campagnes');
    await page.selectOption('select[name="a"]', '20260427-080000-003');
    await page.selectOption('select[name="b"]', '20260511-080000-004');
    await page.click('button[type="submit"]');
    await page.waitForURL(/a=20260427-080000-003&b=20260511-080000-004/);
    expect(await page.locator('body').textContent()).toContain('cas-010');

    // A case's history.
    await page.goto(new URL('/cas', server!.url).href);
    await page.selectOption('select[name="suite"]', 'fr-es');
    await page.fill('input[name="cas"]', 'cas-012');
    await page.selectOption('select[name="modele"]', 'mistral');
    await page.click('button[type="submit"]');
    expect(await page.locator('#historique-cas tbody tr').count()).toBe(6);

    // A run report, with its own filter script allowed by hash (no CSP violation in the console).
    await page.goto(new URL('/campagnes/20261129-031522-a3f9/rapport', server!.url).href);
    expect(await page.locator('#synthese').count()).toBe(1);

    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
