/**
 * Opens a rendered report in real headless Chromium from file://, as a steering-committee member
 * would from an e-mail: nothing loaded from anywhere, hostile model outputs shown as text, the
 * page accessible (axe-core, keyboard, phone width), usable without JavaScript, printable and
 * printed to PDF by `bac-a-sable report --pdf`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunReport } from '../../harness/report/index.js';
import { CHROMIUM_ARGS } from '../../harness/report/pdf.js';
import { runInProcess } from '../helpers/in-process.js';
import { HOSTILE, writeRunFixture } from '../unit/report/fixture-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const run = it.skipIf(!hasChromium && !process.env.CI);
const ARTIFACTS = new URL('../../reports/test-artifacts/', import.meta.url);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SECTIONS = ['decision', 'synthese', 'matrice', 'graphiques', 'detail', 'methodologie', 'glossaire', 'souverainete'];

describe('report in headless Chromium', () => {
  let browser: Browser | undefined;
  let url = '';
  let dir = '';

  beforeAll(async () => {
    if (!hasChromium && !process.env.CI) return;
    dir = writeRunFixture(join(mkdtempSync(join(tmpdir(), 'bas-browser-')), 'run'), { egress: true, stats: true });
    url = pathToFileURL(await writeRunReport(dir)).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--no-first-run'] });
  });
  afterAll(async () => browser?.close());

  const open = async (opts: { javaScriptEnabled?: boolean; width?: number; bypassCSP?: boolean; target?: string } = {}) => {
    const { width = 1200, target = url, ...rest } = opts;
    const context = await browser!.newContext({ viewport: { width, height: 900 }, ...rest });
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(target);
    return { page, problems, requests };
  };

  // The project compiles without the DOM library: page-side code is passed as expressions.
  const js = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(expression);
  const pwned = (page: Page) => js<unknown>(page, 'window.__pwned');
  const openAll = (page: Page) => js(page, "document.querySelectorAll('details').forEach((d) => { d.open = true; })");

  run('opens from file:// with no console error and no request but itself, the decision first', async () => {
    const { page, problems, requests } = await open();
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    for (const id of SECTIONS) expect(await page.locator(`#${id}`).count(), id).toBe(1);
    expect(await page.locator('#graphiques svg').count()).toBe(4);
    // The first screen answers before any scrolling: the verdict of each community and the takeaways.
    const first = await js<string>(page, "document.querySelector('#decision').innerText");
    expect(first).toContain('Traduction\u00a0: Apertium fr-es recommandé');
    expect(await js<number>(page, "document.querySelector('#decision .decision').getBoundingClientRect().top")).toBeLessThan(900);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#decision').screenshot({ path: new URL('decision.png', ARTIFACTS).pathname });
    await page.context().close();
  });

  run('shows hostile model outputs as text and never runs them', async () => {
    const { page, problems, requests } = await open();
    await openAll(page);
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

  run('passes axe-core (WCAG 2.1 A and AA) with no serious or critical violation, folded and unfolded', async () => {
    const { page } = await open({ bypassCSP: true });
    await page.addScriptTag({ content: AXE });
    const audit = () => js<{ id: string; impact: string; nodes: number; help: string }[]>(page, `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })))`);
    const serious = (v: { impact: string }[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    expect(serious(await audit())).toEqual([]);
    await openAll(page);
    expect(serious(await audit())).toEqual([]);
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
    expect(charts).toHaveLength(4);
    for (const c of charts) expect(c).toMatchObject({ caption: true, svgNamed: true });
    for (const c of charts) expect(c.table).toBeGreaterThan(0);
    // Badges, verdicts and best values carry a symbol and a word, not only a colour.
    expect(await page.locator('.badge').first().textContent()).toMatch(/[✓!✗?] \S/);
    expect(await page.locator('.best .visually-hidden').first().textContent()).toBe('meilleure valeur');
    expect(await page.locator('.decision-symbol').first().textContent()).toMatch(/[✓?—]/);
    await page.context().close();
  });

  run('reaches every section from the keyboard, with the focus always visible', async () => {
    const { page } = await open();
    await page.keyboard.press('Tab');
    expect(await js<string>(page, 'document.activeElement.className')).toBe('skip');
    expect(await js<string>(page, "getComputedStyle(document.activeElement).outlineStyle")).not.toBe('none');
    const focused = new Set<string>();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const now = await js<string>(page, "(document.activeElement.getAttribute('href') || document.activeElement.tagName)");
      if (now === 'BODY') break; // past the last focusable element
      focused.add(now);
      expect(await js<string>(page, "getComputedStyle(document.activeElement).outlineStyle"), `tab ${i}`).not.toBe('none');
    }
    for (const id of SECTIONS) expect(focused, id).toContain(`#${id}`);
    expect(focused).toContain('SUMMARY');
    // Following a link of the table of contents with Enter brings its section into view.
    for (const id of SECTIONS) {
      await page.focus(`nav a[href="#${id}"]`);
      await page.keyboard.press('Enter');
      expect(await js<number>(page, `Math.round(document.getElementById('${id}').getBoundingClientRect().top)`), id).toBeLessThan(100);
    }
    // A folded section opens with the keyboard.
    await page.focus('#synthese details.community > summary');
    await page.keyboard.press('Enter');
    expect(await js<boolean>(page, "document.querySelector('#synthese details.community').open")).toBe(true);
    await page.context().close();
  });

  run('fits a 400 px phone without horizontal overflow, folded or unfolded', async () => {
    const { page } = await open({ width: 400 });
    const overflow = () => js<number>(page, 'document.documentElement.scrollWidth');
    expect(await overflow()).toBeLessThanOrEqual(400);
    await openAll(page);
    expect(await overflow()).toBeLessThanOrEqual(400);
    await page.screenshot({ path: new URL('phone.png', ARTIFACTS).pathname });
    await page.context().close();
  });

  run('filters cases with the inline script, opening the suites that match, and keeps every case without JavaScript', async () => {
    const { page } = await open();
    const total = await page.locator('details.case').count();
    expect(await page.isVisible('#filtres')).toBe(true);
    expect(await page.locator('details.case:visible').count()).toBe(0); // suites folded by default
    await page.selectOption('#filtre-statut', 'passed');
    const visible = await page.locator('details.case:visible').count();
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(total);
    expect(await page.locator('details.case:visible:not([data-status="passed"])').count()).toBe(0);
    await page.selectOption('#filtre-statut', '');
    expect(await page.locator('details.case:visible').count()).toBe(0); // folded back as the reader left them
    await page.fill('#filtre-texte', 'cas-007');
    expect(await page.locator('details.case:visible').count()).toBe(await page.locator('details.case', { hasText: 'cas-007' }).count());
    expect(await page.textContent('#filtre-compte')).toMatch(/^\d+ cas affichés$/);
    await page.context().close();

    const off = await open({ javaScriptEnabled: false });
    expect(await off.page.isVisible('#filtres')).toBe(false);
    expect(await off.page.locator('details.case').count()).toBe(total);
    await off.page.locator('details.suite-detail > summary').first().click();
    expect(await off.page.locator('details.suite-detail[open] details.case:visible').count()).toBeGreaterThan(0);
    expect(off.problems).toEqual([]);
    await off.page.context().close();
  });

  run('prints on A4 without navigation, every community unfolded on its own page', async () => {
    const { page } = await open();
    const community = page.locator('#synthese details.community .cards').first();
    expect(await community.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await community.isVisible()).toBe(true);
    expect(await page.isVisible('nav')).toBe(false);
    expect(await page.isVisible('#filtres')).toBe(false);
    expect(await js<string[]>(page, "[...document.querySelectorAll('details.community')].map((d) => getComputedStyle(d).breakBefore)")).toEqual(['page', 'page']);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    await page.context().close();
  });

  run('`report --pdf` writes a non-empty report.pdf, and says plainly when Chromium is missing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bas-pdf-'));
    const ok = await runInProcess(['report', dir, '--pdf'], cwd, { BAC_A_SABLE_CHROMIUM: CHROMIUM });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const pdf = join(dir, 'report.pdf');
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const missing = await runInProcess(['report', dir, '--pdf'], cwd, { BAC_A_SABLE_CHROMIUM: join(cwd, 'pas-de-chromium') });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Chromium introuvable/);
    expect(missing.stderr).toMatch(/apt-get install chromium/);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
