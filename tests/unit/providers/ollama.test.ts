import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { estimateTokens } from '../../../harness/providers/estimate-tokens.js';
import { OllamaConfigSchema, ollamaProvider } from '../../../harness/providers/ollama.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';
import { DEFAULT_OLLAMA_MODEL, startOllamaServer } from '../../helpers/ollama-server.js';
import type { FakeServer, OllamaServerOptions } from '../../helpers/ollama-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const deps = providerDeps;

const start = async (opts: OllamaServerOptions = {}): Promise<FakeServer> => {
  const server = await startOllamaServer(opts);
  servers.push(server);
  return server;
};

const makeProvider = (fields: Record<string, unknown>, d: ProviderDeps = deps()): Provider => {
  const config = OllamaConfigSchema.parse({ model: 'qwen2.5:3b', ...fields });
  return ollamaProvider.create({ id: 'qwen-local', provider: 'ollama', hosting: 'local', ...config }, d);
};

const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [
    { role: 'system', content: 'Réponds en français.' },
    { role: 'user', content: 'Quelle est la capitale de la France ?' },
  ],
  prompt: 'Réponds en français.\n\nQuelle est la capitale de la France ?',
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

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
const deadUrl = async (): Promise<string> => {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
};

const chatBodies = (server: FakeServer): Record<string, unknown>[] =>
  server.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as Record<string, unknown>);

describe('ollama provider', () => {
  it('streams the answer and reports usage, Ollama timings in ms and the model digest', async () => {
    const server = await start({
      respond: () => ({
        pieces: ['Paris', ' est', ' la capitale.'],
        promptEvalCount: 31,
        evalCount: 5,
        durationsNs: { total: 2_500_000_000, load: 500_000_000, promptEval: 123_456_789, eval: 1_750_000_000 },
      }),
    });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());

    expect(result.text).toBe('Paris est la capitale.');
    expect(result.usage).toEqual({ inputTokens: 31, outputTokens: 5 });
    expect(result.timings.backend).toEqual({
      loadMs: 500,
      promptEvalMs: 123.456789,
      evalMs: 1750,
      totalMs: 2500,
      promptEvalCount: 31,
      evalCount: 5,
    });
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.ttftMs).toBeLessThanOrEqual(result.timings.totalMs);
    expect(result.modelIdentity).toBe('qwen2.5:3b@feedc0ffee42');
    expect(result.truncated).toBe(false);
  });

  it('sends the generation options, context size, keep-alive and JSON schema on the wire', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url, numCtx: 4096, keepAlive: '10m' });
    const schema = { type: 'object', properties: { ville: { type: 'string' } }, required: ['ville'] };
    await provider.complete(
      request({ params: { temperature: 0, seed: 42, maxTokens: 64 }, responseFormat: { type: 'json', schema } }),
    );
    await provider.complete(request({ responseFormat: { type: 'json' } }));
    await provider.complete(request());

    const [withSchema, jsonMode, plain] = chatBodies(server);
    expect(withSchema).toMatchObject({
      model: 'qwen2.5:3b',
      stream: true,
      keep_alive: '10m',
      format: schema,
      options: { temperature: 0, seed: 42, num_predict: 64, num_ctx: 4096 },
      messages: [
        { role: 'system', content: 'Réponds en français.' },
        { role: 'user', content: 'Quelle est la capitale de la France ?' },
      ],
    });
    expect(jsonMode?.format).toBe('json');
    expect(plain).not.toHaveProperty('format');
    expect(plain?.options).toEqual({ num_ctx: 4096 });
  });

  it('sends the configured headers', async () => {
    const server = await start();
    await makeProvider({ baseUrl: server.url, headers: { 'X-Proxy-Token': 'jeton-proxy' } }).complete(request());
    expect(server.requests.find((r) => r.path === '/api/chat')?.headers['x-proxy-token']).toBe('jeton-proxy');
  });

  it('estimates token counts Ollama left out, and marks them as estimated', async () => {
    const server = await start({ respond: () => ({ pieces: ['Lyon'], promptEvalCount: null, evalCount: 1 }) });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());
    expect(result.usage).toEqual({ inputTokens: estimateTokens(request().prompt), outputTokens: 1, estimated: true });
    expect(result.timings.backend).not.toHaveProperty('promptEvalCount');
  });

  it('marks an answer cut by the token limit as truncated', async () => {
    const server = await start({ respond: () => ({ pieces: ['Il était une'], doneReason: 'length' }) });
    const result = await makeProvider({ baseUrl: server.url }).complete(request({ params: { maxTokens: 3 } }));
    expect(result.truncated).toBe(true);
  });

  it('looks the digest up once, and falls back to the streamed model name when /api/tags fails', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url });
    await provider.complete(request());
    await provider.complete(request());
    expect(server.requests.filter((r) => r.path === '/api/tags')).toHaveLength(1);

    const noTags: typeof fetch = (input, init) =>
      String(input).endsWith('/api/tags') ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
    const result = await makeProvider({ baseUrl: server.url }, deps({ fetch: noTags })).complete(request());
    expect(result.modelIdentity).toBe('qwen2.5:3b');
  });

  it('reports a model that is not pulled as model-not-found, with the pull command as hint', async () => {
    const server = await start();
    const err = await rejection(makeProvider({ baseUrl: server.url, model: 'mistral:7b' }).complete(request()));
    expect(err.code).toBe('model-not-found');
    expect(err.hint).toBe('ollama pull mistral:7b');
    expect(err.message).toContain('mistral:7b');
  });

  it('does not suggest a pull when the 404 is not Ollama\'s (wrong baseUrl), and prints nothing', async () => {
    const server = await start();
    const log = vi.spyOn(console, 'log');
    try {
      const err = await rejection(makeProvider({ baseUrl: `${server.url}/mauvais-chemin` }).complete(request()));
      expect(err.code).toBe('model-not-found');
      expect(err.hint).toContain('baseUrl');
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('maps other HTTP statuses through the shared table', async () => {
    const server = await start({ respond: () => ({ status: 500, error: 'llama runner process has terminated' }) });
    const err = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(err.code).toBe('provider-error');
    expect(err.message).toContain('llama runner process has terminated');
  });

  it('reports a refused connection as unreachable', async () => {
    const err = await rejection(makeProvider({ baseUrl: await deadUrl() }).complete(request()));
    expect(err.code).toBe('unreachable');
    expect(err.hint).toContain('baseUrl');
  });

  it('ends an aborted stream with cancelled, and a timed-out one with timeout', async () => {
    const server = await start({ respond: () => ({ pieces: ['un', 'deux', 'trois'], delayMs: 20, stall: true }) });
    const provider = makeProvider({ baseUrl: server.url });
    const controller = new AbortController();
    const pending = provider.complete(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 150);
    expect((await rejection(pending)).code).toBe('cancelled');

    const timedOut = await rejection(provider.complete(request({ signal: AbortSignal.timeout(150) })));
    expect(timedOut.code).toBe('timeout');
  });

  it('aborts a request whose server never answers the headers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    });
    const { port } = silent.address() as AddressInfo;
    const controller = new AbortController();
    const pending = makeProvider({ baseUrl: `http://127.0.0.1:${port}` }).complete(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it('describes the model: parameter size, quantisation, family and digest', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url, numCtx: 8192 });
    const facts = await provider.describe?.(new AbortController().signal);
    expect(facts).toEqual({
      provider: 'ollama',
      model: 'qwen2.5:3b',
      digest: DEFAULT_OLLAMA_MODEL.digest,
      parameterSize: '3.1B',
      quantizationLevel: 'Q4_K_M',
      family: 'qwen2',
      format: 'gguf',
      sizeBytes: DEFAULT_OLLAMA_MODEL.sizeBytes,
      numCtx: 8192,
    });
    await provider.complete(request());
    expect(server.requests.filter((r) => r.path === '/api/tags')).toHaveLength(1);
  });

  it('describe() reports a model that is not pulled', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url, model: 'llama3.2' });
    const err = await rejection(provider.describe?.(new AbortController().signal) ?? Promise.resolve());
    expect(err.code).toBe('model-not-found');
    expect(err.hint).toBe('ollama pull llama3.2');
  });
});

describe('ollama config', () => {
  it('defaults baseUrl to the local Ollama and rejects unknown fields', () => {
    expect(OllamaConfigSchema.parse({ model: 'qwen2.5:3b' }).baseUrl).toBe('http://127.0.0.1:11434');
    expect(OllamaConfigSchema.safeParse({ model: 'qwen2.5:3b', keepAlive: 300 }).success).toBe(true);
    expect(OllamaConfigSchema.safeParse({ model: 'qwen2.5:3b', temperature: 0 }).success).toBe(false);
    expect(OllamaConfigSchema.safeParse({ model: 'qwen2.5:3b', baseUrl: 'ftp://x' }).success).toBe(false);
    expect(OllamaConfigSchema.safeParse({}).success).toBe(false);
  });
});

describe('ollama loopback server', () => {
  it('answers a non-streaming chat with one object carrying the final fields', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'qwen2.5:3b', stream: false, messages: [{ role: 'user', content: 'abcd' }] }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'qwen2.5:3b', message: { role: 'assistant', content: 'abcd' }, done: true });
    expect(body).toHaveProperty('eval_duration');
  });
});
