/**
 * Issue acceptance: one command runs the same suite against an Ollama-protocol server, a
 * Mistral-protocol server, an OpenAI-compatible one, Apertium and the in-process GGUF model, and
 * each result carries ttftMs, latencyMs, tokens and the model's identity. Outbound connections other
 * than loopback are refused for the whole run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { startMistralServer } from '../helpers/mistral-server.js';
import { startOllamaServer } from '../helpers/ollama-server.js';
import { startOpenAIServer } from '../helpers/openai-server.js';

const hasApertium = (() => {
  try {
    execFileSync('apertium', ['-l'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const NO_NETWORK = resolve(REPO_ROOT, 'tests', 'helpers', 'no-network.cjs');

describe.skipIf(!hasApertium && !process.env.CI)('one run across every kind of provider', () => {
  const servers: { close(): Promise<void> }[] = [];
  let dir: string;
  beforeAll(async () => {
    const openai = await startOpenAIServer({ respond: () => ({ text: 'La biblioteca está abierta.', usage: { promptTokens: 20, completionTokens: 6 } }) });
    const ollama = await startOllamaServer({ respond: () => ({ pieces: ['La biblioteca', ' está abierta.'], promptEvalCount: 21, evalCount: 5 }) });
    const mistral = await startMistralServer({ apiKey: 'mistral-e2e-key', respond: () => ({ pieces: ['La biblioteca', ' está abierta.'], usage: { promptTokens: 19, completionTokens: 5 } }) });
    servers.push(openai, ollama, mistral);
    dir = mkdtempSync(join(tmpdir(), 'bas-mixed-'));
    writeFileSync(
      join(dir, 'suite.yaml'),
      `id: mixte
title: Traduction mixte
community: traduction
classification: public
prompt: "Traduis en espagnol : {{texte}}"
options: { temperature: 0, maxTokens: 24 }
defaultTest:
  assert: [{ type: icontains, value: biblioteca }]
tests:
  - { id: m1, vars: { texte: "La bibliothèque est ouverte." }, reference: "La biblioteca está abierta." }
  - { id: m2, vars: { texte: "La bibliothèque est fermée." }, reference: "La biblioteca está cerrada." }
`,
    );
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: vllm, provider: openai-compatible, baseUrl: "${openai.url}", model: qwen-7b, hosting: on-prem }
  - { id: ollama-qwen, provider: ollama, baseUrl: "${ollama.url}", model: "qwen2.5:3b", hosting: on-prem }
  - { id: mistral-small, provider: mistral, baseUrl: "${mistral.url}", model: mistral-small-latest, hosting: eu-cloud }
  - { id: apertium, provider: command, command: apertium, args: [fr-es], input: "{{vars.texte}}", hosting: local }
  - { id: stories, provider: gguf, model: stories260K, hosting: local }
`,
    );
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('records ttft, latency, tokens and model identity for each', async () => {
    const r = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'out'], {
      cwd: dir,
      env: { MISTRAL_API_KEY: 'mistral-e2e-key', BAC_A_SABLE_MODELS_PATH: resolve(REPO_ROOT, '..', 'shared', 'models'), NODE_OPTIONS: `--require ${NO_NETWORK}` },
    });
    expect(r.stderr).not.toContain('no-network');
    expect(r.code).toBe(0);
    const [runId] = readdirSync(join(dir, 'out'));
    const lines = readFileSync(join(dir, 'out', runId!, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    const byModel = new Map<string, typeof lines>();
    for (const l of lines) byModel.set(l.model, [...(byModel.get(l.model) ?? []), l]);
    expect([...byModel.keys()].sort()).toEqual(['apertium', 'mistral-small', 'ollama-qwen', 'stories', 'vllm']);
    for (const [model, results] of byModel) {
      for (const l of results) {
        expect(l.status, `${model}: ${l.error?.message}`).not.toBe('error');
        expect(l.latencyMs, model).toBeGreaterThan(0);
        expect(l.ttftMs, model).toBeGreaterThan(0);
        expect(l.ttftMs, model).toBeLessThanOrEqual(l.latencyMs);
        expect(l.tokens.output, model).toBeGreaterThan(0);
        expect(typeof l.modelIdentity, model).toBe('string');
      }
    }
    expect(byModel.get('apertium')![0].output).toMatch(/biblioteca/i);
    expect(byModel.get('apertium')![0].modelIdentity).toBe('apertium fr-es');
    expect(byModel.get('stories')![0].modelIdentity).toMatch(/^stories260K\.gguf@sha256:270cba1bd510/);
    expect(byModel.get('ollama-qwen')![0].modelIdentity).toMatch(/^qwen2\.5:3b@/);
    expect(byModel.get('ollama-qwen')![0].backendTimings).toHaveProperty('evalMs');
    expect(byModel.get('stories')![0].tokens.estimated).toBe(false);
    expect(byModel.get('apertium')![0].tokens.estimated).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'out', runId!, 'manifest.json'), 'utf8'));
    const ollamaDetails = manifest.models.find((m: { id: string }) => m.id === 'ollama-qwen').details;
    expect(ollamaDetails).toMatchObject({ parameterSize: expect.any(String) });
  });
});
