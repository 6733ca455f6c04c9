/**
 * Memory of the end of a run is bounded by design: on a 100,000-result folder (two models × 50,000
 * cases), finalize, the observatory record and the home page, in a child process, peak well under
 * what one object per case (or a second read of the file) would cost. The bound is generous (the
 * child runs the TypeScript sources through tsx); no timing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../harness/store/observatory/sqlite.js';
import { runFile } from '../../harness/store/run-folder.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { onlyRunDir } from '../helpers/run-folder.js';

const CASES = 50_000;
/** MB. Measured about 250 MB through tsx (the CLI's dist/ needs less); one object kept per result would pass 400. */
const PEAK_RSS_BOUND_MB = 380;

const work = mkdtempSync(join(tmpdir(), 'end-memory-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A real small run, its lines multiplied into `CASES` cases per model (ids, scores, latencies and energy varied). */
const bigRunFolder = async (): Promise<string> => {
  const out = join(work, 'reports', 'runs');
  const suite = join(REPO_ROOT, 'suites/assistants-administratifs/accuse-reception.yaml');
  const r = await runInProcess(['run', '--suite', suite, '--model', 'reference', '--model', 'echo', '--out', out], REPO_ROOT);
  expect(r.code, r.stderr).toBe(0);
  const runDir = onlyRunDir(out);
  const templates = readFileSync(runFile(runDir, 'results'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const byModel = new Map(templates.map((t) => [t.model as string, t]));
  const file = createWriteStream(runFile(runDir, 'results'));
  for (let i = 0; i < CASES; i++) {
    for (const [model, t] of byModel) {
      const passed = (i * 7 + model.length) % 10 < 8;
      const line = {
        ...t, caseId: `cas-${i}`, status: passed ? 'passed' : 'failed', score: passed ? 1 : 0, latencyMs: 50 + ((i * 37) % 400),
        energy: { joules: 0.5 + (i % 13) / 10, method: 'cpu-load-tdp+ram-dimm-model', measured: false, scope: 'machine', components: { cpu: 0.2, ram: 0.3 }, windowMs: [i, i + 50], allocated: true, co2eG: 0.00001 },
      };
      if (!file.write(`${JSON.stringify(line)}\n`)) await once(file, 'drain');
    }
  }
  file.end();
  await once(file, 'finish');
  for (const derived of ['summary', 'csv'] as const) rmSync(runFile(runDir, derived), { force: true });
  return runDir;
};

describe('end of a run, 100,000 results', () => {
  it(`finalize, observatory record and home page stay under ${PEAK_RSS_BOUND_MB} MB peak RSS`, { timeout: 600_000 }, async () => {
    const runDir = await bigRunFolder();
    const child = spawnSync(process.execPath, ['--heap-growing-percent=50', '--import', 'tsx', join(REPO_ROOT, 'tests/helpers/finalize-child.ts'), runDir], {
      cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 24,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).not.toContain('non mis à jour');
    const { maxRssKb, results } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { maxRssKb: number; results: number };
    expect(results).toBe(2 * CASES);
    const store = createSqliteStore(join(work, 'reports', 'observatoire.db'));
    const [run] = await store.listRuns();
    expect((await store.caseResults(run!.runId)).length).toBe(2 * CASES);
    await store.close();
    expect(readFileSync(join(work, 'reports', 'index.html'), 'utf8')).toContain(run!.runId);
    process.stdout.write(`fin de campagne, 100 000 résultats : pic RSS ${(maxRssKb / 1024).toFixed(0)} Mo\n`);
    expect(maxRssKb / 1024).toBeLessThan(PEAK_RSS_BOUND_MB);
  });
});
