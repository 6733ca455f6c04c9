/**
 * `--junit` on 100,000 results of one suite × two models: the document is complete (every
 * testcase, the right counts, well-formed for a real XML parser) and the process stays well below
 * what holding the results costs. Grouping used to copy a group's array at every result: one group
 * of 20,000 results took 10 s, 40,000 took 56 s, 50,000 did not finish in minutes; the child's time
 * limit below is a hang guard, not a speed measurement (benchmark 4 gives the timings).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const RESULTS = 100_000;
/** MB, through tsx: measured 159 MB; one CaseResult object kept per result measured 263 MB. */
const PEAK_RSS_BOUND_MB = 220;

const work = mkdtempSync(join(tmpdir(), 'junit-large-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('--junit, 100,000 results', () => {
  it(`writes every testcase and peaks under ${PEAK_RSS_BOUND_MB} MB`, { timeout: 300_000 }, async () => {
    const file = createWriteStream(join(work, 'results.jsonl'));
    let failed = 0;
    for (let i = 0; i < RESULTS; i++) {
      const status = i % 10 === 0 ? 'failed' : 'passed';
      if (status === 'failed') failed++;
      const line = {
        runId: 'r-large', suite: 'accuse-reception', model: `modele-${i % 2}`, caseId: `cas-${i}`, repeat: 1, status, latencyMs: 40 + (i % 50),
        prompt: 'Rédigez un accusé de réception pour la demande suivante. '.repeat(4), output: 'Madame, Monsieur, nous accusons réception de votre demande. '.repeat(5),
        scores: [{ type: 'contains', pass: status === 'passed', score: status === 'passed' ? 1 : 0, reason: status === 'passed' ? '' : 'mot attendu absent : « réception »' }],
      };
      if (!file.write(`${JSON.stringify(line)}\n`)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
    writeFileSync(join(work, 'summary.json'), JSON.stringify({ runId: 'r-large', startedAt: '2026-03-02T09:00:00.000Z', cells: [] }));

    const child = spawnSync(process.execPath, ['--heap-growing-percent=50', '--import', 'tsx', join(REPO_ROOT, 'tests/helpers/junit-child.ts'), work], {
      cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 240_000,
    });
    expect(child.error, 'le processus --junit ne s’est pas terminé à temps').toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    const { maxRssKb, file: xmlFile } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { maxRssKb: number; file: string };
    const xml = readFileSync(xmlFile, 'utf8');
    expect(xml).toContain(`<testsuites name="bac-a-sable r-large" tests="${RESULTS}" failures="${failed}" errors="0"`);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    let testcases = 0;
    for (let at = xml.indexOf('<testcase '); at >= 0; at = xml.indexOf('<testcase ', at + 1)) testcases++;
    expect(testcases).toBe(RESULTS);
    const lint = spawnSync('xmllint', ['--noout', '--stream', xmlFile], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
    process.stdout.write(`--junit, 100 000 résultats : pic RSS ${(maxRssKb / 1024).toFixed(0)} Mo\n`);
    expect(maxRssKb / 1024).toBeLessThan(PEAK_RSS_BOUND_MB);
  });
});
