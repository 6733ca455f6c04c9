/**
 * Attack: malformed input meant to crash the harness (exit 1 with a stack) or exhaust its memory —
 * a JSONL case nested 3,000 deep, a CSV of 200,000 rows, a damaged manifest.json given to `report`,
 * a damaged egress.json at resume. Each ends with exit 2 and a located French message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createProject } from './project.js';

const HEAD = 'id: s\ntitle: s\ncommunity: c\nclassification: public\nprompt: "{{q}}"\n';
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Erreur interne/);

describe('malformed input', () => {
  it.each([
    ['an array 3,000 deep', (n: number) => `{"vars":{"q":"x","v":${'['.repeat(n)}1${']'.repeat(n)}}}`],
    ['objects 3,000 deep', (n: number) => `{"vars":{"q":"x","v":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}}`],
  ])('a JSONL case with %s: exit 2 at its line', async (_name, build) => {
    const p = createProject('deep');
    p.write('suites/s.yaml', `${HEAD}tests: ../datasets/d.jsonl\n`);
    p.write('datasets/d.jsonl', `{"vars":{"q":"ok"}}\n${build(3000)}\n`);
    const r = await runCli(['validate'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/datasets\/d\.jsonl:2 {2}structure imbriquée sur plus de 64 niveaux/);
    noStack(r.stderr);
  });

  it('a CSV of 200,000 rows validates; the same with bad rows lists the first ones and counts the rest', async () => {
    const p = createProject('big');
    p.write('suites/s.yaml', `${HEAD}tests: ../datasets/d.csv\n`);
    const rows = Array.from({ length: 200_000 }, (_, i) => `question ${i};contains: ${i}`);
    p.write('datasets/d.csv', `q;__expected\n${rows.join('\n')}\n`);
    const ok = await runCli(['validate'], { cwd: p.dir, timeoutMs: 120_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/200000 cas/);
    p.write('datasets/d.csv', `q;__expected\n${rows.map((r) => `${r};trop`).join('\n')}\n`);
    const bad = await runCli(['validate'], { cwd: p.dir, timeoutMs: 120_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/datasets\/d\.csv:2 {2}ligne à 3 cellule\(s\) au lieu de 2/);
    expect(bad.stderr).toMatch(/… et 199800 autre\(s\) problème\(s\) non affiché\(s\)/);
    noStack(bad.stderr);
  }, 300_000);

  const finishedRun = async () => {
    const p = createProject('run');
    p.write('bac-a-sable.config.yaml', 'models:\n  - { id: reference, provider: reference, hosting: local }\n');
    p.write('suites/s.yaml', `${HEAD}tests:\n  - { vars: { q: "a" }, reference: "a" }\n`);
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    return { p, runDir: p.runDirs()[0]! };
  };

  it('report on a damaged manifest.json: exit 2 at the line of the damage', async () => {
    const { p, runDir } = await finishedRun();
    const file = join(runDir, 'manifest.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const r = await runCli(['report', runDir], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json:\d+:\d+ {2}JSON invalide/);
    noStack(r.stderr);
    writeFileSync(file, JSON.stringify({ runId: 42, createdAt: [] }));
    const r2 = await runCli(['report', runDir], { cwd: p.dir });
    expect(r2.code, r2.stderr).toBe(2);
    expect(r2.stderr).toMatch(/manifest\.json:1 {2}runId: /);
    noStack(r2.stderr);
  });

  it('resume with a damaged egress.json: no crash, the file is rebuilt from the ledger', async () => {
    const { p, runDir } = await finishedRun();
    writeFileSync(join(runDir, 'egress.json'), '{"hosts": [{"host": "x", "hosting": "lune"');
    const r = await runCli(['run', '--resume', runDir], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    noStack(r.stderr);
    expect(JSON.parse(readFileSync(join(runDir, 'egress.json'), 'utf8'))).toMatchObject({ runId: expect.any(String), hosts: expect.any(Array) });
  });
});
