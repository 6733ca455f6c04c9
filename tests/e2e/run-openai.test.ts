import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const SENTINEL_KEY = 'sk-test-SENTINEL-7f3a9c2e1b';

/** A project the harness has never seen: its own suite, dataset and config, outside the repo. */
const writeProject = (baseUrl: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-e2e-'));
  mkdirSync(join(dir, 'cas'), { recursive: true });
  writeFileSync(
    join(dir, 'capitales.yaml'),
    `id: capitales
title: Capitales européennes
community: essai
classification: public
system: Réponds par un seul mot.
prompt: "Quelle est la capitale de {{pays}} ?"
options: { temperature: 0, maxTokens: 16 }
defaultTest:
  assert:
    - { type: latency, threshold: 30000 }
tests: cas/capitales.csv
`,
  );
  writeFileSync(join(dir, 'cas', 'capitales.csv'), '__id;pays;__reference;__expected\r\nfr;la France;Paris;icontains: paris\r\nes;l’Espagne;Madrid;icontains: madrid\r\nit;l’Italie;Rome;equals: Rome\r\n');
  writeFileSync(
    join(dir, 'modeles.yaml'),
    `models:
  - id: loopback
    provider: openai-compatible
    baseUrl: ${baseUrl}
    model: capitales-1
    apiKeyEnv: E2E_KEY
    hosting: on-prem
    concurrency: 2
  - { id: reference, provider: reference, hosting: local }
defaults:
  models: [loopback, reference]
`,
  );
  return dir;
};

const CAPITALS: Record<string, string> = { France: 'Paris', Espagne: 'Madrid', Italie: 'Florence' };

describe('bac-a-sable run against a loopback OpenAI-compatible server', () => {
  let server: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    server = await startOpenAIServer({
      apiKey: SENTINEL_KEY,
      tokenDelayMs: 1,
      respond: (body) => {
        const question = body.messages.at(-1)?.content ?? '';
        const country = Object.keys(CAPITALS).find((c) => question.includes(c));
        return { text: country ? `${CAPITALS[country]}.` : 'Je ne sais pas.', usage: { promptTokens: 12, completionTokens: 2 } };
      },
    });
    dir = writeProject(server.url);
  });
  afterAll(() => server.close());

  it('writes results.jsonl, summary.json, results.csv and manifest.json', async () => {
    const out = join(dir, 'sorties');
    const r = await runCli(['run', '--suite', 'capitales.yaml', '--config', 'modeles.yaml', '--out', out], { cwd: dir, env: { E2E_KEY: SENTINEL_KEY } });
    expect(r.stderr).not.toMatch(/Erreur interne/);
    expect(r.code).toBe(0);
    const [runId] = readdirSync(out);
    const runDir = join(out, runId!);
    expect(r.stdout).toContain(`Dossier de la campagne : sorties/${runId}`);
    for (const f of ['results.jsonl', 'summary.json', 'results.csv', 'manifest.json']) expect(existsSync(join(runDir, f))).toBe(true);

    const lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    const loop = lines.filter((l) => l.model === 'loopback').sort((a, b) => a.caseId.localeCompare(b.caseId));
    expect(loop.map((l) => [l.caseId, l.status, l.output])).toEqual([
      ['es', 'passed', 'Madrid.'],
      ['fr', 'passed', 'Paris.'],
      ['it', 'failed', 'Florence.'],
    ]);
    for (const l of loop) {
      expect(l).toMatchObject({ runId, suite: 'capitales', community: 'essai', repeat: 1, tokens: { input: 12, output: 2, estimated: false }, error: null });
      expect(l.latencyMs).toBeGreaterThan(0);
      expect(l.ttftMs).toBeGreaterThan(0);
      expect(l.ttftMs).toBeLessThanOrEqual(l.latencyMs);
      expect(l.source.file).toBe('cas/capitales.csv');
      expect(l.scores.map((s: { type: string }) => s.type)).toEqual(['latency', l.caseId === 'it' ? 'equals' : 'icontains']);
    }
    expect(loop.find((l) => l.caseId === 'fr').source.line).toBe(2);
    // The request carried the system message and the rendered prompt.
    const chat = server.requests.filter((q) => q.path === '/v1/chat/completions');
    expect(chat).toHaveLength(3);
    expect((chat[0]!.body as { messages: unknown[] }).messages[0]).toEqual({ role: 'system', content: 'Réponds par un seul mot.' });

    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const cell = summary.cells.find((c: { model: string }) => c.model === 'loopback');
    expect(cell).toMatchObject({ suite: 'capitales', n: 3, passed: 2, failed: 1, errors: 0 });
    expect(cell.passRate).toBeCloseTo(2 / 3, 3);
    expect(cell.latencyMs.p50).toBeGreaterThan(0);
    expect(summary.cells.find((c: { model: string }) => c.model === 'reference')).toMatchObject({ n: 3, passed: 3 });

    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.suites[0]).toMatchObject({ id: 'capitales', cases: 3 });
    expect(manifest.suites[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.models.map((m: { id: string; hosting: string }) => `${m.id}:${m.hosting}`)).toEqual(['loopback:on-prem', 'reference:local']);

    const csv = readFileSync(join(runDir, 'results.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('runId,suite,community,caseId,model,repeat,status');

    // The key reached the server, and nowhere else.
    expect(chat[0]!.headers.authorization).toBe(`Bearer ${SENTINEL_KEY}`);
    for (const f of readdirSync(runDir)) expect(readFileSync(join(runDir, f), 'utf8')).not.toContain(SENTINEL_KEY);
    expect(r.stdout + r.stderr).not.toContain(SENTINEL_KEY);
  });

  it('refuses to start when the key is missing: exit 2, no request, nothing written', async () => {
    const before = server.requests.length;
    const out = join(dir, 'sans-cle');
    const r = await runCli(['run', '--suite', 'capitales.yaml', '--config', 'modeles.yaml', '--out', out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E2E_KEY');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests.length).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  it('fails a wrong key fast with one clear message naming the variable', async () => {
    const out = join(dir, 'mauvaise-cle');
    const r = await runCli(['run', '--suite', 'capitales.yaml', '--config', 'modeles.yaml', '--model', 'loopback', '--out', out], { cwd: dir, env: { E2E_KEY: 'sk-wrong-key-0000000000' } });
    // Every request of the only model failed: nothing was measured, the campaign exits 3.
    expect(r.code).toBe(3);
    expect(r.stderr.match(/loopback arrêté/g)).toHaveLength(1);
    expect(r.stderr).toContain('E2E_KEY');
    const [runId] = readdirSync(out);
    const lines = readFileSync(join(out, runId!, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.error?.code)).toEqual(['auth', 'auth', 'auth']);
    expect(readFileSync(join(out, runId!, 'results.jsonl'), 'utf8')).not.toContain('sk-wrong-key');
  });
});
