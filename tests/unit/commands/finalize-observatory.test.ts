/**
 * The end of a run reads results.jsonl once: the observatory is recorded from the case records
 * finalize gathered in its pass. Proof: after finalize, results.jsonl is replaced by garbage, and
 * the store still holds exactly what the former path (the importer reading the file) gives. Also:
 * the home page is written once, from the store, or from the run folders when the store fails.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalizeRunFolder, type RunTiming } from '../../../harness/commands/finalize.js';
import { recordRun } from '../../../harness/store/observatory/import.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import { runFile } from '../../../harness/store/run-folder.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { runInProcess } from '../../helpers/in-process.js';
import { onlyRunDir } from '../../helpers/run-folder.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'finalize-obs-'));
  dirs.push(d);
  return d;
};

const SUITE = join(REPO_ROOT, 'suites/assistants-administratifs/accuse-reception.yaml');
const timing: RunTiming = { startedAt: '2026-03-02T09:00:00.000Z', finishedAt: '2026-03-02T09:05:00.000Z', durationMs: 300_000, complete: true, interrupted: false };

/** Everything a store holds about a run, the folder path aside. */
const dump = async (db: string) => {
  const store = createSqliteStore(db);
  try {
    const [run] = await store.listRuns();
    const runId = run!.runId;
    return {
      run: { ...run, runDir: null },
      cells: await store.cells({ runId }),
      cases: await store.caseResults(runId),
      suites: await store.suites(runId),
      models: await store.models(runId),
      egress: await store.egress(runId),
    };
  } finally {
    await store.close();
  }
};

describe('end of a run: the observatory fed by finalize’s single pass', () => {
  it('records the same rows as the importer reading results.jsonl, without reading it again', { timeout: 120_000 }, async () => {
    const work = temp();
    const out = join(work, 'reports', 'runs');
    const r = await runInProcess(['run', '--suite', SUITE, '--model', 'reference', '--model', 'echo', '--repeat', '2', '--out', out], REPO_ROOT);
    expect(r.code, r.stderr).toBe(0);
    const runDir = onlyRunDir(out);
    // A line written twice (a resumed case) and an unreadable line: both paths must agree on them.
    const lines = readFileSync(runFile(runDir, 'results'), 'utf8').trim().split('\n');
    const again = { ...(JSON.parse(lines[0]!) as { caseId: string; model: string; repeat: number }), status: 'failed', score: 0.25, latencyMs: 12.5 };
    writeFileSync(runFile(runDir, 'results'), `${lines.join('\n')}\npas du json\n${JSON.stringify(again)}\n`);

    const copy = (name: string): string => {
      const dir = join(work, name, basename(runDir));
      cpSync(runDir, dir, { recursive: true });
      return dir;
    };
    const former = copy('former');
    const single = copy('single');
    await finalizeRunFolder(former, timing, { index: false });
    const fromFile = await recordRun(join(work, 'former.db'), former);

    const { cases } = await finalizeRunFolder(single, timing, { index: false });
    // From here on, results.jsonl is unreadable: recording must not need it.
    writeFileSync(runFile(single, 'results'), 'illisible\n');
    const fromPass = await recordRun(join(work, 'single.db'), single, cases);

    expect(fromPass).toEqual(fromFile);
    expect(fromPass.skippedLines).toBe(1);
    const [a, b] = [await dump(join(work, 'former.db')), await dump(join(work, 'single.db'))];
    expect(b.cases.length).toBe(lines.length);
    expect(b.cases.find((c) => c.caseId === again.caseId && c.modelId === again.model && c.repeat === again.repeat)).toMatchObject({ status: 'failed', score: 0.25, latencyMs: 12.5 });
    expect(b).toEqual(a);
  });

  it('`run` writes the home page once, from the store; when the store cannot be opened, from the folders', { timeout: 120_000 }, async () => {
    const work = temp();
    const reports = join(work, 'reports');
    const out = join(reports, 'runs');
    const ok = await runInProcess(['run', '--suite', SUITE, '--model', 'reference', '--out', out], REPO_ROOT);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(reports, 'observatoire.db'))).toBe(true);
    const page = readFileSync(join(reports, 'index.html'), 'utf8');
    expect(page).toContain(basename(onlyRunDir(out)));

    // A folder where the database should be: the store fails, the run still ends well with its home page.
    const broken = join(work, 'broken');
    mkdirSync(join(broken, 'observatoire.db'), { recursive: true });
    const ko = await runInProcess(['run', '--suite', SUITE, '--model', 'reference', '--out', join(broken, 'runs')], REPO_ROOT);
    expect(ko.code, ko.stderr).toBe(0);
    expect(ko.stderr).toContain('index de l’observatoire non mis à jour');
    expect(statSync(join(broken, 'index.html')).isFile()).toBe(true);
    expect(readFileSync(join(broken, 'index.html'), 'utf8')).toContain(basename(onlyRunDir(join(broken, 'runs'))));
  });
});
