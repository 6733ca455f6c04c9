/** `run --format json` (the summary on stdout, human lines on stderr) and `--quiet`. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const writeProject = (url: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-output-'));
  mkdirSync(join(dir, 'cas'));
  writeFileSync(join(dir, 'cas', 'c.csv'), '__id;q;__expected\na;un;equals: oui\nb;deux;equals: oui\n');
  writeFileSync(join(dir, 'suite.yaml'), 'id: sortie\ntitle: S\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests: cas/c.csv\n');
  writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: m1, provider: openai-compatible, baseUrl: "${url}", model: m, hosting: on-prem }\n`);
  return dir;
};

describe('output for machines', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ respond: (b) => (b.messages.at(-1)?.content === 'un' ? 'oui' : 'non') });
  });
  afterAll(() => server.close());

  it('--format json: stdout is one JSON document with the summary and the exit code; progress is on stderr', async () => {
    const dir = writeProject(server.url);
    const r = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--model', 'm1', '--out', 'out', '--format', 'json', '--fail-under', '0.9'], { cwd: dir });
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout);
    expect(doc.exitCode).toBe(4);
    expect(doc.cells).toEqual([{ suite: 'sortie', model: 'm1', n: 2, passed: 1, failed: 1, errors: 0, passRate: 0.5, whPerRequest: null }]);
    expect(doc.gates.failures).toHaveLength(1);
    expect(doc.runDir).toContain(join(dir, 'out'));
    expect(r.stderr).toMatch(/Dossier de la campagne/);
    expect(r.stderr).toMatch(/sortie × m1/);
  });

  it('--quiet: nothing on stdout, no progress; the failed gate is still said on stderr', async () => {
    const dir = writeProject(server.url);
    const r = await runInProcess(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--model', 'm1', '--out', 'out', '--quiet', '--fail-under', '0.9'], dir, {});
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\[1\/2\]/);
    expect(r.stderr).toMatch(/seuil non atteint/);
  });
});
