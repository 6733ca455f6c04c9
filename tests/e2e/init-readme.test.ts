/**
 * The README's « Démarrer avec vos modèles » path, run as written (issue 23 acceptance): on a copy of
 * the project, with an Ollama-compatible loopback server, `init --force` then `run` compare its model
 * on the project's suites without any edit. The fenced commands are read from the README itself.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { startOllamaServer, type FakeServer } from '../helpers/ollama-server.js';

const readmeCommands = (): string[] => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## Démarrer avec vos modèles')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.trim()).filter(Boolean);
};

describe('README: getting started with your own models', () => {
  let ollama: FakeServer;
  beforeAll(async () => {
    ollama = await startOllamaServer({
      models: [{ name: 'qwen2.5:3b', digest: 'c'.repeat(64), details: { parameter_size: '3.1B', quantization_level: 'Q4_K_M' } }],
      respond: () => ({ pieces: ['Bonjour.'], promptEvalCount: 10, evalCount: 2 }),
    });
  });
  afterAll(() => ollama.close());

  it('has the four steps, and its commands compare the Ollama model on every suite', { timeout: 600_000 }, async () => {
    const commands = readmeCommands();
    expect(commands).toEqual(['npm ci', 'ollama pull qwen2.5:3b', 'npx bac-a-sable init --force', 'npx bac-a-sable run']);
    // A copy of the project as cloned (its config, suites, datasets and the demo model file).
    const dir = mkdtempSync(join(tmpdir(), 'bas-readme-'));
    for (const p of ['bac-a-sable.config.yaml', 'suites', 'datasets', 'models']) cpSync(join(REPO_ROOT, p), join(dir, p), { recursive: true });
    const env = {
      NODE_OPTIONS: `--require ${resolve(REPO_ROOT, 'tests', 'helpers', 'no-network.cjs')}`,
      OLLAMA_HOST: ollama.url,
      BAC_A_SABLE_INIT_OPENAI: '',
    };
    const outputs: string[] = [];
    for (const line of commands.filter((c) => c.startsWith('npx bac-a-sable '))) {
      const r = await runCli(line.split(' ').slice(2), { cwd: dir, env, timeoutMs: 560_000 });
      expect(r.code, `${line}\n${r.stderr.slice(-2000)}`).toBe(0);
      outputs.push(r.stdout);
    }
    expect(outputs[0]).toContain(`✓ Ollama à ${ollama.url} : 1 modèle(s)`);
    expect(outputs[0]).toContain('Ensuite : npx bac-a-sable run');
    expect(existsSync(join(dir, 'bac-a-sable.config.yaml.bak'))).toBe(true);
    const report = /Rapport : (\S+)/.exec(outputs[1] ?? '')?.[1];
    expect(report && existsSync(join(dir, report))).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, report!.replace(/report\.html$/, 'summary.json')), 'utf8')) as { cells: { suite: string; model: string }[] };
    const suites = new Set(summary.cells.map((c) => c.suite));
    const ollamaSuites = new Set(summary.cells.filter((c) => c.model === 'qwen2.5:3b').map((c) => c.suite));
    expect(ollamaSuites.size).toBeGreaterThanOrEqual(10);
    expect([...suites].filter((s) => !ollamaSuites.has(s))).toEqual([]);
    expect(ollama.requests.filter((r) => r.path === '/api/chat').length).toBeGreaterThan(100);
  });
});
