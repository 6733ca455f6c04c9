import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../harness/core/errors.js';
import { parseConfig } from '../../../harness/config/load-config.js';
import { providers } from '../../../harness/providers/registry.js';

const parse = (text: string) => parseConfig(text, 'c.yaml', '/x/c.yaml', providers);
const messages = (r: ReturnType<typeof parse>) => (r.ok ? [] : r.issues.map(formatIssue));

describe('parseConfig', () => {
  it('validates common and provider-specific fields and fills defaults', () => {
    const r = parse(`models:
  - { id: albert, provider: openai-compatible, baseUrl: "https://x.test/v1", model: m, apiKeyEnv: K, hosting: sovereign-cloud, concurrency: 4, options: { temperature: 0 } }
  - { id: echo, provider: echo, hosting: local }
`);
    expect(messages(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.value.models[0]).toMatchObject({ id: 'albert', hosting: 'sovereign-cloud', concurrency: 4, settings: { baseUrl: 'https://x.test/v1', model: 'm', apiKeyEnv: 'K' } });
    expect(r.value.defaults).toMatchObject({ models: ['albert', 'echo'], repeat: 1, out: 'reports/runs', suites: 'suites' });
  });

  it('locates provider-specific mistakes, unknown fields, duplicates and unknown default models', () => {
    const found = messages(parse(`models:
  - { id: a, provider: openai-compatible, model: m, hosting: local, baseURL: "http://x" }
  - { id: a, provider: echo, hosting: local }
  - { id: b, provider: echo, hosting: local, timeoutMs: -5 }
defaults:
  models: [a, c]
`));
    expect(found).toContainEqual(expect.stringMatching(/^c\.yaml:2:\d+ {2}models\.0\.baseURL: champ inconnu « baseURL »/));
    expect(found).toContainEqual(expect.stringMatching(/^c\.yaml:2:\d+ {2}models\.0\.baseUrl: champ obligatoire manquant/));
    expect(found).toContainEqual(expect.stringMatching(/^c\.yaml:3:\d+ {2}models\.1\.id: modèle « a » déclaré deux fois/));
    expect(found).toContainEqual(expect.stringMatching(/^c\.yaml:4:\d+ {2}models\.2\.timeoutMs: doit être > 0/));
    expect(found).toContainEqual(expect.stringMatching(/^c\.yaml:6:\d+ {2}defaults\.models\.1: modèle « c » non déclaré/));
  });

  it('knows which secrets a model needs, without reading them', () => {
    const r = parse('models:\n  - { id: m, provider: mistral, model: mistral-small-latest, hosting: eu-cloud }\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(providers.mistral!.requiredEnv!(r.value.models[0]!.settings as never)).toEqual(['MISTRAL_API_KEY']);
  });
});
