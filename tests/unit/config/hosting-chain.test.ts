import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../harness/core/errors.js';
import { parseConfig } from '../../../harness/config/load-config.js';
import { egressModelId, resolveHostingChains, type ChainNode } from '../../../harness/config/hosting-chain.js';
import { checkDeclaredHosting, isLoopbackHost } from '../../../harness/config/endpoint-hosting.js';
import { providers } from '../../../harness/providers/registry.js';

const place = (i: number, field: string) => ({ at: { file: 'c.yaml', line: i + 2 }, path: `models.${i}.${field}` });
const resolve = (nodes: ChainNode[]) => resolveHostingChains(nodes, place);

describe('resolveHostingChains', () => {
  it('follows a chain of any depth to its end, whatever the order of the blocks', () => {
    const r = resolve([
      { id: 'a', hosting: 'foreign-cloud', inner: 'b' },
      { id: 'b', hosting: 'foreign-cloud', inner: 'c' },
      { id: 'c', hosting: 'foreign-cloud', inner: 'd' },
      { id: 'd', hosting: 'foreign-cloud' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.chains.get('a')).toEqual(['b', 'c', 'd']);
    expect(r.chains.get('c')).toEqual(['d']);
    expect(r.chains.has('d')).toBe(false);
    expect(egressModelId({ id: 'a', wraps: r.chains.get('a')! })).toBe('d');
    expect(egressModelId({ id: 'd' })).toBe('d');
  });

  it('refuses a wrapper more sovereign than anything down its chain, naming the path of the data', () => {
    const r = resolve([
      { id: 'rag-a', hosting: 'local', inner: 'rag-b' },
      { id: 'rag-b', hosting: 'local', inner: 'cloud' },
      { id: 'cloud', hosting: 'foreign-cloud' },
    ]);
    const lines = r.issues.map(formatIssue);
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:2 {2}models\.0\.hosting: « rag-a » se déclare « Sur ce poste » mais transmet les cas à cloud \(« Cloud hors UE »\) par rag-a → rag-b → cloud \(déclarez hosting: foreign-cloud/));
    expect(lines).toContainEqual(expect.stringMatching(/^c\.yaml:3 {2}models\.1\.hosting: « rag-b » se déclare/));
  });

  it('takes the least sovereign link, not only the last one', () => {
    const r = resolve([
      { id: 'w1', hosting: 'on-prem', inner: 'w2' },
      { id: 'w2', hosting: 'eu-cloud', inner: 'local-model' },
      { id: 'local-model', hosting: 'local' },
    ]);
    expect(r.issues.map((i) => i.path)).toEqual(['models.0.hosting']);
    expect(r.issues[0]!.hint).toMatch(/hosting: eu-cloud/);
  });

  it('accepts a wrapper that declares itself less sovereign than what it wraps', () => {
    expect(resolve([{ id: 'w', hosting: 'foreign-cloud', inner: 'm' }, { id: 'm', hosting: 'local' }]).issues).toEqual([]);
  });

  it('reports a loop at each of its members, once, and not at a model that only leads into it', () => {
    const r = resolve([
      { id: 'entree', hosting: 'local', inner: 'a' },
      { id: 'a', hosting: 'local', inner: 'b' },
      { id: 'b', hosting: 'local', inner: 'a' },
      { id: 'self', hosting: 'local', inner: 'self' },
    ]);
    const lines = r.issues.map(formatIssue);
    expect(lines).toEqual([
      expect.stringMatching(/^c\.yaml:3 {2}models\.1\.model: boucle de modèles : a → b → a/),
      expect.stringMatching(/^c\.yaml:4 {2}models\.2\.model: boucle de modèles : b → a → b/),
      expect.stringMatching(/^c\.yaml:5 {2}models\.3\.model: boucle de modèles : self → self/),
    ]);
    expect(r.chains.size).toBe(0);
  });

  it('reports an undeclared inner model at the wrapper that names it only', () => {
    const r = resolve([{ id: 'haut', hosting: 'local', inner: 'bas' }, { id: 'bas', hosting: 'local', inner: 'fantome' }]);
    expect(r.issues.map(formatIssue)).toEqual([expect.stringMatching(/^c\.yaml:3 {2}models\.1\.model: modèle interne « fantome » non déclaré/)]);
  });
});

describe('checkDeclaredHosting', () => {
  const block = (provider: string, hosting: string, settings: Record<string, unknown> = {}) => ({ id: 'm', provider, hosting: hosting as never, settings });

  it('knows the least a public API can be, through the provider kind or the address', () => {
    expect(checkDeclaredHosting(block('openai', 'local', { baseUrl: 'https://api.openai.com/v1' }))?.hint).toMatch(/hosting: foreign-cloud/);
    expect(checkDeclaredHosting(block('openai-compatible', 'eu-cloud', { baseUrl: 'https://api.openai.com/v1' }))?.message).toMatch(/OpenAI/);
    expect(checkDeclaredHosting(block('mistral', 'on-prem'))?.hint).toMatch(/hosting: eu-cloud/);
    expect(checkDeclaredHosting(block('mistral', 'eu-cloud'))).toBeUndefined();
    expect(checkDeclaredHosting(block('mistral', 'foreign-cloud'))).toBeUndefined();
    expect(checkDeclaredHosting(block('openai-compatible', 'on-prem', { baseUrl: 'https://albert.api.etalab.gouv.fr/v1' }))?.hint).toMatch(/sovereign-cloud/);
    expect(checkDeclaredHosting(block('http', 'sovereign-cloud', { url: 'https://EU.API.MISTRAL.AI/v1/chat' }))?.hint).toMatch(/eu-cloud/);
  });

  it('requires a loopback address for local, or a model this process runs', () => {
    expect(checkDeclaredHosting(block('openai-compatible', 'local', { baseUrl: 'http://127.0.0.1:8000/v1' }))).toBeUndefined();
    expect(checkDeclaredHosting(block('ollama', 'local'))).toBeUndefined(); // Ollama's default is loopback
    expect(checkDeclaredHosting(block('ollama', 'local', { baseUrl: 'http://gpu.interne:11434' }))?.message).toMatch(/gpu\.interne n’en est pas une/);
    expect(checkDeclaredHosting(block('http', 'local', { url: 'http://localhost.evil.example/x' }))).toBeDefined();
    expect(checkDeclaredHosting(block('http', 'local', { url: 'http://[::1]:9/x' }))).toBeUndefined();
    for (const p of ['gguf', 'command', 'reference', 'echo']) expect(checkDeclaredHosting(block(p, 'local'))).toBeUndefined();
    expect(checkDeclaredHosting(block('futur', 'local'))?.message).toMatch(/ne peut pas être vérifié/);
    expect(checkDeclaredHosting(block('ollama', 'on-prem', { baseUrl: 'http://gpu.interne:11434' }))).toBeUndefined();
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('parseConfig with wrappers', () => {
  const parse = (text: string) => parseConfig(text, 'c.yaml', '/x/c.yaml', providers);

  it('records the chain of a nested rag and locates a false declaration in the file', () => {
    const r = parse(`models:
  - { id: rag-a, provider: rag, model: rag-b, corpus: docs, hosting: foreign-cloud }
  - { id: rag-b, provider: rag, model: cloud, corpus: docs, hosting: foreign-cloud }
  - { id: cloud, provider: openai-compatible, baseUrl: "http://127.0.0.1:9/v1", model: m, hosting: foreign-cloud }
`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.models.find((m) => m.id === 'rag-a')!.wraps).toEqual(['rag-b', 'cloud']);
    const bad = parse(`models:
  - { id: casse, provider: echo, hosting: local, timeoutMs: -1 }
  - { id: rag-a, provider: rag, model: rag-b, corpus: docs, hosting: local }
  - { id: rag-b, provider: rag, model: cloud, corpus: docs, hosting: foreign-cloud }
  - { id: cloud, provider: openai, model: gpt-4o-mini, hosting: foreign-cloud }
`);
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toContainEqual(expect.stringMatching(/^c\.yaml:3:\d+ {2}models\.1\.hosting: « rag-a » se déclare « Sur ce poste »/));
  });
});

describe('provider kinds that name a vendor', () => {
  it('hold the vendor minimum even when baseUrl points elsewhere', () => {
    const b = (provider: string, hosting: string) => ({ id: 'm', provider, hosting: hosting as never, settings: { baseUrl: 'http://127.0.0.1:8000/v1' } });
    expect(checkDeclaredHosting(b('openai', 'local'))?.hint).toMatch(/foreign-cloud.*openai-compatible/);
    expect(checkDeclaredHosting(b('mistral', 'sovereign-cloud'))?.hint).toMatch(/eu-cloud/);
    expect(checkDeclaredHosting(b('openai-compatible', 'local'))).toBeUndefined();
  });
});
