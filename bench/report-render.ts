/**
 * Benchmark 4, report: time and size of `writeRunReport` for runs of about 1,000, 10,000 and
 * 100,000 results (run folders built with the report tests' fixture builder: 3 suites × 4 models,
 * statistics and egress included, outputs of a few hundred characters). Each render runs in a fresh
 * process: the time is measured inside it (module loading excluded), the peak RSS by the driver.
 * Then `--junit` (writeJunitFile) on 10,000 and 100,000 results of one suite × one model.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './lib/child.js';
import { mb, ms, num, table } from './lib/format.js';
import { median, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';

const SIZES = [1_000, 10_000, 100_000];
/** Results per case of the fixture: 3 suites × 4 models. */
const PER_CASE = 12;
const OUTPUT_CHARS = 300;
const MAKE = fileURLToPath(new URL('./workers/make-fixture.ts', import.meta.url));
const RENDER = fileURLToPath(new URL('./workers/render-report.ts', import.meta.url));

const JUNIT = fileURLToPath(new URL('./workers/render-junit.ts', import.meta.url));
/** `--junit` on one suite × one model: the shape where grouping cost grew with the square of the cases. */
const JUNIT_SIZES = [10_000, 100_000];

type Render = { renderMs: number; bytes: number; peakRssMb: number; wallMs: number };
type Junit = { results: number; runs: { junitMs: number; peakRssMb: number }[]; junitMs: number; peakRssMb: number; bytes: number };
type Size = { target: number; results: number; jsonlBytes: number; runs: Render[]; renderMs: number; wallMs: number; reportBytes: number; peakRssMb: number };
export type ReportData = { outputChars: number; sizes: Size[]; junit?: Junit[] };

export const reportRender: Benchmark<ReportData> = {
  name: 'report',
  title: '4. Rapport HTML (`writeRunReport`)',
  command: 'npm run bench -- report',
  async run({ runs, log }) {
    const sizes: Size[] = [];
    for (const target of SIZES) {
      const casesPerSuite = Math.round(target / PER_CASE);
      const tmp = mkdtempSync(join(tmpdir(), 'bench-report-'));
      const dir = join(tmp, 'run');
      try {
        await runNode(MAKE, [dir, String(casesPerSuite), String(OUTPUT_CHARS)], { nodeArgs: ['--import', 'tsx'] });
        const count = runs ?? (target >= 100_000 ? 2 : 3);
        const done: Render[] = [];
        for (let k = 0; k < count; k++) {
          const m = await runNode(RENDER, [dir], { nodeArgs: ['--import', 'tsx'], timeoutMs: 1_800_000 });
          const r = JSON.parse(m.stdout) as { renderMs: number; bytes: number };
          done.push({ renderMs: round(r.renderMs, 1), bytes: r.bytes, peakRssMb: round(m.peakRssMb ?? Number.NaN, 1), wallMs: round(m.wallMs, 1) });
          log(`${casesPerSuite * PER_CASE} résultats, tour ${k + 1}/${count} : ${Math.round(r.renderMs)} ms, ${r.bytes} octets`);
        }
        sizes.push({
          target,
          results: casesPerSuite * PER_CASE,
          jsonlBytes: statSync(join(dir, 'results.jsonl')).size,
          runs: done,
          renderMs: round(median(done.map((r) => r.renderMs)), 1),
          wallMs: round(median(done.map((r) => r.wallMs)), 1),
          reportBytes: median(done.map((r) => r.bytes)),
          peakRssMb: round(median(done.map((r) => r.peakRssMb)), 1),
        });
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    const junit: Junit[] = [];
    for (const results of JUNIT_SIZES) {
      const count = runs ?? 3;
      const done: (Junit['runs'][number] & { bytes: number })[] = [];
      for (let k = 0; k < count; k++) {
        const tmp = mkdtempSync(join(tmpdir(), 'bench-junit-'));
        try {
          const m = await runNode(JUNIT, [join(tmp, 'run'), String(results)], { nodeArgs: ['--import', 'tsx'], timeoutMs: 1_800_000 });
          const r = JSON.parse(m.stdout) as { junitMs: number; bytes: number };
          done.push({ junitMs: round(r.junitMs, 1), peakRssMb: round(m.peakRssMb ?? Number.NaN, 1), bytes: r.bytes });
          log(`--junit, ${results} résultats, tour ${k + 1}/${count} : ${Math.round(r.junitMs)} ms`);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      }
      junit.push({
        results,
        runs: done.map(({ junitMs, peakRssMb }) => ({ junitMs, peakRssMb })),
        junitMs: round(median(done.map((r) => r.junitMs)), 1),
        peakRssMb: round(median(done.map((r) => r.peakRssMb)), 1),
        bytes: median(done.map((r) => r.bytes)),
      });
    }
    // The brief sets no number here: the figures are reported, no target is checked.
    const targets: TargetCheck[] = [];
    return { data: { outputChars: OUTPUT_CHARS, sizes, junit }, targets };
  },
  render(d) {
    return [
      `Dossiers de campagne générés avec \`tests/unit/report/fixture-run.ts\` (3 suites × 4 modèles, statistiques et registre des sorties, sorties de ~${d.outputChars} caractères). ` +
        'Chaque rendu dans un processus neuf ; durée mesurée autour de `writeRunReport` seul (lecture de results.jsonl, vue, graphiques, HTML), médianes ; pic RSS du processus.',
      '',
      table(
        ['résultats', 'results.jsonl', 'durée du rendu', 'durée du processus', 'report.html', 'pic RSS'],
        d.sizes.map((z) => [
          `${num(z.results, 0)} (${z.runs.length} tours)`,
          mb(z.jsonlBytes / 1e6, 1),
          ms(z.renderMs),
          ms(z.wallMs),
          `${mb(z.reportBytes / 1e6, 2)}`,
          mb(z.peakRssMb),
        ]),
      ),
      ...(d.junit && d.junit.length > 0
        ? [
            '',
            'JUnit (`--junit`) sur une seule suite × un seul modèle (la forme d’une grande campagne d’intégration continue), dossier généré par `bench/workers/render-junit.ts` : durée de `writeJunitFile` seul, médianes ; pic RSS du processus (génération du dossier comprise).',
            '',
            table(
              ['résultats', 'durée', 'junit.xml', 'pic RSS'],
              d.junit.map((j) => [`${num(j.results, 0)} (${j.runs.length} tours)`, ms(j.junitMs), mb(j.bytes / 1e6, 1), mb(j.peakRssMb)]),
            ),
          ]
        : []),
      '',
      'Aucun objectif chiffré n’est fixé pour ce banc : les chiffres servent de référence.',
    ].join('\n');
  },
};
