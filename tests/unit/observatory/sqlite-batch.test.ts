/**
 * The SQLite store inserts case lines many rows per statement: every row must land, in full, with
 * nulls kept, whatever the count relative to the batch size (a full batch, a remainder, one row).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../harness/store/observatory/memory.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import type { CaseRecord } from '../../../harness/store/observatory/types.js';
import { tempDir } from './build-run.js';
import { runBundle } from './six-runs.js';

const casesOf = (runId: string, n: number): CaseRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    runId, suiteId: i % 2 ? 'fr-es' : 'accuse', modelId: i % 3 ? 'qwen' : 'mistral', caseId: `cas-${i}`, repeat: i % 4,
    status: i % 5 === 0 ? 'error' : i % 2 ? 'passed' : 'failed', score: i % 5 === 0 ? null : (i % 7) / 7,
    latencyMs: i % 11 === 0 ? null : 100 + i, energyJoules: i % 3 === 0 ? null : i * 0.25,
  }));

describe('SQLite store, case lines in batches', () => {
  it.each([0, 1, 199, 200, 201, 1234])('stores %i case lines as the memory store does', async (n) => {
    const bundle = runBundle(0);
    const runId = bundle.run.runId;
    const sqlite = createSqliteStore(join(tempDir(), 'observatoire.db'));
    const memory = createMemoryStore();
    for (const store of [sqlite, memory]) await store.putRun({ ...bundle, cases: casesOf(runId, n) });
    const got = await sqlite.caseResults(runId);
    expect(got).toHaveLength(n);
    expect(got).toEqual(await memory.caseResults(runId));
    await sqlite.close();
  });
});
