/** Command-line messages a new user meets (issue 19): did-you-mean, --help, a --model that would run nothing. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsOf } from '../../harness/cli.js';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

describe('command-line messages', () => {
  it('an unknown option gets a did-you-mean, exit 2, no stack trace', async () => {
    const r = await runInProcess(['run', '--modle', 'x'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Argument inconnu : modle \(vouliez-vous dire : --modle → --model \?\)/);
    const two = await runInProcess(['run', '--fial-under', '0.9'], tmpdir());
    expect(two.stderr).toMatch(/--fial-under → --fail-under \?/);
    expect(two.stderr).not.toMatch(/fialUnder →/);
    expect(two.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a bad option value is a usage error (2), not an internal bug', async () => {
    const r = await runInProcess(['run', '--repeat', '0'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--repeat : entier ≥ 1 attendu/);
    expect(r.stderr).not.toMatch(/Erreur interne/);
  });

  it('--help shows examples and the exit codes', async () => {
    const r = await runCli(['--help'], { cwd: tmpdir() });
    expect(r.stdout).toMatch(/Exemples :/);
    expect(r.stdout).toMatch(/--fail-under 0\.9 --junit junit\.xml/);
    expect(r.stdout).toMatch(/Codes de sortie : 0 terminé .* 4 seuil de qualité non atteint/s);
  });

  it('optionsOf reads the options from the yargs definition', async () => {
    const run = await optionsOf(['run']);
    for (const o of ['suite', 'model', 'shard', 'junit', 'fail-under', 'format', 'quiet', 'config']) expect(run).toContain(o);
    expect(await optionsOf(['merge'])).toEqual(expect.arrayContaining(['out', 'junit']));
  });

  it('an explicit --model whose suites: excludes the chosen suites is an input error that says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-idle-'));
    mkdirSync(join(dir, 'suites'));
    writeFileSync(join(dir, 'suites', 'a.yaml'), 'id: suite-a\ntitle: A\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: x }, assert: [{ type: equals, value: x }] }\n');
    writeFileSync(join(dir, 'config.yaml'), 'models:\n  - { id: rh-seul, provider: echo, hosting: local, suites: [rh] }\n');
    const r = await runInProcess(['run', '--suite', 'suites/a.yaml', '--config', 'config.yaml', '--model', 'rh-seul'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/« rh-seul » ne lancerait rien : sa configuration le limite aux suites rh \(champ suites:\), et la campagne ne contient que suite-a/);
  });

  it('a missing API key points at the model\'s line of the config, not line 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-key-'));
    writeFileSync(join(dir, 's.yaml'), 'id: s\ntitle: S\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: x }, assert: [{ type: equals, value: x }] }\n');
    writeFileSync(join(dir, 'config.yaml'), '# modèles\nmodels:\n  - id: local\n    provider: echo\n    hosting: local\n  - id: distant\n    provider: openai-compatible\n    baseUrl: "http://127.0.0.1:9/v1"\n    model: m\n    apiKeyEnv: CLE_ABSENTE\n    hosting: on-prem\n');
    const r = await runInProcess(['run', '--suite', 's.yaml', '--config', 'config.yaml', '--model', 'distant'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^config\.yaml:6(:\d+)? .*CLE_ABSENTE n'est pas définie/m);
  });

  it('a missing --suite path is explained as a path typed on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-path-'));
    writeFileSync(join(dir, 'config.yaml'), 'models:\n  - { id: e, provider: echo, hosting: local }\n');
    const r = await runInProcess(['run', '--suite', 'suites/absente.yaml', '--config', 'config.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--suite: fichier de suite introuvable : suites\/absente\.yaml \(chemin donné sur la ligne de commande/);
    expect(r.stderr).not.toMatch(/relatif au fichier de suite/);
  });

  it('validate CONFIG.yaml validates it as a configuration; validate warns about new-suite placeholders left as they are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-validate-'));
    expect((await runInProcess(['new-suite', 'rh', 'essai-conges'], dir)).code).toBe(0);
    const fresh = await runInProcess(['validate', 'suites'], dir);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toMatch(/suites\/rh\/essai-conges\.yaml:\d+ {2}texte d’exemple de « new-suite » encore présent/);
    expect(fresh.stderr).toMatch(/essai-conges\.csv:2 {2}texte d’exemple/);
    writeFileSync(join(dir, 'mauvaise.yaml'), 'models:\n  - { id: e, provider: nope, hosting: local }\n');
    const bad = await runInProcess(['validate', 'mauvaise.yaml'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mauvaise\.yaml:2:\d+ {2}models\.0\.provider: fournisseur inconnu « nope »/m);
  });
});
