/**
 * The home page's cost follows the run just recorded, not the whole history: the figures of every
 * run come from one read of its case lines (the same figures as the per-view queries), and the
 * comparison pages of unchanged pairs of runs are kept rather than rebuilt.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARISONS_DIR, writeReportsIndex } from '../../../harness/report/index.js';
import { communityTrends, modelTrends, runFiguresAll, runHeadlines } from '../../../harness/store/observatory/queries.js';
import type { ObservatoryStore } from '../../../harness/store/observatory/types.js';
import { tempDir } from './build-run.js';
import { sixRuns } from './six-runs.js';

/** Counts the case-line reads a store answers. */
const counting = (store: ObservatoryStore) => {
  const reads: string[] = [];
  return { reads, store: { ...store, caseResults: (runId: string, f?: { suite?: string; model?: string }) => (reads.push(runId), store.caseResults(runId, f)) } };
};

describe('observatory home page, incremental', () => {
  it('gives the same headlines and trends as the per-view queries, reading each run’s lines once', async () => {
    const store = await sixRuns();
    const expected = { runs: await runHeadlines(store), communityTrends: await communityTrends(store), modelTrends: await modelTrends(store) };
    const c = counting(store);
    expect(await runFiguresAll(c.store)).toEqual(expected);
    expect(c.reads).toHaveLength(6);
    expect(new Set(c.reads).size).toBe(6);
  });

  it('rebuilds only the comparison pages of the runs just recorded, and every page without that hint', async () => {
    const reports = tempDir('bas-home-inc-');
    const store = await sixRuns();
    await writeReportsIndex(reports, { store });
    const dir = join(reports, COMPARISONS_DIR);
    const pages = readdirSync(dir).sort();
    expect(pages).toHaveLength(5);
    const original = new Map(pages.map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
    for (const p of pages) writeFileSync(join(dir, p), 'ancienne page');

    const newest = (await store.listRuns())[0]!.runId;
    const c = counting(store);
    await writeReportsIndex(reports, { store: c.store, changed: [newest] });
    const touched = pages.filter((p) => readFileSync(join(dir, p), 'utf8') !== 'ancienne page');
    expect(touched).toEqual(pages.filter((p) => p.includes(newest)));
    expect(touched).toHaveLength(1);
    expect(readFileSync(join(dir, touched[0]!), 'utf8')).toBe(original.get(touched[0]!));
    // Six runs for the page's figures, then the two sides of the one page rebuilt.
    expect(c.reads).toHaveLength(8);

    // No run changed: every existing page is kept; without the hint, every page is rewritten.
    await writeReportsIndex(reports, { store, changed: [] });
    expect(pages.filter((p) => readFileSync(join(dir, p), 'utf8') === 'ancienne page')).toHaveLength(4);
    await writeReportsIndex(reports, { store });
    for (const p of pages) expect(readFileSync(join(dir, p), 'utf8')).toBe(original.get(p));
  });
});
