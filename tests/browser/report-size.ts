/**
 * Size and speed check of a large report (a script, not a timed test: this machine is noisy).
 * Builds a 2,000-result run folder (3 suites × 4 models × 167 cases, outputs of ~1,500 characters
 * with hostile strings), renders it, and prints the report's size, the render time, and, when
 * Chromium is installed, how long the page takes to load.
 *   npx tsx tests/browser/report-size.ts [cases-per-suite] [output-chars]
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { writeRunReport } from '../../harness/report/index.js';
import { writeRunFixture } from '../unit/report/fixture-run.js';

const casesPerSuite = Number(process.argv[2] ?? 167);
const outputChars = Number(process.argv[3] ?? 1500);
const dir = writeRunFixture(join(mkdtempSync(join(tmpdir(), 'bas-size-')), 'run'), { casesPerSuite, outputChars, stats: true, egress: true });
const results = casesPerSuite * 3 * 4;

const started = performance.now();
const file = await writeRunReport(dir);
const renderMs = performance.now() - started;
const bytes = statSync(file).size;
console.log(`résultats : ${results}`);
console.log(`results.jsonl : ${(statSync(join(dir, 'results.jsonl')).size / 1e6).toFixed(2)} Mo`);
console.log(`report.html : ${bytes} octets (${(bytes / 1e6).toFixed(2)} Mo)`);
console.log(`rendu (lecture + vue + graphiques + HTML) : ${Math.round(renderMs)} ms`);

if (existsSync('/usr/bin/chromium')) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const t0 = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const loadMs = performance.now() - t0;
  const cases = await page.locator('details.case').count();
  const t1 = performance.now();
  await page.fill('#filtre-texte', 'cas-042');
  const filterMs = performance.now() - t1;
  console.log(`Chromium : page chargée en ${Math.round(loadMs)} ms, ${cases} cas intégrés, filtre appliqué en ${Math.round(filterMs)} ms`);
  await browser.close();
}
