/**
 * A request the server refuses for what it contains (too long for the context, malformed) is the
 * case's fault: one input error, never retried, the server's explanation kept. Each provider is
 * fed the message its real server sends (quoted from llama.cpp, vLLM, OpenAI, Ollama and Mistral).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { errorFromStatus, isContextLengthMessage } from '../../../harness/providers/http-errors.js';
import { HttpConfigSchema, httpProvider } from '../../../harness/providers/http.js';
import { MistralConfigSchema, mistralProvider } from '../../../harness/providers/mistral.js';
import { OllamaConfigSchema, ollamaProvider } from '../../../harness/providers/ollama.js';
import { OpenAICompatibleConfigSchema, openaiCompatibleProvider } from '../../../harness/providers/openai-compatible.js';
import type { CompletionRequest } from '../../../harness/providers/types.js';
import { startMistralServer } from '../../helpers/mistral-server.js';
import { startOllamaServer } from '../../helpers/ollama-server.js';
import { startOpenAIServer } from '../../helpers/openai-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

/** Real bodies, as each server sends them (the numbers vary, the wording does not). */
const LLAMA_CPP = {
  error: {
    code: 400,
    message: 'request (1212 tokens) exceeds the available context size (1024 tokens), try increasing it',
    type: 'exceed_context_size_error',
    n_prompt_tokens: 1212,
    n_ctx: 1024,
  },
};
const VLLM = {
  object: 'error',
  message:
    "This model's maximum context length is 2048 tokens. However, you requested 2100 tokens (2000 in the messages, 100 in the completion). Please reduce the length of the messages or completion.",
  type: 'BadRequestError',
  param: null,
  code: 400,
};
const OPENAI = {
  error: {
    message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  },
};
const OLLAMA = 'the input length exceeds the context length';
const MISTRAL = {
  object: 'error',
  message: 'Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length',
  type: 'invalid_request_message_error',
  param: null,
  code: '3051',
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const request = (): CompletionRequest => ({
  messages: [{ role: 'user', content: 'Un courrier bien trop long.' }],
  prompt: 'Un courrier bien trop long.',
  params: { temperature: 0, maxTokens: 16 },
  signal: new AbortController().signal,
});

const rejection = async (p: Promise<unknown>): Promise<HarnessError> => {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(HarnessError);
  return e as HarnessError;
};

const expectContextFault = (e: HarnessError, quoted: string) => {
  expect(e.code).toBe('invalid-input');
  expect(e.message).toContain('invite trop longue');
  expect(e.message).toContain(quoted);
  expect(e.hint).toMatch(/contexte/);
};

describe('errorFromStatus', () => {
  it.each([400, 413, 422])('classes HTTP %i as the request’s own fault, keeping the server’s words', (status) => {
    const e = errorFromStatus(status, 'champ « messages » manquant', null, { modelId: 'm' });
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain('champ « messages » manquant');
  });

  it('recognises a context-length message whatever the status, and by the vendor code alone', () => {
    expect(errorFromStatus(500, 'input exceeds context length', null, { modelId: 'm' }).code).toBe('invalid-input');
    expect(errorFromStatus(500, 'Input too long.', null, { modelId: 'm' }, 'context_length_exceeded').code).toBe('invalid-input');
    expect(errorFromStatus(500, 'out of memory', null, { modelId: 'm' }).code).toBe('provider-error');
    expect(errorFromStatus(401, 'bad key', null, { modelId: 'm' }).code).toBe('auth');
    expect(errorFromStatus(429, 'slow down', null, { modelId: 'm' }).code).toBe('rate-limited');
  });

  it.each([
    ['llama.cpp', LLAMA_CPP.error.message],
    ['llama.cpp (context shift on)', 'input (1212 tokens) is larger than the max context size (1024 tokens). skipping'],
    ['vLLM', VLLM.message],
    ['OpenAI', OPENAI.error.message],
    ['Ollama', OLLAMA],
    ['Mistral', MISTRAL.message],
  ])('knows %s’s context-length message', (_server, message) => {
    expect(isContextLengthMessage(message)).toBe(true);
  });

  it('does not mistake other refusals for a context problem', () => {
    expect(isContextLengthMessage('Invalid value for temperature: must be between 0 and 2')).toBe(false);
    expect(isContextLengthMessage('rate limit exceeded')).toBe(false);
  });
});

describe('each provider, fed its server’s real context-length answer', () => {
  it('openai-compatible: llama.cpp, vLLM and OpenAI, streamed or not, each asked once', async () => {
    for (const [body, quoted] of [
      [LLAMA_CPP, 'exceeds the available context size'],
      [VLLM, 'maximum context length is 2048'],
      [OPENAI, 'maximum context length is 128000'],
    ] as const) {
      for (const stream of [true, false]) {
        const server = await startOpenAIServer({ respond: () => ({ status: 400, body }) });
        closers.push(server.close);
        const config = OpenAICompatibleConfigSchema.parse({ baseUrl: server.url, model: 'm', stream });
        const provider = openaiCompatibleProvider.create({ id: 'llama-server', provider: 'openai-compatible', hosting: 'on-prem', ...config }, providerDeps());
        expectContextFault(await rejection(provider.complete(request())), quoted);
        expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
      }
    }
  });

  it('openai-compatible: an error event in the stream that says the context is exceeded', async () => {
    const sse = `data: ${JSON.stringify(LLAMA_CPP)}\n\n`;
    const server = await startOpenAIServer({ respond: () => ({ status: 200, body: sse, headers: { 'content-type': 'text/event-stream' } }) });
    closers.push(server.close);
    const config = OpenAICompatibleConfigSchema.parse({ baseUrl: server.url, model: 'm' });
    const provider = openaiCompatibleProvider.create({ id: 'llama-server', provider: 'openai-compatible', hosting: 'on-prem', ...config }, providerDeps());
    expectContextFault(await rejection(provider.complete(request())), 'exceeds the available context size');
  });

  it('ollama', async () => {
    const server = await startOllamaServer({ respond: () => ({ status: 400, error: OLLAMA }) });
    closers.push(server.close);
    const config = OllamaConfigSchema.parse({ baseUrl: server.url, model: 'qwen2.5:3b' });
    const provider = ollamaProvider.create({ id: 'qwen', provider: 'ollama', hosting: 'on-prem', ...config }, providerDeps());
    expectContextFault(await rejection(provider.complete(request())), OLLAMA);
  });

  it('mistral', async () => {
    const server = await startMistralServer({ apiKey: 'k'.repeat(32), respond: () => ({ status: 400, body: MISTRAL }) });
    closers.push(server.close);
    const config = MistralConfigSchema.parse({ baseUrl: server.url, model: 'mistral-small-latest' });
    const provider = mistralProvider.create({ id: 'mistral-small', provider: 'mistral', hosting: 'eu-cloud', ...config }, providerDeps({ env: { MISTRAL_API_KEY: 'k'.repeat(32) } }));
    expectContextFault(await rejection(provider.complete(request())), 'too large for model with 32768');
  });

  it('http: 413 and 422 from an in-house service are input errors with its message', async () => {
    let status = 413;
    const server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 413 ? 'question trop volumineuse' : 'champ question manquant');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    closers.push(() => new Promise<void>((done) => server.close(() => done())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ask`;
    const config = HttpConfigSchema.parse({ url });
    const provider = httpProvider.create({ id: 'rag-interne', provider: 'http', hosting: 'on-prem', ...config }, providerDeps());
    const tooBig = await rejection(provider.complete(request()));
    expect(tooBig).toMatchObject({ code: 'invalid-input' });
    expect(tooBig.message).toContain('question trop volumineuse');
    status = 422;
    const unprocessable = await rejection(provider.complete(request()));
    expect(unprocessable).toMatchObject({ code: 'invalid-input' });
    expect(unprocessable.message).toContain('champ question manquant');
  });
});
