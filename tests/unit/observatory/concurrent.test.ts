/**
 * Two processes index different runs into the same new WAL database at the same moment (the
 * situation of two campaigns ending together): both migrate it, both write, repeatedly. The file
 * must stay sound and hold both runs whole. Then the same against a real PostgreSQL server: four
 * processes (four "machines") write their own runs and one run id they all share, repeatedly.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../harness/store/observatory/driver.js';
import { SCHEMA_VERSION } from '../../../harness/store/observatory/migrations.js';
import { createPostgresStore } from '../../../harness/store/observatory/postgres.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { skipWithoutPostgres, startPostgres } from '../../helpers/postgres.js';
import { cases, tempDir, writeRunFolder } from './build-run.js';

const IMPORT_MODULE = join(REPO_ROOT, 'harness', 'store', 'observatory', 'import.ts');

// Waits for the start signal, then records its run `rounds` times, each time on a new connection.
const CHILD = `
import { existsSync } from 'node:fs';
const { recordRun } = await import(${JSON.stringify(IMPORT_MODULE)});
const { db, dir, dirs, go, rounds } = JSON.parse(process.env.OBS_ARGS);
process.stdout.write('ready\\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 5));
const results = [];
for (let i = 0; i < rounds; i++) for (const d of dirs ?? [dir]) results.push(await recordRun(db, d));
process.stdout.write(JSON.stringify(results) + '\\n');
`;

type Child = { ready: Promise<void>; done: Promise<{ code: number | null; stdout: string; stderr: string }> };

const startChild = (args: Record<string, unknown>): Child => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, OBS_ARGS: JSON.stringify(args) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('ready\n')) onReady();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      onReady(); // a child that died before "ready" must not hang the test
      resolve({ code, stdout, stderr });
    }));
  return { ready, done };
};

describe('observatory under concurrent writers', () => {
  it('keeps both runs whole when two processes import into the same database at once', async () => {
    const root = tempDir();
    const db = join(root, 'observatoire.db');
    const go = join(root, 'go');
    const N = 3000;
    const dirA = writeRunFolder(root, {
      runId: '20260401-080000-aaaa', createdAt: '2026-04-01T08:00:00.000Z',
      cases: [...cases('fr-es', 'mistral', N, (i) => i % 3 !== 0), ...cases('accuse', 'mistral', N, (i) => i % 2 === 0)],
    });
    const dirB = writeRunFolder(root, {
      runId: '20260401-080001-bbbb', createdAt: '2026-04-01T08:00:01.000Z',
      cases: [...cases('fr-es', 'qwen', N, (i) => i % 4 !== 0), ...cases('accuse', 'qwen', N, () => true)],
    });
    const children = [startChild({ db, dir: dirA, go, rounds: 4 }), startChild({ db, dir: dirB, go, rounds: 4 })];
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(go, '');
    const outcomes = await Promise.all(children.map((c) => c.done));
    for (const o of outcomes) expect(o.code, o.stderr.slice(-2000)).toBe(0);
    for (const o of outcomes) expect(JSON.parse(o.stdout.split('\n')[1]!).map((r: { cases: number }) => r.cases)).toEqual([2 * N, 2 * N, 2 * N, 2 * N]);

    const raw = openDatabase(db);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();

    const store = createSqliteStore(db);
    expect((await store.listRuns()).map((r) => r.runId)).toEqual(['20260401-080001-bbbb', '20260401-080000-aaaa']);
    expect((await store.caseResults('20260401-080000-aaaa'))).toHaveLength(2 * N);
    expect((await store.caseResults('20260401-080001-bbbb'))).toHaveLength(2 * N);
    expect((await store.cells()).map((c) => `${c.modelId}/${c.suiteId}:${c.passed}`)).toEqual([
      `mistral/accuse:${N / 2}`, `mistral/fr-es:${N - N / 3}`, `qwen/accuse:${N}`, `qwen/fr-es:${N - N / 4}`,
    ]);
    await store.close();
  });
});

describe.skipIf(skipWithoutPostgres())('shared PostgreSQL observatory under concurrent writers', () => {
  it('keeps every run whole and once when four processes write at once, one run id written by all', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase();
      const root = tempDir();
      const go = join(root, 'go');
      const N = 600;
      const shared = writeRunFolder(join(root, 'partage'), {
        runId: '20260501-090000-ffff', createdAt: '2026-05-01T09:00:00.000Z', cases: cases('fr-es', 'albert', N, (i) => i % 5 !== 0),
      });
      const own = [0, 1, 2, 3].map((k) => writeRunFolder(join(root, `machine-${k}`), {
        runId: `20260501-08000${k}-000${k}`, createdAt: `2026-05-01T08:00:0${k}.000Z`,
        cases: [...cases('fr-es', `m${k}`, N, (i) => i % (k + 2) !== 0), ...cases('accuse', `m${k}`, N, () => true)],
      }));
      const db = { kind: 'postgres', url };
      // Each process alternates its own run and the shared one; all four migrate the empty database at once.
      const children = own.map((dir) => startChild({ db, dirs: [dir, shared], go, rounds: 3 }));
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      const outcomes = await Promise.all(children.map((c) => c.done));
      for (const o of outcomes) expect(o.code, o.stderr.slice(-2000)).toBe(0);

      const store = await createPostgresStore(url);
      try {
        expect((await store.listRuns()).map((r) => r.runId)).toEqual([
          '20260501-090000-ffff', '20260501-080003-0003', '20260501-080002-0002', '20260501-080001-0001', '20260501-080000-0000',
        ]);
        for (let k = 0; k < 4; k++) expect(await store.caseResults(`20260501-08000${k}-000${k}`)).toHaveLength(2 * N);
        const sharedCases = await store.caseResults('20260501-090000-ffff');
        expect(sharedCases).toHaveLength(N);
        expect(new Set(sharedCases.map((c) => c.caseId)).size).toBe(N);
        expect((await store.cells({ runId: '20260501-090000-ffff' })).map((c) => `${c.modelId}:${c.passed}`)).toEqual([`albert:${N - N / 5}`]);
        expect(await store.suites('20260501-090000-ffff')).toHaveLength(1);
      } finally {
        await store.close();
      }
    } finally {
      await server.stop();
    }
  }, 240_000); // five processes and a server on a shared 2-core machine
});
