/**
 * The embedded demo model fetches itself (issue 23): a run whose GGUF model is missing downloads it
 * from a mirror (here a loopback file server named by BAC_A_SABLE_MODELS_URL), checks its sha256,
 * and goes on; a wrong file is not kept; an unreachable address is named, with the way to do
 * without the network, and the run still finishes. `models pull` says the same.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const GOOD = readFileSync(join(REPO_ROOT, 'models', 'stories260K.gguf'));
const NO_NETWORK = { NODE_OPTIONS: `--require ${resolve(REPO_ROOT, 'tests', 'helpers', 'no-network.cjs')}` };

/** A project with one tiny suite and a config naming the catalogue model, but no models/ folder. */
const writeProject = () => {
  // One level below a fresh folder: the model search also looks in `../shared/models` beside the
  // project, and a CI clone under the temporary folder may have a real `shared/` there.
  const dir = join(mkdtempSync(join(tmpdir(), 'bas-fetch-')), 'projet');
  mkdirSync(join(dir, 'suites'), { recursive: true });
  writeFileSync(
    join(dir, 'suites', 'mini.yaml'),
    `id: mini
title: Mini
community: essai
classification: public
prompt: "Once upon a time {{x}}"
options: { temperature: 0, maxTokens: 4 }
tests:
  - { id: a, vars: { x: "there" }, assert: [{ type: latency, threshold: 600000 }] }
`,
  );
  writeFileSync(
    join(dir, 'bac-a-sable.config.yaml'),
    `models:
  - { id: reference, provider: reference, hosting: local }
  - { id: stories260K, provider: gguf, model: stories260K, hosting: local, maxOutputTokens: 4 }
defaults:
  models: [reference, stories260K]
`,
  );
  return dir;
};

describe('auto-fetch of the catalogue model', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/good/stories260K.gguf') return void res.writeHead(200, { 'content-length': GOOD.length }).end(GOOD);
      if (req.url === '/bad/stories260K.gguf') {
        const bad = Buffer.from(GOOD);
        bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
        return void res.writeHead(200).end(bad);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads a missing model with a progress line, checks it, and runs it', { timeout: 180_000 }, async () => {
    const dir = writeProject();
    const r = await runCli(['run', '--out', 'out'], { cwd: dir, env: { ...NO_NETWORK, BAC_A_SABLE_MODELS_URL: `${base}/good/` }, timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toContain('/good/stories260K.gguf');
    expect(r.stderr).toMatch(/⬇ stories260K : téléchargement \(1,2 Mo\) depuis http:\/\/127\.0\.0\.1:\d+\/good\/stories260K\.gguf/);
    expect(r.stderr).toContain('stories260K : 100 %');
    expect(readFileSync(join(dir, 'models', 'stories260K.gguf')).equals(GOOD)).toBe(true);
    const [runId] = readdirSync(join(dir, 'out'));
    const summary = JSON.parse(readFileSync(join(dir, 'out', runId!, 'summary.json'), 'utf8')) as { cells: { model: string }[] };
    expect(summary.cells.map((c) => c.model)).toContain('stories260K');
  });

  it('keeps no file whose sha256 is wrong, says so, and the run goes on without the model', { timeout: 180_000 }, async () => {
    const dir = writeProject();
    const r = await runCli(['run', '--out', 'out'], { cwd: dir, env: { ...NO_NETWORK, BAC_A_SABLE_MODELS_URL: `${base}/bad` }, timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sha256 incorrecte');
    expect(r.stderr).toContain('La campagne continue sans stories260K');
    expect(readdirSync(join(dir, 'models'))).toEqual([]);
    expect(r.stdout).toContain('Rapport');
  });

  it('unreachable: names the address tried and how to do without the network, and still finishes', { timeout: 180_000 }, async () => {
    const dir = writeProject();
    const closed = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => ok(port));
      });
    });
    const url = `http://127.0.0.1:${closed}/miroir`;
    const r = await runCli(['run', '--out', 'out'], { cwd: dir, env: { ...NO_NETWORK, BAC_A_SABLE_MODELS_URL: url }, timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`adresse essayée : ${url}/stories260K.gguf`);
    expect(r.stderr).toContain('--from DOSSIER');
    expect(r.stderr).toContain('BAC_A_SABLE_MODELS_PATH');
    expect(r.stderr).toContain('La campagne continue sans stories260K');
    expect(existsSync(join(dir, 'models', 'stories260K.gguf'))).toBe(false);
    const [runId] = readdirSync(join(dir, 'out'));
    expect(existsSync(join(dir, 'out', runId!, 'report.html'))).toBe(true);

    // `models pull` gives the same message (and exits with an error, nothing to run after it).
    const p = await runCli(['models', 'pull', 'stories260K'], { cwd: dir, env: { ...NO_NETWORK, BAC_A_SABLE_MODELS_URL: url }, timeoutMs: 60_000 });
    expect(p.code).not.toBe(0);
    expect(p.stderr).toContain(`adresse essayée : ${url}/stories260K.gguf`);
    expect(p.stderr).toContain('BAC_A_SABLE_MODELS_PATH');
  });

  it('models pull --from copies from a folder with the same check', { timeout: 60_000 }, async () => {
    const dir = writeProject();
    const p = await runCli(['models', 'pull', 'stories260K', '--from', join(REPO_ROOT, 'models')], { cwd: dir, env: NO_NETWORK, timeoutMs: 50_000 });
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain('copie depuis');
    expect(readFileSync(join(dir, 'models', 'stories260K.gguf')).equals(GOOD)).toBe(true);
  });
});
