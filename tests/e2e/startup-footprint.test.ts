/**
 * What `run` and `validate` load and start before their work: only the packages the command needs
 * (no llama.cpp, no chart library, no client of a provider the campaign does not use) and no child
 * process (the machine inventory reads /proc and /sys; nvidia-smi runs only where installed), while
 * the manifest still records the machine facts systeminformation gives.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import si from 'systeminformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const RECORDER = fileURLToPath(new URL('../helpers/load-recorder.mjs', import.meta.url));
/** Packages a `run` on an OpenAI-compatible model or a `validate` must never load. */
const NEVER = ['node-llama-cpp', '@node-llama-cpp/linux-x64', 'ollama', '@mistralai/mistralai', 'systeminformation', 'minisearch', 'ajv', 'hono', '@hono/node-server', 'pg', 'playwright-core'];
/** Needed at most for the report, once the campaign has run: never before the first request. */
const REPORT_ONLY = ['vega', 'vega-lite', 'better-sqlite3', 'csv-stringify'];

type Recorded = { packages: Set<string>; spawns: string[] };

/** What the recorder wrote, up to `untilMs` (Date.now()) when given. */
const recorded = (file: string, untilMs = Number.POSITIVE_INFINITY): Recorded => {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => /^(\w+) (\d+) (.*)$/.exec(l)!)
    .filter((m) => Number(m[2]) < untilMs);
  return {
    packages: new Set(lines.filter((m) => m[1] === 'pkg').map((m) => m[3]!)),
    // Under tsx (dist/ older than the sources) esbuild's service is the TypeScript compiler, not the harness's doing.
    spawns: lines.filter((m) => m[1] === 'spawn' && !/esbuild/.test(m[3]!)).map((m) => m[3]!),
  };
};

describe('start-up footprint of run and validate', () => {
  let server: OpenAIServer;
  let dir: string;
  let firstRequestMs = 0;
  // An empty folder first on PATH with nothing else: no nvidia-smi can be found, as on most machines.
  const env = (record: string) => ({ LOAD_RECORD: record, NODE_OPTIONS: `--import ${RECORDER}`, PATH: `${join(dir, 'bin')}:/usr/bin:/bin` });

  beforeAll(async () => {
    server = await startOpenAIServer({
      respond: (body) => {
        firstRequestMs ||= Date.now();
        return body.messages.at(-1)?.content ?? '';
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'bas-footprint-'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: demo\ntitle: Démo\ncommunity: essai\nclassification: public\nprompt: "Répète : {{q}}"\ndefaultTest:\n  assert: [{ type: icontains, value: "{{q}}" }]\ntests:\n  - vars: { q: bonjour }\n  - vars: { q: merci }\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: loopback, provider: openai-compatible, baseUrl: "${server.url}", model: loopback-model, hosting: local }\ndefaults:\n  models: [loopback]\n`);
  });
  afterAll(async () => {
    await server.close();
  });

  it('run: no llama.cpp, charts, unused provider client or JSON Schema validator, no child process; the same machine facts', async () => {
    const record = join(dir, 'run.record');
    writeFileSync(record, '');
    const r = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'runs', '--quiet'], { cwd: dir, env: env(record) });
    expect(r.stderr).not.toMatch(/Erreur/);
    expect(r.code).toBe(0);
    expect(server.requests.filter((q) => q.path.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(2);
    const { packages, spawns } = recorded(record);
    // The recorder works: what a run does need was seen.
    expect(packages).toContain('openai');
    expect(packages).toContain('yaml');
    for (const name of NEVER) expect([...packages]).not.toContain(name);
    expect(spawns).toEqual([]);
    expect(firstRequestMs).toBeGreaterThan(0);
    const beforeFirst = recorded(record, firstRequestMs).packages;
    expect(beforeFirst).toContain('openai');
    for (const name of REPORT_ONLY) expect([...beforeFirst]).not.toContain(name);

    // The manifest records what systeminformation says of this machine (it was the inventory's source).
    const runDir = join(dir, 'runs', readdirSync(join(dir, 'runs')).find((d) => !d.includes('.'))!);
    const inventory = (JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { energy: { inventory: Record<string, unknown> } }).energy.inventory;
    const [cpu, mem, system] = await Promise.all([si.cpu(), si.mem(), si.system()]);
    expect(inventory).toMatchObject({
      sockets: Math.max(1, cpu.processors || 1),
      physicalCores: cpu.physicalCores,
      totalMemBytes: mem.total,
      virtual: system.virtual,
      virtualHost: system.virtualHost || null,
      gpus: [],
    });
  });

  it('validate: no provider client, llama.cpp or charts, no child process', async () => {
    const record = join(dir, 'validate.record');
    writeFileSync(record, '');
    const r = await runCli(['validate', 'suite.yaml', '--config', 'config.yaml'], { cwd: dir, env: env(record) });
    expect(r.code).toBe(0);
    const { packages, spawns } = recorded(record);
    expect(packages).toContain('zod');
    for (const name of [...NEVER, ...REPORT_ONLY]) expect([...packages]).not.toContain(name);
    expect(spawns).toEqual([]);
  });
});
