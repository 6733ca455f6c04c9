/**
 * `report.pdf` from a rendered `report.html`, printed by headless Chromium with the page's own
 * print stylesheet (A4, no navigation, one community per page): the copy the steering committee
 * files with its minutes. The page loads nothing from the network; any request but the file itself
 * is refused.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../core/errors.js';

export const PDF_FILE = 'report.pdf';

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless, quiet, offline Chromium (no sandbox: CI containers run as root). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type PdfOptions = { executablePath?: string };

/** Prints `htmlFile` to `report.pdf` next to it and returns the PDF's path. */
export const writeReportPdf = async (htmlFile: string, opts: PdfOptions = {}): Promise<string> => {
  const executablePath = opts.executablePath ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new HarnessError('run-failed', `Chromium introuvable (${executablePath}) : le PDF n'a pas été produit ; report.html, lui, est à jour.`, {
      hint: 'installez-le (Debian : sudo apt-get install chromium) ou donnez son chemin dans la variable BAC_A_SABLE_CHROMIUM',
    });
  }
  // Loaded only here: the rest of the harness never needs a browser.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const url = pathToFileURL(htmlFile).href;
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const file = join(dirname(htmlFile), PDF_FILE);
    await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
    return file;
  } finally {
    await browser.close();
  }
};
