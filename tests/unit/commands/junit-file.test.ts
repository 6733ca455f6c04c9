/**
 * `--junit`: the document is built from results.jsonl in two passes without holding the results.
 * Same bytes whatever the order of the lines, sorted by suite, model, case and repeat, valid against
 * the schema, a torn last line skipped, written whole or not at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../harness/commands/context.js';
import { writeJunitFile } from '../../../harness/commands/junit-file.js';

const XSD = fileURLToPath(new URL('../../fixtures/junit/junit.xsd', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'junit-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const results = (): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = [];
  let k = 0;
  for (const suite of ['zeta', 'alpha', 'Émile']) {
    for (const model of ['m2', 'm1']) {
      for (const caseId of ['c10', 'c2', 'é-cas', 'Zoé', 'a<b>&"q"']) {
        for (const repeat of [2, 1]) {
          k++;
          const status = k % 5 === 0 ? 'error' : k % 3 === 0 ? 'failed' : 'passed';
          out.push({
            runId: 'r1', suite, model, caseId, repeat, status, latencyMs: k % 7 === 0 ? null : 100 + k,
            output: `réponse ${k} <b>&\u0007`,
            scores: [{ type: 'equals', pass: status === 'passed', score: status === 'passed' ? 1 : 0, reason: `raison ${k}` }],
            ...(status === 'error' ? { error: { code: 'provider-error', message: `panne ${k} <&>"` } } : {}),
          });
        }
      }
    }
  }
  return out;
};

const ctx = (cwd: string) => ({ cwd, env: {}, stdout: { write: () => true }, stderr: { write: () => true } }) as unknown as CommandContext;

const runFolder = (name: string, lines: string[]): string => {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.jsonl'), lines.join('\n'));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ runId: 'r1', startedAt: '2026-03-02T09:00:00.123Z', cells: [{ suite: 'zeta', model: 'm1', passRate: 0.5 }] }));
  return dir;
};

const junitOf = async (dir: string): Promise<string> => readFileSync(await writeJunitFile(ctx(dir), dir, 'ci/junit.xml'), 'utf8');

/** A fixed shuffle (no randomness in tests). */
const shuffled = <T>(xs: T[]): T[] => xs.map((x, i) => ({ x, k: (i * 7919) % 101 })).sort((a, b) => a.k - b.k).map((e) => e.x);

describe('writeJunitFile', () => {
  it('sorts by suite, model, case and repeat; the same bytes whatever the order of the lines; valid against the schema', async () => {
    const lines = results().map((r) => JSON.stringify(r));
    const inOrder = await junitOf(runFolder('ordre', [...lines, '']));
    const mixed = await junitOf(runFolder('melange', shuffled(lines)));
    expect(mixed).toBe(inOrder);
    const suites = [...inOrder.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map((m) => m[1]);
    expect(suites).toEqual(['alpha × m1', 'alpha × m2', 'Émile × m1', 'Émile × m2', 'zeta × m1', 'zeta × m2']);
    const alphaM1 = inOrder.slice(inOrder.indexOf('alpha × m1'), inOrder.indexOf('alpha × m2'));
    const names = [...alphaM1.matchAll(/<testcase name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['a&lt;b&gt;&amp;&quot;q&quot; #1', 'a&lt;b&gt;&amp;&quot;q&quot; #2', 'c10 #1', 'c10 #2', 'c2 #1', 'c2 #2', 'é-cas #1', 'é-cas #2', 'Zoé #1', 'Zoé #2']);
    const all = results();
    const count = (s: string) => all.filter((r) => r.status === s).length;
    expect(inOrder).toContain(`<testsuites name="bac-a-sable r1" tests="${all.length}" failures="${count('failed')}" errors="${count('error')}"`);
    expect(inOrder).toContain('<property name="passRate" value="0.5"/>');
    expect(inOrder).not.toContain('\u0007');
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, join(work, 'ordre', 'ci', 'junit.xml')], { encoding: 'utf8' });
    expect(lint.stderr).toMatch(/validates/);
  });

  it('skips a last line torn by a crash and blank lines, and leaves no side file', async () => {
    const lines = results().slice(0, 4).map((r) => JSON.stringify(r));
    const dir = runFolder('dechire', [lines[0]!, '', lines[1]!, '   ', lines[2]!, lines[3]!.slice(0, 30)]);
    const xml = await junitOf(dir);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(readdirSync(join(dir, 'ci'))).toEqual(['junit.xml']);
  });

  it('an unreadable summary writes nothing, not even a side file, and keeps the previous document', async () => {
    const dir = runFolder('sans-resume', results().slice(0, 2).map((r) => JSON.stringify(r)));
    await junitOf(dir);
    const before = readFileSync(join(dir, 'ci', 'junit.xml'), 'utf8');
    writeFileSync(join(dir, 'summary.json'), '{ tronqué');
    await expect(writeJunitFile(ctx(dir), dir, 'ci/junit.xml')).rejects.toThrow();
    expect(readdirSync(join(dir, 'ci'))).toEqual(['junit.xml']);
    expect(readFileSync(join(dir, 'ci', 'junit.xml'), 'utf8')).toBe(before);
  });
});
