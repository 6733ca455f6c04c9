/**
 * The observatory home page from a constructed history: six runs over three months, two
 * communities, two candidate models and a calibration baseline. Model "mistral" regresses on
 * fr-es in May, the month the fr-es suite file changed: the page must show the drop, the marker,
 * per-model figures only, and link each run to the one before.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeReportsIndex } from '../../../harness/report/index.js';
import { tempDir } from './build-run.js';
import { sixRuns } from './six-runs.js';

/** Text of a table row whose header cell holds `needle`, tags removed. */
const rows = (html: string) => [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

describe('observatory home page (reports/index.html)', () => {
  it('shows six runs over three months: per-model trends, the regression, the suite-change marker, compare links', async () => {
    const reports = tempDir('bas-home-');
    const store = await sixRuns();
    const html = readFileSync(await writeReportsIndex(reports, { store }), 'utf8');

    // Self-contained: the run report's CSP, no script, no image, nothing fetched.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'"`);
    expect(html).not.toMatch(/<script|<img|<link|@import|url\(/i);
    expect(html.match(/(?:src|href)="https?:/g)).toBeNull();

    // Newest runs: one row per candidate model, never the calibration baseline, never a mixed figure.
    const runRows = rows(html.slice(html.indexOf('id="campagnes"'), html.indexOf('id="communautes"')));
    const latest = runRows.filter((r) => r.includes('20260529-080000-005'));
    expect(latest).toHaveLength(2);
    expect(latest[0]).toMatch(/mistral 40 65\s?% /); // (9 + 17) / 40
    expect(latest[1]).toMatch(/qwen 40 65\s?% /); // (14 + 12) / 40
    expect(runRows.some((r) => /\breference\b.*%/.test(r))).toBe(false);
    expect(html).toContain('Certaines campagnes ont aussi fait tourner des étalons de calibration');

    // Trend per community: mistral on traduction goes from 90 % to 40 % in May, next to the marker.
    const trad = html.slice(html.indexOf('<h3>traduction</h3>'), html.indexOf('id="modeles"'));
    const mistralTrad = rows(trad).filter((r) => / mistral /.test(r));
    expect(mistralTrad.map((r) => r.match(/ (\d+)\s?% /)![1])).toEqual(['90', '90', '95', '90', '40', '45']);
    expect(mistralTrad[4]).toContain('fr-es modifiée (fr-es-v1 → f2f2f2f2)');
    expect(mistralTrad[3]).not.toContain('fr-es modifiée');
    expect(trad).toContain('fr-es modifiée'); // the marker label drawn on the chart
    expect(trad).toMatch(/<svg role="img" aria-labelledby="tendance-communaute-\d-legende"/);
    expect(trad).toMatch(/intervalle|Intervalle/);
    // The assistants community is not marked: its suite did not change.
    const assistants = html.slice(html.indexOf('<h3>assistants</h3>'), html.indexOf('<h3>traduction</h3>'));
    expect(assistants).not.toContain('fr-es modifiée');

    // Trend per model: latency, energy per 100 requests and CO2e with how energy was obtained.
    const models = html.slice(html.indexOf('id="modeles"'), html.indexOf('id="sorties"'));
    for (const id of ['reussite', 'latence', 'energie', 'co2']) expect(models).toContain(`id="tendance-modeles-${id}-legende"`);
    const qwenModel = rows(models).find((r) => r.includes('20260302-080000-000') && / qwen /.test(r))!;
    expect(qwenModel).toMatch(/50\s?Wh 3\s?g rapl/); // 0.5 Wh and 0.03 g per request, × 100
    expect(models).not.toMatch(/<td>reference<\/td>/);

    // Egress per classification, per run.
    const egress = html.slice(html.indexOf('id="sorties"'), html.indexOf('id="suites-modifiees"'));
    expect(rows(egress).find((r) => r.includes('20260511-080000-004'))).toContain('20 cas, 4');

    // Each run links to the comparison with the run before; the page exists.
    expect(html).toContain('href="comparaisons/20260511-080000-004--20260529-080000-005.html"');
    expect(existsSync(join(reports, 'comparaisons', '20260302-080000-000--20260323-080000-001.html'))).toBe(true);
    const cmp = readFileSync(join(reports, 'comparaisons', '20260427-080000-003--20260511-080000-004.html'), 'utf8');
    expect(cmp).toContain('20260511-080000-004');
    // Reports of runs from another machine are not linked.
    expect(html).toContain('rapport sur une autre machine');

    // Well-formed enough for an XML parser (no unclosed element), when xmllint is there.
    try {
      execFileSync('xmllint', ['--html', '--noout', '-'], { input: html, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { code?: string; stderr?: Buffer };
      if (err.code !== 'ENOENT') expect(String(err.stderr)).toBe('');
    }
    await store.close();
  });

  it('renders in English too', async () => {
    const html = readFileSync(await writeReportsIndex(tempDir('bas-home-en-'), { store: await sixRuns(), lang: 'en' }), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Trends per community');
    expect(html).toContain('fr-es changed');
  });
});
