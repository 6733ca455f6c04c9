/**
 * Attack class: a server that repeats the API key it received — in a 401 body, in a 500 body,
 * or in an answer — and a key with `+ / =` that a pattern scrub cuts in two. Nothing of the key
 * (not even a piece of 8 characters) may reach stderr, stdout or any file of the run folder
 * (results.jsonl, results.csv, report.html, manifest.json, egress files…), for every provider
 * that holds a secret: openai-compatible, mistral, http (header from the environment).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startMistralServer, type FakeServer } from '../helpers/mistral-server.js';
import { openaiErrorBody, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { startRagServer, type RagServer } from '../helpers/rag-server.js';
import { allFiles, onlyRunDir, resultsOf } from '../helpers/run-folder.js';

const OPENAI_KEY = 'sk-Tst+9aZ/Qw3=Lp8Xr+Vb2/Nm7=Kj4Hs';
const MISTRAL_KEY = 'mK7+pQ2/zX9=wR4tY6uI8oP0aS3dF5gH';
const RAG_TOKEN = 'rag_Zx8+Cv7/Bn6=Mq5Wt4Er3Ty2Ui1Op';
const KEYS = [OPENAI_KEY, MISTRAL_KEY, RAG_TOKEN];

/** Every piece of 8 characters of every key: none may appear anywhere. */
const leaks = (text: string): string[] => {
  const found: string[] = [];
  for (const key of KEYS) for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  return [...new Set(found)];
};

describe('hostile: secrets', () => {
  let openai: OpenAIServer;
  let mistral: FakeServer;
  let rag: RagServer;
  let dir: string;
  beforeAll(async () => {
    // OpenAI-style 401 quoting the key; the second model's server answers with the key in clear.
    openai = await startOpenAIServer({
      respond: (b) =>
        b.model === 'bavard'
          ? `Voici la clé reçue : ${OPENAI_KEY} (fin ${OPENAI_KEY.slice(-10)})`
          : { status: 401, body: openaiErrorBody(`Incorrect API key provided: ${OPENAI_KEY}. Bearer ${OPENAI_KEY}`, 'invalid_request_error', 'invalid_api_key') },
    });
    mistral = await startMistralServer({ respond: () => ({ status: 401, body: { message: `Unauthorized key ${MISTRAL_KEY}`, request_id: 'x' } }) });
    rag = await startRagServer({ respond: () => ({ status: 500, json: { error: `token invalide: ${RAG_TOKEN.slice(0, 12)}… ${RAG_TOKEN}` } }) });
    dir = mkdtempSync(join(tmpdir(), 'bas-hostile-secrets-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: oa, provider: openai-compatible, baseUrl: "${openai.url}", model: m, apiKeyEnv: OA_KEY, hosting: on-prem, maxRetries: 0 }
  - { id: oa-bavard, provider: openai-compatible, baseUrl: "${openai.url}", model: bavard, apiKeyEnv: OA_KEY, hosting: on-prem }
  - { id: mi, provider: mistral, baseUrl: "${mistral.url.replace(/\/v1$/, '')}", model: m, apiKeyEnv: MI_KEY, hosting: eu-cloud, maxRetries: 0 }
  - id: outil
    provider: http
    url: "${rag.url}/ask"
    headers: { Authorization: "Bearer \${env:RAG_TOKEN}" }
    hosting: on-prem
    maxRetries: 0
`,
    );
    writeFileSync(join(dir, 's.yaml'), `id: s\ntitle: S\ncommunity: accueil\nclassification: interne\nprompt: "{{q}}"\ntests:\n  - { id: a, vars: { q: "Horaires ?" }, assert: [{ type: icontains, value: "mairie" }] }\n  - { id: b, vars: { q: "Déchèterie ?" }, assert: [{ type: icontains, value: "mairie" }] }\n`);
  });
  afterAll(async () => {
    await openai.close();
    await mistral.close();
    await rag.close();
  });

  it('keeps every key out of the terminal and of every file, whichever provider failed', async () => {
    const r = await runCli(['run', '--suite', 's.yaml', '--config', 'config.yaml', '--out', 'o'], { cwd: dir, env: { OA_KEY: OPENAI_KEY, MI_KEY: MISTRAL_KEY, RAG_TOKEN }, timeoutMs: 280_000 });
    // The servers did receive the keys (so they could echo them)…
    expect(JSON.stringify(openai.requests.map((q) => q.headers.authorization))).toContain(OPENAI_KEY);
    expect(JSON.stringify(rag.requests.map((q) => q.headers.authorization))).toContain(RAG_TOKEN);
    expect(mistral.requests.length).toBeGreaterThan(0);
    // …but nothing of them came back out.
    expect(leaks(r.stderr), r.stderr).toEqual([]);
    expect(leaks(r.stdout)).toEqual([]);
    const runDir = onlyRunDir(join(dir, 'o'));
    const files = allFiles(join(dir, 'o'));
    for (const name of ['results.jsonl', 'results.csv', 'report.html', 'manifest.json', 'egress.json', 'egress.jsonl', 'summary.json']) {
      expect(files.some((f) => f.file === join(runDir, name)), name).toBe(true);
    }
    for (const f of files) expect(leaks(f.text), f.file).toEqual([]);
    // The errors stay useful: the failure is named, only the key is gone.
    const byModel = Object.fromEntries(resultsOf(runDir).filter((l) => l.caseId === 'a').map((l) => [l.model, l]));
    expect(byModel.oa).toMatchObject({ status: 'error', error: { code: 'auth' } });
    expect(byModel.oa!.error.message).toContain('***');
    expect(byModel.mi).toMatchObject({ status: 'error', error: { code: 'auth' } });
    expect(byModel.outil).toMatchObject({ status: 'error', error: { code: 'provider-error' } });
    expect(byModel['oa-bavard']!.output).toContain('Voici la clé reçue : ***');
  }, 300_000);
});
