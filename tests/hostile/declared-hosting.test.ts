/**
 * Attack: declare a public API "local" (or any hosting more sovereign than it can be), so that the
 * policy lets personal data go. The declared hosting is checked against the provider kind and the
 * endpoint: a mismatch is an input error (exit 2, located, with the hosting to declare), and
 * nothing is sent — not even to a loopback stand-in of the vendor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { startMistralServer, type FakeServer as MistralServer } from '../helpers/mistral-server.js';
import { chats, createProject, suiteYaml } from './project.js';

describe('declared hosting checked against the endpoint', () => {
  let openai: OpenAIServer;
  let mistral: MistralServer;
  beforeAll(async () => {
    openai = await startOpenAIServer({ respond: () => 'ok' });
    mistral = await startMistralServer();
  });
  afterAll(async () => {
    await openai.close();
    await mistral.close();
  });

  const cases: [string, () => string, RegExp][] = [
    ['provider openai declared local (its stand-in on loopback)', () => `{ id: m, provider: openai, baseUrl: "${openai.url}", model: gpt-4o-mini, hosting: local }`, /le fournisseur « openai » est l’API de OpenAI.*\(déclarez hosting: foreign-cloud/],
    ['provider mistral declared on-prem', () => `{ id: m, provider: mistral, baseUrl: "${mistral.url}", model: mistral-small-latest, hosting: on-prem }`, /au mieux « Cloud européen »/],
    ['openai-compatible at api.openai.com declared sovereign', () => '{ id: m, provider: openai-compatible, baseUrl: "https://api.openai.com/v1", model: gpt-4o-mini, hosting: sovereign-cloud }', /api\.openai\.com est opéré par OpenAI/],
    ['Albert declared on-prem', () => '{ id: m, provider: openai-compatible, baseUrl: "https://albert.api.etalab.gouv.fr/v1", model: albert-small, hosting: on-prem }', /au mieux « Cloud souverain »/],
    ['a city server declared local', () => '{ id: m, provider: ollama, baseUrl: "http://gpu.interne:11434", model: "qwen2.5:3b", hosting: local }', /gpu\.interne n’en est pas une/],
    ['an http service declared local', () => '{ id: m, provider: http, url: "https://rag.exemple.fr/api", hosting: local }', /rag\.exemple\.fr n’en est pas une/],
  ];

  it.each(cases)('%s: exit 2 at the hosting line, 0 requests', async (_name, block, message) => {
    const p = createProject('hosting');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: reference, provider: reference, hosting: local }\n  - ${block()}\n`);
    p.write('suites/perso.yaml', suiteYaml('dossiers', 'personnel', ['Dossier de Mme Le Goff']));
    const before = chats(openai).length + mistral.requests.length;
    const r = await runCli(['run', '--model', 'm'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/bac-a-sable\.config\.yaml:3:\d+ {2}models\.1\.hosting: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(chats(openai).length + mistral.requests.length).toBe(before);
    expect(p.runDirs()).toEqual([]);
  });

  it('an honest declaration of the same endpoints is accepted and the policy then refuses personal data', async () => {
    const p = createProject('hosting-ok');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: m, provider: openai, baseUrl: "${openai.url}", model: gpt-4o-mini, apiKeyEnv: K, hosting: foreign-cloud }\n`);
    p.write('suites/perso.yaml', suiteYaml('dossiers', 'personnel', ['Dossier de Mme Le Goff']));
    const before = chats(openai).length;
    const r = await runCli(['run'], { cwd: p.dir, env: { K: 'sk-test' } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/refuse tous les envois/);
    expect(chats(openai).length).toBe(before);
  });
});
