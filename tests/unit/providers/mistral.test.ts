import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { estimateTokens } from '../../../harness/providers/estimate-tokens.js';
import { MistralConfigSchema, mistralProvider } from '../../../harness/providers/mistral.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../../harness/providers/types.js';
import { mistralErrorBody, startMistralServer } from '../../helpers/mistral-server.js';
import type { FakeServer, MistralServerOptions } from '../../helpers/mistral-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const API_KEY = 'cle-de-test-a-ne-jamais-afficher-0123456789';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const deps = (over: Partial<ProviderDeps> = {}): ProviderDeps => providerDeps({ env: { MISTRAL_API_KEY: API_KEY }, ...over });

const start = async (opts: MistralServerOptions = {}): Promise<FakeServer> => {
  const server = await startMistralServer({ apiKey: API_KEY, ...opts });
  servers.push(server);
  return server;
};

const makeProvider = (fields: Record<string, unknown>, d: ProviderDeps = deps()): Provider => {
  const config = MistralConfigSchema.parse({ model: 'mistral-small-latest', ...fields });
  return mistralProvider.create({ id: 'mistral-small', provider: 'mistral', hosting: 'eu-cloud', ...config }, d);
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

/** Everything about an error a person or a log could see, to check that no key leaks. */
const visible = (e: HarnessError): string =>
  [e.message, e.hint ?? '', e.stack ?? '', String((e.cause as Error | undefined)?.message ?? '')].join('\n');

const chatBodies = (server: FakeServer): Record<string, unknown>[] =>
  server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Record<string, unknown>);

describe('mistral provider', () => {
  it('streams the answer with usage, timings and the model that answered', async () => {
    const server = await start({
      respond: () => ({
        pieces: ['Paris', ' est', ' la capitale.'],
        usage: { promptTokens: 24, completionTokens: 6 },
        model: 'mistral-small-2503',
      }),
    });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());

    expect(result.text).toBe('Paris est la capitale.');
    expect(result.usage).toEqual({ inputTokens: 24, outputTokens: 6 });
    expect(result.modelIdentity).toBe('mistral-small-2503');
    expect(result.timings.ttftMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.ttftMs).toBeLessThanOrEqual(result.timings.totalMs);
    expect(result.truncated).toBe(false);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('sends temperature, max_tokens, random_seed and a JSON schema response_format on the wire', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url });
    const schema = { type: 'object', properties: { ville: { type: 'string' } }, required: ['ville'] };
    await provider.complete(
      request({ params: { temperature: 0.2, maxTokens: 64, seed: 7 }, responseFormat: { type: 'json', schema } }),
    );
    await provider.complete(request({ responseFormat: { type: 'json' } }));
    await provider.complete(request());

    const [withSchema, jsonMode, plain] = chatBodies(server);
    expect(withSchema).toMatchObject({
      model: 'mistral-small-latest',
      stream: true,
      temperature: 0.2,
      max_tokens: 64,
      random_seed: 7,
      response_format: { type: 'json_schema', json_schema: { name: 'reponse', schema, strict: true } },
      messages: [
        { role: 'system', content: 'Réponds en français.' },
        { role: 'user', content: 'Quelle est la capitale de la France ?' },
      ],
    });
    expect(jsonMode?.response_format).toEqual({ type: 'json_object' });
    for (const key of ['response_format', 'temperature', 'max_tokens', 'random_seed']) expect(plain).not.toHaveProperty(key);
  });

  it('estimates usage when the stream carries none, and flags a token-limit stop', async () => {
    const server = await start({ respond: () => ({ pieces: ['Il était une'], usage: null, finishReason: 'length' }) });
    const result = await makeProvider({ baseUrl: server.url }).complete(request());
    expect(result.usage).toEqual({
      inputTokens: estimateTokens(request().prompt),
      outputTokens: estimateTokens('Il était une'),
      estimated: true,
    });
    expect(result.truncated).toBe(true);
  });

  it('reports a refused key as auth, naming the variable and never the key', async () => {
    const server = await start();
    const wrong = 'autre-cle-refusee-9876543210';
    const err = await rejection(
      makeProvider({ baseUrl: server.url }, deps({ env: { MISTRAL_API_KEY: wrong } })).complete(request()),
    );
    expect(err.code).toBe('auth');
    expect(err.hint).toContain('MISTRAL_API_KEY');
    expect(visible(err)).not.toContain(wrong);
    expect(visible(err)).not.toContain(API_KEY);
  });

  it('reports 429 as rate-limited with the Retry-After delay, without retrying itself', async () => {
    const server = await start({
      respond: () => ({
        status: 429,
        headers: { 'retry-after': '7' },
        body: mistralErrorBody('Rate limit exceeded', 'rate_limited', '1300'),
      }),
    });
    const err = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(err.code).toBe('rate-limited');
    expect(err.retryAfterS).toBe(7);
    expect(err.message).toContain('Rate limit exceeded');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a server error as provider-error after a single attempt', async () => {
    const server = await start({ respond: () => ({ status: 503, body: mistralErrorBody('Service unavailable', 'service_unavailable') }) });
    const err = await rejection(makeProvider({ baseUrl: server.url }).complete(request()));
    expect(err.code).toBe('provider-error');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses to run without the key, naming the variable, before any request', async () => {
    const server = await start();
    const provider = makeProvider({ baseUrl: server.url, apiKeyEnv: 'CLE_MISTRAL_MAIRIE' }, deps({ env: {} }));
    const err = await rejection(provider.complete(request()));
    expect(err.code).toBe('missing-secret');
    expect(err.message).toContain('CLE_MISTRAL_MAIRIE');
    expect(server.requests).toHaveLength(0);
  });

  it('reports a refused connection as unreachable', async () => {
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const err = await rejection(makeProvider({ baseUrl: `http://127.0.0.1:${port}` }).complete(request()));
    expect(err.code).toBe('unreachable');
  });

  it('ends an aborted stream with cancelled, and a timed-out one with timeout', async () => {
    const server = await start({ respond: () => ({ pieces: ['un', 'deux'], delayMs: 20, stall: true }) });
    const provider = makeProvider({ baseUrl: server.url });
    const controller = new AbortController();
    const pending = provider.complete(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 150);
    expect((await rejection(pending)).code).toBe('cancelled');

    const timedOut = await rejection(provider.complete(request({ signal: AbortSignal.timeout(150) })));
    expect(timedOut.code).toBe('timeout');
  });

  it('goes through the injected fetch', async () => {
    const server = await start();
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    await makeProvider({ baseUrl: server.url }, deps({ fetch: spy })).complete(request());
    expect(seen).toEqual([`${server.url}/v1/chat/completions`]);
  });
});

describe('mistral config', () => {
  it('needs the key variable, MISTRAL_API_KEY unless renamed', () => {
    const config = MistralConfigSchema.parse({ model: 'mistral-small-latest' });
    expect(mistralProvider.requiredEnv?.(config)).toEqual(['MISTRAL_API_KEY']);
    const renamed = MistralConfigSchema.parse({ model: 'mistral-small-latest', apiKeyEnv: 'CLE_MISTRAL' });
    expect(mistralProvider.requiredEnv?.(renamed)).toEqual(['CLE_MISTRAL']);
    expect(MistralConfigSchema.safeParse({ model: 'm', apiKeyEnv: 'sk-abc 123' }).success).toBe(false);
    expect(MistralConfigSchema.safeParse({ model: 'm', apiKey: 'x' }).success).toBe(false);
  });
});

describe('mistral loopback server', () => {
  it('answers a non-streaming request with one chat.completion object', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'abcd' }] }),
    });
    expect(await res.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'abcd' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
    });
  });
});
