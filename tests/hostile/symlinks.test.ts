/**
 * Attack: make the harness read a file outside the project through a symbolic link (a dataset, a
 * folder of datasets, a suite, a RAG corpus) or write a run folder outside it. Every path a person
 * writes goes through one resolver (realpath, then containment): a link leading out is an input
 * error (exit 2) at the file:line that names it, and nothing is read, sent or written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { chats, CORPUS, createProject, suiteYaml } from './project.js';

const SECRET = 'Fichier hors projet : NIR 1 84 12 75 108 123 47';

describe('links leading out of the project', () => {
  let cloud: OpenAIServer;
  let outside: string;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'vu' });
    outside = mkdtempSync(join(tmpdir(), 'bas-outside-'));
    writeFileSync(join(outside, 'secret.csv'), `q\n${SECRET}\n`);
    writeFileSync(join(outside, 'suite.yaml'), suiteYaml('dehors', 'public', ['Horaires ?']));
    mkdirSync(join(outside, 'corpus'));
    writeFileSync(join(outside, 'corpus', 'secret.md'), `# Secret\n\n## Paie\n\n${SECRET}\n`);
  });
  afterAll(() => cloud.close());

  const project = () => {
    const p = createProject('links');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\n`);
    return p;
  };

  const refused = async (p: ReturnType<typeof project>, where: RegExp, args: string[] = []) => {
    const before = chats(cloud).length;
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(2);
    expect(v.stderr).toMatch(where);
    const r = await runCli(['run', ...args], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(`${v.stderr}${r.stderr}${r.stdout}`).not.toContain('108 123');
    expect(chats(cloud).length).toBe(before);
    expect(p.runDirs()).toEqual([]);
  };

  it('a dataset that is a link to a file outside', async () => {
    const p = project();
    p.write('suites/s.yaml', suiteYaml('s', 'public', []).replace('tests:\n', 'tests: ../datasets/d.csv\n'));
    mkdirSync(join(p.dir, 'datasets'));
    symlinkSync(join(outside, 'secret.csv'), join(p.dir, 'datasets/d.csv'));
    await refused(p, /suites\/s\.yaml:6:\d+ {2}tests: chemin refusé : « \.\.\/datasets\/d\.csv » est un lien symbolique vers .*secret\.csv, hors du projet/);
  });

  it('a dataset inside a folder that is a link to outside', async () => {
    const p = project();
    p.write('suites/s.yaml', suiteYaml('s', 'public', []).replace('tests:\n', 'tests:\n  - ../datasets/ext/secret.csv\n'));
    mkdirSync(join(p.dir, 'datasets'));
    symlinkSync(outside, join(p.dir, 'datasets/ext'));
    await refused(p, /suites\/s\.yaml:7:\d+ {2}tests\.0: chemin refusé : un dossier de « \.\.\/datasets\/ext\/secret\.csv » est un lien symbolique/);
  });

  it('a suite file in suites/ that is a link to a suite outside', async () => {
    const p = project();
    mkdirSync(join(p.dir, 'suites'));
    symlinkSync(join(outside, 'suite.yaml'), join(p.dir, 'suites/dehors.yaml'));
    await refused(p, /suites\/dehors\.yaml:1 {2}chemin refusé : « .*dehors\.yaml » est un lien symbolique/);
  });

  it('a RAG corpus that is a link to a folder outside', async () => {
    const p = project();
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: reference, provider: reference, hosting: local }\n  - { id: rag, provider: rag, model: reference, corpus: docs, hosting: local }\n`);
    p.write('suites/s.yaml', suiteYaml('s', 'public', ['Paie ?']));
    symlinkSync(join(outside, 'corpus'), join(p.dir, 'docs'));
    await refused(p, /bac-a-sable\.config\.yaml:3:\d+ {2}models\.1\.corpus: chemin refusé : « docs » est un lien symbolique/);
  });

  it('a run folder behind a link to outside (config defaults.out or --out)', async () => {
    const p = project();
    p.write('suites/s.yaml', suiteYaml('s', 'public', ['Horaires ?']));
    const sink = mkdtempSync(join(tmpdir(), 'bas-sink-'));
    symlinkSync(sink, join(p.dir, 'sorties'));
    const before = chats(cloud).length;
    const r = await runCli(['run', '--out', 'sorties/runs'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--out: chemin refusé : un dossier de « sorties\/runs » est un lien symbolique/);
    expect(chats(cloud).length).toBe(before);
    expect(readdirSync(sink)).toEqual([]);
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\ndefaults:\n  out: sorties\n`);
    const r2 = await runCli(['run'], { cwd: p.dir });
    expect(r2.code, r2.stderr).toBe(2);
    expect(r2.stderr).toMatch(/defaults\.out: chemin refusé/);
    expect(readdirSync(sink)).toEqual([]);
  });

  it('a link loop in suites/ neither hangs nor crashes, and links inside the project are fine', async () => {
    const p = project();
    p.write('datasets/vrai.csv', 'q\nHoraires ?\n');
    p.write('suites/s.yaml', suiteYaml('s', 'public', []).replace('tests:\n', 'tests: ../datasets/lien.csv\n'));
    symlinkSync(join(p.dir, 'datasets/vrai.csv'), join(p.dir, 'datasets/lien.csv'));
    symlinkSync(join(p.dir, 'suites'), join(p.dir, 'suites/boucle'));
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/1 suite\(s\), 1 cas/);
    expect(existsSync(join(p.dir, 'reports'))).toBe(false);
  });
});
