/**
 * Opens a rendered report in real headless Chromium from file://, as a steering-committee member
 * would from an e-mail: nothing loaded from anywhere, hostile model outputs shown as text, the
 * page structured for screen readers, usable without JavaScript and printable.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunReport } from '../../harness/report/index.js';
import { HOSTILE, writeRunFixture } from '../unit/report/fixture-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const run = it.skipIf(!hasChromium && !process.env.CI);
const ARTIFACTS = new URL('../../reports/test-artifacts/', import.meta.url);

describe('report in headless Chromium', () => {
  let browser: Browser | undefined;
  let url = '';

  beforeAll(async () => {
    if (!hasChromium && !process.env.CI) return;
    const dir = writeRunFixture(join(mkdtempSync(join(tmpdir(), 'bas-browser-')), 'run'), { egress: true, stats: true });
    url = pathToFileURL(await writeRunReport(dir)).href;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => browser?.close());

  const open = async (opts: { javaScriptEnabled?: boolean } = {}) => {
    const context = await browser!.newContext({ viewport: { width: 1200, height: 900 }, ...opts });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    return { page, problems, requests };
  };

  // The project compiles without the DOM library: page-side code is passed as expressions.
  const js = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression);
  const pwned = (page: Page) => js<unknown>(page, 'window.__pwned');

  run('opens from file:// with no console error and no request but itself', async () => {
    const { page, problems, requests } = await open();
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    for (const id of ['synthese', 'matrice', 'graphiques', 'detail', 'methodologie', 'souverainete']) {
      expect(await page.locator(`#${id}`).count(), id).toBe(1);
    }
    expect(await page.locator('#graphiques svg').count()).toBe(3);
    expect(await page.locator('#synthese').textContent()).toContain('Traduction — modèle recommandé\u00a0: Apertium fr-es');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#synthese').screenshot({ path: new URL('synthese.png', ARTIFACTS).pathname });
    await page.context().close();
  });

  run('shows hostile model outputs as text and never runs them', async () => {
    const { page, problems, requests } = await open();
    await js(page, "document.querySelectorAll('details').forEach((d) => { d.open = true; })");
    const text = await js<string>(page, 'document.body.innerText');
    for (const h of HOSTILE) expect(text, h).toContain(h);
    expect(await pwned(page)).toBeUndefined();
    expect(await js<number>(page, 'document.scripts.length')).toBe(1);
    expect(await page.locator('body img, a[href^="javascript"], textarea').count()).toBe(0);
    await page.fill('#filtre-texte', HOSTILE[4]);
    expect(await pwned(page)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.context().close();
  });

  run('is structured for screen readers: heading levels, table headers, chart text alternatives', async () => {
    const { page } = await open();
    const levels = await js<number[]>(page, "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]))");
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1]! + 1));
    expect(await js<number>(page, "[...document.querySelectorAll('table')].filter((t) => !t.querySelector('thead th') || !t.querySelector('caption')).length")).toBe(0);
    const charts = await js<{ caption: boolean; table: number; svgNamed: boolean }[]>(page, `[...document.querySelectorAll('figure.chart')].map((f) => ({
      caption: !!f.querySelector('figcaption')?.textContent?.trim(),
      table: f.querySelectorAll('table tbody tr').length,
      svgNamed: [...f.querySelectorAll('svg')].every((s) => s.getAttribute('role') === 'img' && !!document.getElementById(s.getAttribute('aria-labelledby') ?? '')),
    }))`);
    expect(charts).toHaveLength(3);
    for (const c of charts) expect(c).toMatchObject({ caption: true, svgNamed: true });
    for (const c of charts) expect(c.table).toBeGreaterThan(0);
    // Badges and best values carry a symbol and a word, not only a colour.
    expect(await page.locator('.badge').first().textContent()).toMatch(/[✓!✗?] \S/);
    expect(await page.locator('.best .visually-hidden').first().textContent()).toBe('meilleure valeur');
    await page.context().close();
  });

  run('filters cases with the inline script, and lists them all without JavaScript', async () => {
    const { page } = await open();
    const total = await page.locator('details.case').count();
    expect(await page.isVisible('#filtres')).toBe(true);
    await page.selectOption('#filtre-statut', 'passed');
    const visible = await page.locator('details.case:visible').count();
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(total);
    expect(await page.locator('details.case:visible:not([data-status="passed"])').count()).toBe(0);
    await page.selectOption('#filtre-statut', '');
    await page.fill('#filtre-texte', 'cas-007');
    expect(await page.locator('details.case:visible').count()).toBe(await page.locator('details.case', { hasText: 'cas-007' }).count());
    expect(await page.textContent('#filtre-compte')).toMatch(/^\d+ cas affichés$/);
    await page.context().close();

    const off = await open({ javaScriptEnabled: false });
    expect(await off.page.isVisible('#filtres')).toBe(false);
    expect(await off.page.locator('details.case:visible').count()).toBe(total);
    expect(off.problems).toEqual([]);
    await off.page.context().close();
  });

  run('prints with every case expanded', async () => {
    const { page } = await open();
    const hiddenBody = page.locator('details.case:not([open]) pre.text').first();
    expect(await hiddenBody.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await hiddenBody.isVisible()).toBe(true);
    expect(await page.isVisible('#filtres')).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.context().close();
  });
});
