/**
 * `bac-a-sable init` against loopback servers that speak Ollama's and OpenAI's model-listing APIs
 * (on ephemeral ports, injected as the "usual" addresses), against nothing, with keys in the
 * environment, and on an existing config. The written file is loaded by the real config loader.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readConfig, type CommandContext } from '../../../harness/commands/context.js';
import { initCommand } from '../../../harness/commands/init.js';
import { billionsOf, inferHosting } from '../../../harness/commands/init-probe.js';
import { renderInitConfig } from '../../../harness/commands/init-config.js';
import { parseConfig } from '../../../harness/config/load-config.js';
import { providers } from '../../../harness/providers/registry.js';
import { startOllamaServer, type FakeServer } from '../../helpers/ollama-server.js';

const context = (env: Record<string, string> = {}) => {
  const cwd = mkdtempSync(join(tmpdir(), 'bas-init-'));
  let out = '';
  let err = '';
  const ac = new AbortController();
  const ctx = {
    stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) },
    env, cwd, fetch: globalThis.fetch, now: () => 0, date: () => new Date(0), stopSignal: ac.signal, abortSignal: ac.signal,
  } as unknown as CommandContext;
  return { ctx, cwd, out: () => out, err: () => err };
};

/** An OpenAI-compatible server that only lists models, recording what it was asked. */
const listingServer = async (ids: string[]) => {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    if (req.url === '/v1/models') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model' })) }));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, close: () => new Promise<void>((r) => server.close(() => r())) };
};

const closedPort = () =>
  new Promise<string>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => ok(`http://127.0.0.1:${port}`));
    });
  });

describe('bac-a-sable init', () => {
  let ollama: FakeServer;
  let llama: Awaited<ReturnType<typeof listingServer>>;
  beforeAll(async () => {
    ollama = await startOllamaServer({
      models: [
        { name: 'qwen2.5:3b', digest: 'a'.repeat(64), details: { parameter_size: '3.1B', quantization_level: 'Q4_K_M' } },
        { name: 'hf.co/org/petit-modele:Q8_0', digest: 'b'.repeat(64), details: { parameter_size: '494.03M', quantization_level: 'Q8_0' } },
      ],
    });
    llama = await listingServer(['llama-3.2-1b-instruct']);
  });
  afterAll(async () => {
    await ollama.close();
    await llama.close();
  });

  it('finds Ollama and an OpenAI-compatible server, lists their models with sizes, infers local, and writes a valid config', async () => {
    const t = context();
    const nothing = await closedPort();
    await initCommand(t.ctx, {}, { ollama: [ollama.url], openai: [`${llama.url}/v1`, `${nothing}/v1`] });
    expect(ollama.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/tags');
    expect(llama.paths).toEqual(['GET /v1/models']);
    const text = readFileSync(join(t.cwd, 'bac-a-sable.config.yaml'), 'utf8');
    const doc = parse(text) as { models: Record<string, unknown>[]; energy: { modelSizes: Record<string, { totalB: number; source: string }> }; defaults: { models: string[] } };
    const byModel = new Map(doc.models.map((m) => [m.model, m]));
    expect(byModel.get('qwen2.5:3b')).toMatchObject({ id: 'qwen2.5:3b', provider: 'ollama', baseUrl: ollama.url, hosting: 'local' });
    expect(byModel.get('hf.co/org/petit-modele:Q8_0')).toMatchObject({ id: 'hf.co-org-petit-modele:Q8_0', provider: 'ollama', hosting: 'local' });
    expect(byModel.get('llama-3.2-1b-instruct')).toMatchObject({ provider: 'openai-compatible', baseUrl: `${llama.url}/v1`, hosting: 'local' });
    expect(doc.energy.modelSizes['qwen2.5:3b']).toEqual({ totalB: 3.1, source: 'Ollama /api/tags : 3.1B, Q4_K_M' });
    expect(doc.energy.modelSizes['hf.co/org/petit-modele:Q8_0']?.totalB).toBe(0.494);
    expect(doc.defaults.models).toEqual(['reference', 'qwen2.5:3b', 'hf.co-org-petit-modele:Q8_0', 'llama-3.2-1b-instruct']);
    // The real loader accepts it (schema, providers, hosting checks).
    const config = readConfig(t.ctx, providers, 'bac-a-sable.config.yaml');
    expect(config.models.map((m) => m.id)).toContain('qwen2.5:3b');
    expect(t.out()).toContain(`Ollama à ${ollama.url} : 2 modèle(s)`);
    expect(t.out()).toContain('Ensuite : npx bac-a-sable run');
  });

  it('nothing found: a config with the embedded demo only, which loads', async () => {
    const t = context();
    const nothing = await closedPort();
    await initCommand(t.ctx, {}, { ollama: [nothing], openai: [`${nothing}/v1`] });
    const config = readConfig(t.ctx, providers, 'bac-a-sable.config.yaml');
    expect(config.models.map((m) => m.id)).toEqual(['reference', 'echo', 'stories260K']);
    expect(config.defaults.models).toEqual(['reference', 'echo', 'stories260K']);
    expect(t.out()).toContain('Aucun serveur de modèles trouvé');
  });

  it('API keys in the environment: commented blocks naming the variable and the hosting, never the value', async () => {
    const t = context({ ALBERT_API_KEY: 'alb-SECRET-1', MISTRAL_API_KEY: 'mis-SECRET-2', OPENAI_API_KEY: 'sk-SECRET-3' });
    const nothing = await closedPort();
    await initCommand(t.ctx, {}, { ollama: [nothing], openai: [] });
    const text = readFileSync(join(t.cwd, 'bac-a-sable.config.yaml'), 'utf8');
    expect(text).not.toMatch(/SECRET/);
    expect(t.out() + t.err()).not.toMatch(/SECRET/);
    expect(text).toMatch(/# - \{ id: albert-small.*apiKeyEnv: ALBERT_API_KEY, hosting: sovereign-cloud \}/);
    expect(text).toMatch(/# - \{ id: mistral-small, provider: mistral.*hosting: eu-cloud \}/);
    expect(text).toMatch(/# - \{ id: gpt-4o-mini, provider: openai.*hosting: foreign-cloud \}/);
    // commented: not active until the user decides to send data there
    expect(readConfig(t.ctx, providers, 'bac-a-sable.config.yaml').models.map((m) => m.id)).not.toContain('albert-small');
  });

  it('a server elsewhere on the network (--probe): hosting left to the user, and the config refused until stated', async () => {
    const t = context();
    // 127.0.0.2 is loopback too; a name that is not loopback is simulated by rewriting the probed URL.
    const viaName = llama.url.replace('127.0.0.1', 'localhost');
    await initCommand(t.ctx, { probe: [viaName] }, { ollama: [], openai: [] });
    expect(parse(readFileSync(join(t.cwd, 'bac-a-sable.config.yaml'), 'utf8')).models.at(-1)).toMatchObject({ hosting: 'local', baseUrl: `${viaName}/v1` });
    expect(inferHosting('http://gpu.interne:11434')).toHaveProperty('unknown');
    expect(inferHosting('http://10.0.0.5:8000/v1')).toHaveProperty('unknown');
    expect(inferHosting('https://albert.api.etalab.gouv.fr/v1')).toEqual({ hosting: 'sovereign-cloud' });
    expect(inferHosting('https://api.mistral.ai')).toEqual({ hosting: 'eu-cloud' });
    expect(inferHosting('https://api.openai.com/v1')).toEqual({ hosting: 'foreign-cloud' });
  });

  it('refuses to overwrite an existing config without --force; with --force keeps a .bak, the policy and the energy settings', async () => {
    const t = context();
    const file = join(t.cwd, 'bac-a-sable.config.yaml');
    const before = 'models:\n  - { id: reference, provider: reference, hosting: local }\npolicy:\n  publicContacts: ["02 61 91 *"]\nenergy:\n  country: FRA\n';
    writeFileSync(file, before);
    await expect(initCommand(t.ctx, {}, { ollama: [ollama.url], openai: [] })).rejects.toThrow(/existe déjà/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(ollama.requests.length).toBeGreaterThan(0);
    await initCommand(t.ctx, { force: true }, { ollama: [ollama.url], openai: [] });
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.policy).toEqual({ publicContacts: ['02 61 91 *'] });
    expect(doc.energy.country).toBe('FRA');
    expect(doc.energy.modelSizes['qwen2.5:3b'].totalB).toBe(3.1);
    expect(readConfig(t.ctx, providers, 'bac-a-sable.config.yaml').policy.publicContacts).toEqual(['02 61 91 *']);

    // --out elsewhere: the root config is untouched, and its policy is carried into the new file.
    const rootNow = readFileSync(file, 'utf8');
    await initCommand(t.ctx, { out: 'mon-poste.yaml' }, { ollama: [ollama.url], openai: [] });
    expect(readFileSync(file, 'utf8')).toBe(rootNow);
    expect(readConfig(t.ctx, providers, 'mon-poste.yaml').policy.publicContacts).toEqual(['02 61 91 *']);
    expect(t.out()).toContain('Ensuite : npx bac-a-sable run --config mon-poste.yaml');
  });

  it('a server of unknown hosting is written without hosting, with the reason, and the config does not load until stated', () => {
    const r = renderInitConfig([{ kind: 'ollama', baseUrl: 'http://gpu.interne:11434', models: [{ name: 'mistral:7b' }] }], {});
    expect(r.undecided).toBe(1);
    expect(r.text).toContain('hosting non déduit : gpu.interne n’est ni ce poste ni un service connu');
    const loaded = parseConfig(r.text, 'bac-a-sable.config.yaml', null, providers);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues.map((i) => i.path).join(' ')).toMatch(/hosting/);
    const stated = parseConfig(r.text.replace('model: "mistral:7b" }', 'model: "mistral:7b", hosting: on-prem }'), 'bac-a-sable.config.yaml', null, providers);
    expect(stated.ok).toBe(true);
  });

  it('reads parameter sizes as Ollama writes them', () => {
    expect(billionsOf('3.1B')).toBe(3.1);
    expect(billionsOf('494.03M')).toBe(0.494);
    expect(billionsOf('70B')).toBe(70);
    expect(billionsOf('')).toBeUndefined();
    expect(billionsOf('big')).toBeUndefined();
  });
});
