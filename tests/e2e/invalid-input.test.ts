import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const project = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-invalid-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
};

const CONFIG = 'models:\n  - { id: echo, provider: echo, hosting: local }\n';
const SUITE = 'id: s\ntitle: S\ncommunity: c\nclassification: public\nprompt: "{{q}}"\n';

describe('bad input through the real CLI', () => {
  it('validate lists every problem at file:line:col, exits 2, prints no stack trace', async () => {
    const dir = project({
      'c.yaml': CONFIG,
      's.yaml': `${SUITE}tests:\n  - vars: { q: a }\n    assert: [{ type: chfr, value: x }]\n  - vars: { x: b }\n    assert: [{ type: regex, value: "(" }]\n`,
    });
    const r = await runCli(['validate', 's.yaml', '--config', 'c.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^s\.yaml:8:\d+ {2}assert\.0\.type: .*chfr/));
    expect(lines).toContainEqual(expect.stringMatching(/^s\.yaml:9:\d+ {2}vars\.q: variable « q »/));
    expect(lines).toContainEqual(expect.stringMatching(/^s\.yaml:10:\d+ {2}assert\.0\.value: /));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('run refuses invalid input with exit 2 and writes nothing', async () => {
    const dir = project({ 'c.yaml': CONFIG, 's.yaml': `${SUITE}tests: absent.csv\n` });
    const r = await runCli(['run', '--suite', 's.yaml', '--config', 'c.yaml', '--out', 'sorties'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^s\.yaml:6:8 {2}tests: fichier introuvable/m);
    expect(existsSync(join(dir, 'sorties'))).toBe(false);
  });

  it('reports config mistakes with a did-you-mean', async () => {
    const dir = project({ 'c.yaml': 'models:\n  - { id: m, provider: olama, hosting: local }\n  - { id: n, provider: echo, hosting: cloud }\n', 's.yaml': `${SUITE}tests: [{ vars: { q: a } }]\n` });
    const r = await runCli(['run', '--suite', 's.yaml', '--config', 'c.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^c\.yaml:2:\d+ {2}models\.0\.provider: fournisseur inconnu « olama » \(vouliez-vous dire « ollama » \?\)/m);
    expect(r.stderr).toMatch(/^c\.yaml:3:\d+ {2}models\.1\.hosting: valeur non admise/m);
  });

  it('rejects unknown options and commands with exit 2', async () => {
    const dir = project({});
    expect((await runCli(['run', '--modle', 'x'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['lancer'], { cwd: dir })).code).toBe(2);
  });
});
