/**
 * finalizeRunFolder reads results.jsonl once and feeds every collector from that one pass. Proof
 * that the outputs did not change: on the same run folder, the former way (each collector streaming
 * the file on its own, the report re-reading it) and the single pass write byte-identical files,
 * timestamps aside. The folder comes from a real run (reference and echo baselines, two suites),
 * with judges' verdicts and energy readings added so every collector has something to say.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalizeRunFolder, readManifest, type RunTiming } from '../../../harness/commands/finalize.js';
import { writeEnergyFiles } from '../../../harness/commands/energy-files.js';
import { writeEgressSummary } from '../../../harness/commands/egress-files.js';
import { isCalibration } from '../../../harness/core/calibration.js';
import type { CaseResult, Hosting } from '../../../harness/core/types.js';
import { writeReportsIndex, writeRunReport } from '../../../harness/report/index.js';
import { writeResultsCsv } from '../../../harness/reporters/results-csv.js';
import { judgeAgreement } from '../../../harness/stats/agreement.js';
import { analyzeRun } from '../../../harness/stats/analyze.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';
import { writeJsonAtomic } from '../../../harness/store/files.js';
import { readResults } from '../../../harness/store/jsonl.js';
import { runFile } from '../../../harness/store/run-folder.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { runInProcess } from '../../helpers/in-process.js';
import { onlyRunDir } from '../../helpers/run-folder.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The former finalize, kept here as the reference: one stream of results.jsonl per collector. */
const finalizeSixPasses = async (runDir: string, timing: RunTiming): Promise<void> => {
  const manifest = readManifest(runDir);
  const ci = (manifest.energy as { carbonIntensityGPerKwh?: number } | undefined)?.carbonIntensityGPerKwh;
  const collector = createSummaryCollector(ci);
  const resultsFile = runFile(runDir, 'results');
  for await (const r of readResults(resultsFile)) collector.add(r);
  const suites = ((manifest.suites ?? []) as { id: string; community: string; target?: number; margin?: number }[]).map((s) => ({
    id: s.id, community: s.community, ...(s.target === undefined ? {} : { target: s.target }), ...(s.margin === undefined ? {} : { marginPoints: s.margin }),
  }));
  const all = (manifest.models ?? []) as { id: string; hosting: Hosting; provider: string; calibration?: boolean }[];
  const calibration = new Set(all.filter((m) => isCalibration(m)).map((m) => m.id));
  const models = all.map((m) => ({ id: m.id, hosting: m.hosting, ...(calibration.has(m.id) ? { calibration: true } : {}) }));
  const base = collector.summary(manifest.runId, timing.startedAt, timing, calibration);
  const analysis = await analyzeRun(readResults(resultsFile), suites, models);
  const judgesAgreement = await judgeAgreement(readResults(resultsFile));
  writeJsonAtomic(runFile(runDir, 'summary'), { ...base, ...analysis, ...(judgesAgreement.length > 0 ? { judgeAgreement: judgesAgreement } : {}) });
  writeEgressSummary(runDir);
  await writeResultsCsv(runFile(runDir, 'csv'), readResults(resultsFile));
  await writeEnergyFiles(runDir, manifest as never, readResults(resultsFile), new Date(timing.finishedAt));
  await writeRunReport(runDir, { lang: 'fr' });
  await writeReportsIndex(dirname(dirname(runDir)), { lang: 'fr' });
};

const filesOf = (dir: string, base = dir): Map<string, string> => {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const [k, v] of filesOf(p, base)) out.set(k, v);
    else out.set(p.slice(base.length + 1), readFileSync(p, 'utf8'));
  }
  return out;
};

/** Dates written at finalize time (the report's « généré le », the energy files' timestamps). */
const withoutTimestamps = (text: string): string =>
  text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<ts>')
    .replace(/\d{1,2} [a-zéû]+ \d{4}( à)? \d{1,2}[:h]\d\d/g, '<date>');

describe('finalize: one pass over results.jsonl', () => {
  it('writes the same files, byte for byte (timestamps aside), as one stream per collector', { timeout: 240_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'finalize-pass-'));
    dirs.push(work);
    const out = join(work, 'reports', 'runs');
    const suites = ['suites/assistants-administratifs/accuse-reception.yaml', 'suites/assistants-administratifs/falc.yaml'].map((s) => join(REPO_ROOT, s));
    const r = await runInProcess(['run', ...suites.flatMap((s) => ['--suite', s]), '--model', 'reference', '--model', 'echo', '--repeat', '2', '--out', out], REPO_ROOT);
    expect(r.code, r.stderr).toBe(0);
    const runDir = onlyRunDir(out);

    // Judges and energy on the lines, so judge agreement and the energy files are not empty.
    const lines = readFileSync(runFile(runDir, 'results'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaseResult);
    expect(lines.length).toBeGreaterThan(8);
    const augmented = lines.map((c, i) => ({
      ...c,
      scores: [...c.scores, { type: 'llm-rubric', value: i % 3 === 0 ? 0 : 1, pass: i % 3 !== 0, reason: 'r', judges: [
        { judge: 'j1', score: i % 3 === 0 ? 0 : 1, pass: i % 3 !== 0, reason: 'a' },
        { judge: 'j2', score: i % 4 === 0 ? 0 : 1, pass: i % 4 !== 0, reason: 'b' },
      ] }],
      energy: { joules: 10 + i, method: 'cpu-time-share+ram-dimm-model', measured: false, scope: 'process-tree', components: { cpu: 4 + i, ram: 6 }, windowMs: [1000 * i, 1000 * i + 500], allocated: true, co2eG: 0.001 * i },
    }));
    writeFileSync(runFile(runDir, 'results'), `${augmented.map((l) => JSON.stringify(l)).join('\n')}\n`);

    const timing: RunTiming = { startedAt: '2026-03-02T09:00:00.000Z', finishedAt: '2026-03-02T09:05:00.000Z', durationMs: 300_000, complete: true, interrupted: false };
    const copy = (name: string): string => {
      const root = join(work, name, 'reports', 'runs');
      cpSync(runDir, join(root, basename(runDir)), { recursive: true });
      return join(root, basename(runDir));
    };
    const before = copy('six-passes');
    const after = copy('one-pass');
    await finalizeSixPasses(before, timing);
    await finalizeRunFolder(after, timing, { lang: 'fr' });

    const a = filesOf(dirname(dirname(before)));
    const b = filesOf(dirname(dirname(after)));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const name of ['summary.json', 'results.csv', 'emissions.csv', 'energy_report.json', 'report.html']) {
      expect([...a.keys()].some((k) => k.endsWith(name)), name).toBe(true);
    }
    for (const [name, text] of a) {
      const other = b.get(name)!.replaceAll(after, before).replaceAll(dirname(dirname(after)), dirname(dirname(before)));
      expect(withoutTimestamps(other), name).toBe(withoutTimestamps(text));
    }
    const summary = JSON.parse(a.get(`runs/${basename(runDir)}/summary.json`)!) as { judgeAgreement?: unknown[] };
    expect(summary.judgeAgreement?.length).toBeGreaterThan(0);
  });
});
