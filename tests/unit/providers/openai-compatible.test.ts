import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { estimateTokens } from '../../../harness/providers/estimate-tokens.js';
import {
  OpenAICompatibleConfigSchema,
  OpenAIConfigSchema,
  openaiCompatibleProvider,
  openaiProvider,
} from '../../../harness/providers/openai-compatible.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';
import { openaiErrorBody, startOpenAIServer } from '../../helpers/openai-server.js';
import type { OpenAIServer, OpenAIServerOptions } from '../../helpers/openai-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const API_KEY = 'cle-de-test-a-ne-jamais-afficher-0123456789';

const servers: OpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const deps = (over: Partial<ProviderDeps> = {}): ProviderDeps => providerDeps({ env: { TEST_OPENAI_KEY: API_KEY }, ...over });

const start = async (opts: OpenAIServerOptions = {}): Promise<OpenAIServer> => {
  const server = await startOpenAIServer(opts);
  servers.push(server);
  return server;
};

const makeProvider = (fields: Record<string, unknown>, d: ProviderDeps = deps()): Provider => {
  const config = OpenAICompatibleConfigSchema.parse({ model: 'qwen2.5-7b', ...fields });
  return openaiCompatibleProvider.create({ id: 'qwen-local', provider: 'openai-compatible', hosting: 'local', ...config }, d);
};

const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [
    { role: 'system', content: 'Réponds en français.' },
    { role: 'user', content: 'La mairie ouvre à neuf heures le samedi.' },
  ],
  prompt: 'Réponds en français.\n\nLa mairie ouvre à neuf heures le samedi.',
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

/** Everything about an error a person or a log could see, to check that no key leaks. */
const visible = (e: HarnessError): string =>
  [e.message, e.hint ?? '', e.stack ?? '', String((e.cause as Error | undefined)?.message ?? '')].join('\n');

const chatBodies = (server: OpenAIServer): Record<string, unknown>[] =>
  server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Record<string, unknown>);

describe('openai-compatible provider: answers', () => {
  it('streams the answer with server usage, timings and the exact model identity', async () => {
    const server = await start({
      tokenDelayMs: 2,
      respond: () => ({
        text: 'Le samedi, la mairie ouvre à neuf heures.',
        usage: { promptTokens: 31, completionTokens: 9 },
        model: 'Qwen/Qwen2.5-7B-Instruct',
        systemFingerprint: 'fp_loopback',
      }),
    });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());

    expect(result.text).toBe('Le samedi, la mairie ouvre à neuf heures.');
    expect(result.usage).toEqual({ inputTokens: 31, outputTokens: 9 });
    expect(result.modelIdentity).toBe('Qwen/Qwen2.5-7B-Instruct (fp_loopback)');
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.ttftMs).toBeLessThanOrEqual(result.timings.totalMs);
    expect(result.truncated).toBe(false);
    const [body] = chatBodies(server);
    expect(body).toMatchObject({
      model: 'qwen2.5-7b',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Réponds en français.' },
        { role: 'user', content: 'La mairie ouvre à neuf heures le samedi.' },
      ],
    });
  });

  it('times the first token with the injected clock, at the first chunk with content', async () => {
    const server = await start({ respond: () => 'un deux trois' });
    let tick = 0;
    const result = await makeProvider({ baseUrl: server.url }, deps({ now: () => (tick += 10) })).complete(request());
    // Clock reads: start (10), first content chunk (20), end of stream (30).
    expect(result.timings).toEqual({ ttftMs: 10, totalMs: 20 });
  });

  it('estimates usage when the server reports none, and says so', async () => {
    const server = await start({ respond: () => ({ text: 'Bonjour à vous.', usage: null }) });
    const req = request();
    const result = await makeProvider({ baseUrl: server.url }).complete(req);

    expect(result.text).toBe('Bonjour à vous.');
    expect(result.usage).toEqual({
      inputTokens: estimateTokens(req.prompt),
      outputTokens: estimateTokens('Bonjour à vous.'),
      estimated: true,
    });
  });

  it('marks an answer cut by the token limit as truncated', async () => {
    const server = await start({ respond: () => ({ text: 'La mairie ouvre', finishReason: 'length' }) });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());
    expect(result.truncated).toBe(true);
  });

  it('works without streaming: same answer, no time to first token', async () => {
    const server = await start({ respond: () => ({ text: 'Neuf heures.', usage: { promptTokens: 12, completionTokens: 3 } }) });
    const result = await makeProvider({ baseUrl: server.url, stream: false }).complete(request());

    expect(result.text).toBe('Neuf heures.');
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 3 });
    expect(result.timings.ttftMs).toBeUndefined();
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(result.modelIdentity).toBe('qwen2.5-7b');
    const [body] = chatBodies(server);
    expect(body?.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
  });

  it('estimates usage without streaming when the server reports none', async () => {
    const server = await start({ respond: () => ({ text: 'Neuf heures.', usage: null }) });
    const result = await makeProvider({ baseUrl: server.url, stream: false }).complete(request());
    expect(result.usage?.estimated).toBe(true);
  });
});

describe('openai-compatible provider: request', () => {
  it('sends temperature, max_tokens and seed, and nothing when they are not set', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url });
    await provider.complete(request({ params: { temperature: 0, maxTokens: 64, seed: 42 } }));
    await provider.complete(request());

    const [withParams, without] = chatBodies(server);
    expect(withParams).toMatchObject({ temperature: 0, max_tokens: 64, seed: 42 });
    expect(without).not.toHaveProperty('temperature');
    expect(without).not.toHaveProperty('max_tokens');
    expect(without).not.toHaveProperty('seed');
  });

  it('passes a JSON output constraint through as response_format', async () => {
    const server = await start({ respond: () => '{"horaire": "9h"}' });
    const provider = makeProvider({ baseUrl: server.url });
    const schema = { type: 'object', properties: { horaire: { type: 'string' } }, required: ['horaire'] };
    await provider.complete(request({ responseFormat: { type: 'json', schema } }));
    await provider.complete(request({ responseFormat: { type: 'json' } }));

    const [withSchema, withoutSchema] = chatBodies(server);
    expect(withSchema?.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema, strict: false } });
    expect(withoutSchema?.response_format).toEqual({ type: 'json_object' });
  });

  it('sends the key from the named variable as a bearer token, plus the extra headers', async () => {
    const server = await start({ apiKey: API_KEY });
    const provider = makeProvider({ baseUrl: server.url, apiKeyEnv: 'TEST_OPENAI_KEY', headers: { 'X-Collectivite': 'ville' } });
    await provider.complete(request());

    const [recorded] = server.requests;
    expect(recorded?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(recorded?.headers['x-collectivite']).toBe('ville');
  });

  it('needs no key for a local server, and lets headers carry the authentication', async () => {
    const server = await start({ apiKey: 'jeton-passerelle' });
    const provider = makeProvider({ baseUrl: server.url, headers: { Authorization: 'Bearer jeton-passerelle' } });
    const result = await provider.complete(request());
    expect(result.text).toBe('La mairie ouvre à neuf heures le samedi.');
    const config = OpenAICompatibleConfigSchema.parse({ baseUrl: server.url, model: 'm' });
    expect(openaiCompatibleProvider.requiredEnv?.(config)).toEqual([]);
  });

  it('reads no variable the config does not name, even those the client knows', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-cle-du-processus-0123456789');
    vi.stubEnv('OPENAI_ORG_ID', 'org-du-processus');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj-du-processus');
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:9/v1');
    try {
      const server = await start();
      await makeProvider({ baseUrl: server.url }, deps({ env: {} })).complete(request());
      const headers = server.requests[0]?.headers ?? {};
      expect(headers.authorization).not.toContain('sk-cle-du-processus');
      expect(headers['openai-organization']).toBeUndefined();
      expect(headers['openai-project']).toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('openai-compatible provider: errors', () => {
  it('fails at creation when the named variable is missing, naming it only', () => {
    let caught: unknown;
    try {
      makeProvider({ baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'ABSENT_KEY' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HarnessError);
    expect((caught as HarnessError).code).toBe('missing-secret');
    expect((caught as HarnessError).message).toContain('ABSENT_KEY');
  });

  it('maps 401 to auth, naming the variable, never the key', async () => {
    const server = await start({ apiKey: 'une-autre-cle' });
    const e = await rejection(makeProvider({ baseUrl: server.url, apiKeyEnv: 'TEST_OPENAI_KEY' }).complete(request()));
    expect(e.code).toBe('auth');
    expect(e.hint).toContain('TEST_OPENAI_KEY');
    expect(visible(e)).not.toContain(API_KEY);
  });

  it('never repeats the key, even when the server echoes it', async () => {
    const server = await start({
      respond: () => ({ status: 400, body: openaiErrorBody(`clé reçue : ${API_KEY}`, 'invalid_request_error') }),
    });
    const e = await rejection(makeProvider({ baseUrl: server.url, apiKeyEnv: 'TEST_OPENAI_KEY' }).complete(request()));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('clé reçue');
    expect(visible(e)).not.toContain(API_KEY);
  });

  it('maps 404 to model-not-found, keeping a top-level error message (vLLM)', async () => {
    const body = { object: 'error', message: 'The model `qwen2.5-7b` does not exist.', type: 'NotFoundError', param: null, code: 404 };
    const server = await start({ respond: () => ({ status: 404, body }) });
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(e.code).toBe('model-not-found');
    expect(e.message).toContain('does not exist');
  });

  it('maps 429 with Retry-After to rate-limited with the delay', async () => {
    const server = await start({
      respond: () => ({
        status: 429,
        body: openaiErrorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
        headers: { 'retry-after': '7' },
      }),
    });
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(e.code).toBe('rate-limited');
    expect(e.retryAfterS).toBe(7);
    expect(e.message).toContain('Rate limit reached');
  });

  it('maps 500 to provider-error', async () => {
    const server = await start({ respond: () => ({ status: 500, body: openaiErrorBody('The server had an error', 'server_error') }) });
    const e = await rejection(makeProvider({ baseUrl: server.url, stream: false }).complete(request()));
    expect(e.code).toBe('provider-error');
  });

  it('reports a closed port as unreachable', async () => {
    const server = await startOpenAIServer();
    await server.close();
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(e.code).toBe('unreachable');
  });

  it('reports a dropped connection as provider-error, before or during the stream', async () => {
    const before = await start({ respond: () => ({ reset: true }) });
    expect((await rejection(makeProvider({ baseUrl: before.url }).complete(request()))).code).toBe('provider-error');
    const during = await start({ respond: () => ({ reset: true, afterTokens: 2 }) });
    expect((await rejection(makeProvider({ baseUrl: during.url }).complete(request()))).code).toBe('provider-error');
  });

  it('turns an abort into cancelled, before the answer and mid-stream', async () => {
    for (const reply of [{ hang: true } as const, { hang: true, afterTokens: 2 } as const]) {
      const controller = new AbortController();
      const server = await start({
        respond: () => {
          setTimeout(() => controller.abort(), 20);
          return reply;
        },
      });
      const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request({ signal: controller.signal })));
      expect(e.code).toBe('cancelled');
    }
  });

  it('turns a timeout signal into timeout', async () => {
    const server = await start({ respond: () => ({ hang: true }) });
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request({ signal: AbortSignal.timeout(50) })));
    expect(e.code).toBe('timeout');
  });

  it('reports unparsable answers as bad-response, streamed or not', async () => {
    const server = await start({ respond: () => ({ malformed: true }) });
    expect((await rejection(makeProvider({ baseUrl: server.url }).complete(request()))).code).toBe('bad-response');
    expect((await rejection(makeProvider({ baseUrl: server.url, stream: false }).complete(request()))).code).toBe('bad-response');
  });

  it('reports an error sent inside the stream as provider-error, with its message', async () => {
    const server = await start({
      respond: () => ({
        status: 200,
        body: `data: ${JSON.stringify(openaiErrorBody('CUDA out of memory', 'server_error'))}\n\n`,
        headers: { 'content-type': 'text/event-stream' },
      }),
    });
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(e.code).toBe('provider-error');
    expect(e.message).toContain('CUDA out of memory');
  });

  it('reports a stream without any choice as bad-response', async () => {
    const chunk = { id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [] };
    const server = await start({
      respond: () => ({
        status: 200,
        body: `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`,
        headers: { 'content-type': 'text/event-stream' },
      }),
    });
    const e = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(e.code).toBe('bad-response');
  });
});

describe('openai preset and config', () => {
  it('defaults to OpenAI’s address and OPENAI_API_KEY', () => {
    const config = OpenAIConfigSchema.parse({ model: 'gpt-4o-mini' });
    expect(config).toEqual({ model: 'gpt-4o-mini', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', stream: true });
    expect(openaiProvider.requiredEnv?.(config)).toEqual(['OPENAI_API_KEY']);
  });

  it('needs the key at creation, and describes itself without the network', async () => {
    const config = OpenAIConfigSchema.parse({ model: 'gpt-4o-mini' });
    const model = { id: 'gpt', provider: 'openai', hosting: 'foreign-cloud' as const, ...config };
    expect(() => openaiProvider.create(model, deps({ env: {} }))).toThrow(/OPENAI_API_KEY/);
    const fetchNever = (() => Promise.reject(new Error('pas de réseau'))) as typeof fetch;
    const provider = openaiProvider.create(model, deps({ env: { OPENAI_API_KEY: API_KEY }, fetch: fetchNever }));
    expect(await provider.describe?.(new AbortController().signal)).toEqual({
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
    });
  });

  it('requires baseUrl for openai-compatible, refuses credentials in it, and drops the query when describing', async () => {
    expect(OpenAICompatibleConfigSchema.safeParse({ model: 'm' }).success).toBe(false);
    expect(OpenAICompatibleConfigSchema.safeParse({ model: 'm', baseUrl: 'http://moi:secret@127.0.0.1/v1' }).success).toBe(false);
    expect(OpenAICompatibleConfigSchema.safeParse({ model: 'm', baseUrl: 'ftp://127.0.0.1/v1' }).success).toBe(false);
    expect(OpenAICompatibleConfigSchema.safeParse({ model: 'm', baseUrl: 'http://127.0.0.1/v1', timeoutMs: 5 }).success).toBe(false);
    const described = await makeProvider({ baseUrl: 'http://127.0.0.1:8000/v1?jeton=abc' }).describe?.(new AbortController().signal);
    expect(described).toEqual({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen2.5-7b' });
  });
});

describe('loopback OpenAI server', () => {
  it('lists models and records requests', async () => {
    const server = await start({ models: ['a', 'b'] });
    const res = await fetch(`${server.url}/models`);
    const body = (await res.json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/models' })]);
  });

  it('streams one chunk per token, usage in a last chunk with no choices, then [DONE]', async () => {
    const server = await start({ respond: () => ({ text: 'un deux', usage: { promptTokens: 5, completionTokens: 2 } }) });
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } }),
    });
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.slice('data: '.length)) as Record<string, unknown>);
    const contents = chunks.map((c) => (c.choices as { delta: { content?: string } }[])[0]?.delta.content);
    expect(contents).toEqual(['', 'un', ' deux', undefined, undefined]);
    expect(chunks.at(-1)).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });
});

describe('openai-compatible provider: redirects', () => {
  it('does not follow a redirect: the case data never reaches another host than baseUrl', async () => {
    const elsewhere = await start({ respond: () => ({ text: 'reçu ailleurs' }) });
    for (const status of [307, 308, 302]) {
      let hits = 0;
      const redirecting = createServer((req, res) => {
        hits++;
        req.resume();
        res.writeHead(status, { location: `${elsewhere.url}/chat/completions` });
        res.end();
      });
      await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', () => r()));
      try {
        const { port } = redirecting.address() as AddressInfo;
        const e = await rejection(makeProvider({ baseUrl: `http://127.0.0.1:${port}/v1` }).complete(request()));
        expect(e.code).toBe('unreachable');
        expect(e.message).toMatch(/redirection, qui n’est pas suivie/);
        expect(e.hint).toMatch(/baseUrl/);
        expect(hits).toBe(1);
      } finally {
        await new Promise<void>((r) => redirecting.close(() => r()));
      }
    }
    expect(chatBodies(elsewhere)).toEqual([]);
    expect(elsewhere.requests).toEqual([]);
  });
});
