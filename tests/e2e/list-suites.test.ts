/**
 * `list suites` loads suites exactly as `validate` and `run` do: with the config's
 * `policy.publicContacts`. It once forgot them and refused the project's own suites (33 « donnée
 * personnelle probable » for the city's switchboard numbers) while `validate` accepted them.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

describe('list suites', () => {
  it('lists every project suite with the config the other commands use', async () => {
    const r = await runCli(['list', 'suites'], { cwd: REPO_ROOT, timeoutMs: 120_000 });
    expect(r.stderr).not.toContain('donnée personnelle');
    expect(r.code).toBe(0);
    for (const id of ['traduction-fr-es', 'chatbot-questions', 'rag-documentation']) expect(r.stdout).toContain(id);
  }, 150_000);

  it('still refuses a personal value that is not one of the public contacts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-list-'));
    cpSync(join(REPO_ROOT, 'bac-a-sable.config.yaml'), join(dir, 'bac-a-sable.config.yaml'));
    mkdirSync(join(dir, 'suites', 'essai'), { recursive: true });
    writeFileSync(
      join(dir, 'suites', 'essai', 'appel.yaml'),
      [
        'id: appel',
        'title: Appel',
        'community: essai',
        'classification: public',
        'prompt: "Répondez : {{vars.q}}"',
        'tests:',
        '  - vars: { q: "Rappelez Mme Durand au 06 12 34 56 78" }',
        '    assert: [{ type: contains, value: "oui" }]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['list', 'suites'], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('appel.yaml');
    expect(r.stderr).toContain('téléphone');
    expect(r.stderr).not.toContain('06 12 34 56 78');
  }, 150_000);
});
