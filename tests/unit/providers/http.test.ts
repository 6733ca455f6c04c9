import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { estimateTokens } from '../../../harness/providers/estimate-tokens.js';
import { HttpConfigSchema, httpProvider } from '../../../harness/providers/http.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';
import { RAG_CORPUS, startRagServer } from '../../helpers/rag-server.js';
import type { RagRequest, RagScript, RagServer } from '../../helpers/rag-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const servers: RagServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const start = async (respond?: (req: RagRequest) => RagScript): Promise<RagServer> => {
  const server = await startRagServer(respond ? { respond } : {});
  servers.push(server);
  return server;
};

const deps = providerDeps;

const makeProvider = (fields: Record<string, unknown>, d: ProviderDeps = deps()): Provider => {
  const config = HttpConfigSchema.parse(fields);
  return httpProvider.create({ id: 'rag-interne', provider: 'http', hosting: 'on-prem', ...config }, d);
};

const request = (prompt: string, over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: prompt }],
  prompt,
  params: {},
  signal: new AbortController().signal,
  ...over,
});

const rejection = async (p: Promise<unknown>): Promise<HarnessError> => {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HarnessError);
  return e as HarnessError;
};

/** Zod messages of a config that must be refused. */
const configIssues = (fields: Record<string, unknown>): string[] => {
  const parsed = HttpConfigSchema.safeParse(fields);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('http provider: request and answer', () => {
  it('sends the default JSON body and reads the answer and the retrieved passages', async () => {
    const server = await start();
    const prompt = 'Quels sont les horaires de la mairie ?\nMerci d\'avance, "urgent"';
    const result = await makeProvider({ url: `${server.url}/api/ask`, contextsPath: 'sources' }).complete(request(prompt));

    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/api/ask');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.rawBody).toBe(`{"prompt": ${JSON.stringify(prompt)} }`);
    expect(JSON.parse(sent?.rawBody ?? '')).toEqual({ prompt });

    const horaires = RAG_CORPUS[0]?.text ?? '';
    expect(result.text).toBe(horaires);
    expect(result.contexts).toEqual([horaires]);
    expect(result.usage).toEqual({ inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(horaires), estimated: true });
    expect(result.timings.ttftMs).toBe(result.timings.totalMs);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(result.modelIdentity).toBe(`${new URL(server.url).host}/api/ask`);
  });

  it('renders a body template over messages, vars and params', async () => {
    const server = await start(() => ({ json: { answer: 'ok' } }));
    const body = [
      '{"question": {{json vars.question}}, "history": {{json messages}},',
      ' "temperature": {{json params.temperature}}, "roles": [{{#each messages}}{{#unless @first}}, {{/unless}}{{json role}}{{/each}}], "k": 3 }',
    ].join('\n');
    const messages = [
      { role: 'system' as const, content: 'Réponds brièvement.' },
      { role: 'user' as const, content: 'Où se trouve la déchèterie ?' },
    ];
    await makeProvider({ url: server.url, body }).complete({
      messages,
      prompt: 'ignored',
      params: { temperature: 0.2 },
      signal: new AbortController().signal,
      case: { id: 'c1', vars: { question: 'Où se trouve la "déchèterie" ?' } },
    });
    expect(JSON.parse(server.requests[0]?.rawBody ?? '')).toEqual({
      question: 'Où se trouve la "déchèterie" ?',
      history: messages,
      temperature: 0.2,
      roles: ['system', 'user'],
      k: 3,
    });
  });

  it('names the missing value when the template reads a var the case does not have', async () => {
    const server = await start();
    const provider = makeProvider({ url: server.url, body: '{"q": {{json vars.question}} }' });
    const e = await rejection(provider.complete(request('x', { case: { id: 'c1', vars: {} } })));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('vars.question');
    expect(server.requests).toHaveLength(0);
  });

  it('reads nested answers, passages as objects or wildcards, and reported usage', async () => {
    const json = {
      data: { choices: [{ text: 'Sur rendez-vous.' }] },
      hits: [{ content: 'passage A' }, { text: 'passage B' }],
      usage: { prompt_tokens: 120, completion_tokens: 4 },
    };
    const server = await start(() => ({ json }));
    const objects = await makeProvider({
      url: server.url,
      responsePath: 'data.choices.0.text',
      contextsPath: 'hits',
      usagePath: 'usage',
    }).complete(request('Carte d’identité ?'));
    expect(objects.text).toBe('Sur rendez-vous.');
    expect(objects.contexts).toEqual(['passage A', 'passage B']);
    expect(objects.usage).toEqual({ inputTokens: 120, outputTokens: 4 });

    const wildcard = await makeProvider({ url: server.url, responsePath: 'data.choices.0.text', contextsPath: 'hits[*].text' }).complete(
      request('Carte d’identité ?'),
    );
    expect(wildcard.contexts).toEqual(['passage B']);
  });

  it('sends the body fields as query parameters with GET', async () => {
    const server = await start();
    const result = await makeProvider({ url: `${server.url}/search?lang=fr`, method: 'GET' }).complete(request('déchèterie encombrants ?'));
    const sent = server.requests[0];
    expect(sent?.method).toBe('GET');
    expect(sent?.rawBody).toBe('');
    expect(sent?.query).toEqual({ lang: 'fr', prompt: 'déchèterie encombrants ?' });
    expect(result.text).toBe(RAG_CORPUS[2]?.text);
    expect(result.modelIdentity).toBe(`${new URL(server.url).host}/search`);
  });
});

describe('http provider: secrets', () => {
  const SECRET = 'tok-9f8e7d6c5b4a3921';

  it('fills ${env:NAME} in headers from deps.env and lists it as required', async () => {
    const server = await start();
    const fields = { url: server.url, headers: { Authorization: 'Bearer ${env:RAG_TOKEN}', 'X-Service': 'bac-a-sable' } };
    expect(httpProvider.requiredEnv?.(HttpConfigSchema.parse(fields))).toEqual(['RAG_TOKEN']);
    const provider = makeProvider(fields, deps({ env: { RAG_TOKEN: SECRET } }));
    await provider.complete(request('horaires mairie'));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(server.requests[0]?.headers['x-service']).toBe('bac-a-sable');
    expect(JSON.stringify(await provider.describe?.(new AbortController().signal))).not.toContain(SECRET);
  });

  it('never puts the secret in an error, even when the server echoes it', async () => {
    const server = await start((req) => ({ raw: `jeton refusé : ${String(req.headers['x-api-token'])}`, status: 401 }));
    const provider = makeProvider({ url: server.url, headers: { 'X-Api-Token': '${env:RAG_TOKEN}' } }, deps({ env: { RAG_TOKEN: SECRET } }));
    const e = await rejection(provider.complete(request('bonjour')));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('jeton refusé');
    expect(e.message).not.toContain(SECRET);
    expect(e.hint).toContain('RAG_TOKEN');
    expect(String(e.cause ?? '')).not.toContain(SECRET);
  });

  it('does not leak a prefix of the secret where the error body is cut, nor a secret Headers refuses', async () => {
    const server = await start((req) => ({ raw: `${'x'.repeat(285)} ${String(req.headers['x-api-token'])}`, status: 403 }));
    const fields = { url: server.url, headers: { 'X-Api-Token': '${env:RAG_TOKEN}' } };
    const cut = await rejection(makeProvider(fields, deps({ env: { RAG_TOKEN: SECRET } })).complete(request('x')));
    expect(cut.code).toBe('auth');
    expect(cut.message).not.toContain(SECRET.slice(0, 8));

    const broken = await rejection(makeProvider(fields, deps({ env: { RAG_TOKEN: `${SECRET}\nsuite` } })).complete(request('x')));
    expect(broken.code).toBe('invalid-input');
    expect(broken.message).toContain('X-Api-Token');
    expect(broken.message).not.toContain(SECRET);
    expect(broken.hint).toContain('RAG_TOKEN');
  });

  it('fails with missing-secret, naming the variable, before sending anything', async () => {
    const server = await start();
    const provider = makeProvider({ url: server.url, headers: { Authorization: 'Bearer ${env:RAG_TOKEN}' } });
    const e = await rejection(provider.complete(request('bonjour')));
    expect(e.code).toBe('missing-secret');
    expect(e.message).toContain('RAG_TOKEN');
    expect(server.requests).toHaveLength(0);
  });
});

describe('http provider: failures', () => {
  it('reports a response that is not JSON as bad-response naming the path', async () => {
    const server = await start(() => ({ raw: '<html><body>Maintenance</body></html>' }));
    const e = await rejection(makeProvider({ url: server.url }).complete(request('bonjour')));
    expect(e.code).toBe('bad-response');
    expect(e.message).toContain('« answer »');
    expect(e.message).toContain('Maintenance');
  });

  it('reports a missing answer path with the fields that were received', async () => {
    const server = await start(() => ({ json: { reponse: 'Bonjour', sources: [] } }));
    const e = await rejection(makeProvider({ url: server.url, responsePath: 'result.answer' }).complete(request('bonjour')));
    expect(e.code).toBe('bad-response');
    expect(e.message).toContain('« result.answer »');
    expect(e.hint).toContain('reponse, sources');
  });

  it('reports missing or malformed passages', async () => {
    const server = await start(() => ({ json: { answer: 'oui', sources: [{ id: 'a', score: 0.3 }] } }));
    const missing = await rejection(makeProvider({ url: server.url, contextsPath: 'passages' }).complete(request('x')));
    expect(missing.code).toBe('bad-response');
    expect(missing.message).toContain('« passages »');
    const untexted = await rejection(makeProvider({ url: server.url, contextsPath: 'sources' }).complete(request('x')));
    expect(untexted.message).toContain('passage n° 1');
  });

  it('maps 500 to provider-error and 429 to rate-limited with Retry-After', async () => {
    const failing = await start(() => ({ json: { detail: 'index indisponible' }, status: 500 }));
    const e500 = await rejection(makeProvider({ url: failing.url }).complete(request('x')));
    expect(e500.code).toBe('provider-error');
    expect(e500.message).toContain('index indisponible');

    const limited = await start(() => ({ json: { detail: 'trop de requêtes' }, status: 429, headers: { 'retry-after': '7' } }));
    const e429 = await rejection(makeProvider({ url: limited.url }).complete(request('x')));
    expect(e429.code).toBe('rate-limited');
    expect(e429.retryAfterS).toBe(7);
  });

  it('maps a refused connection to unreachable', async () => {
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const e = await rejection(makeProvider({ url: `http://127.0.0.1:${port}/api/ask` }).complete(request('x')));
    expect(e.code).toBe('unreachable');
  });

  it('stops waiting when the signal aborts: cancelled by the user, timeout by a timer', async () => {
    const server = await start(() => ({ hangMs: 10_000 }));
    const provider = makeProvider({ url: server.url });
    const controller = new AbortController();
    const pending = provider.complete(request('x', { signal: controller.signal }));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect((await rejection(pending)).code).toBe('cancelled');

    const timedOut = await rejection(provider.complete(request('x', { signal: AbortSignal.timeout(50) })));
    expect(timedOut.code).toBe('timeout');
  });
});

describe('http provider: config', () => {
  it('applies the defaults', () => {
    expect(HttpConfigSchema.parse({ url: 'http://rag.interne/api/ask' })).toEqual({
      url: 'http://rag.interne/api/ask',
      method: 'POST',
      body: '{"prompt": {{json prompt}} }',
      responsePath: 'answer',
    });
  });

  it('refuses bare mustaches, unreadable templates and unknown blocks in the body', () => {
    expect(configIssues({ url: 'http://rag.interne', body: '{"q": "{{prompt}}"}' })[0]).toContain('{{json prompt}}');
    expect(configIssues({ url: 'http://rag.interne', body: '{"q": {{json prompt}' })[0]).toContain('illisible');
    expect(configIssues({ url: 'http://rag.interne', body: '{"q": {{json prompt}}}' })[0]).toContain('séparez les accolades');
    expect(configIssues({ url: 'http://rag.interne', body: '{{#lookup vars}}{{/lookup}}' })[0]).toContain('#lookup');
    expect(configIssues({ url: 'http://rag.interne', body: '{"q": {{json}} }' })[0]).toContain('exactement une valeur');
  });

  it('refuses credentials in the URL, malformed env references, bad paths and unknown fields', () => {
    expect(configIssues({ url: 'https://agent:motdepasse@rag.interne/api' })[0]).toContain('identifiants');
    expect(configIssues({ url: 'http://rag.interne', headers: { Authorization: 'Bearer ${RAG_TOKEN}' } })[0]).toContain('${env:');
    expect(configIssues({ url: 'http://rag.interne', responsePath: 'sources[*].text' })[0]).toContain('sans [*]');
    expect(configIssues({ url: 'http://rag.interne', contextsPath: 'sources..text' })[0]).toContain('mal formé');
    expect(configIssues({ url: 'http://rag.interne', model: 'x' }).length).toBe(1);
  });
});
