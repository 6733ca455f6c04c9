/**
 * Stop sequences (`options.stop` of a suite) reach every provider that takes them, on the wire for
 * servers and as stop triggers for the in-process model; the in-process model classes a prompt
 * longer than its context as an input error, like the servers' messages.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGgufProvider } from '../../../harness/providers/gguf.js';
import { MistralConfigSchema, mistralProvider } from '../../../harness/providers/mistral.js';
import { OllamaConfigSchema, ollamaProvider } from '../../../harness/providers/ollama.js';
import { OpenAICompatibleConfigSchema, openaiCompatibleProvider } from '../../../harness/providers/openai-compatible.js';
import type { CompletionRequest, Provider } from '../../../harness/providers/types.js';
import { GenerationParamsSchema } from '../../../harness/suites/schema.js';
import { startMistralServer } from '../../helpers/mistral-server.js';
import { startOllamaServer } from '../../helpers/ollama-server.js';
import { startOpenAIServer } from '../../helpers/openai-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'models');

const STOP = ['\n\n', 'FIN'];
const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content: 'Bonjour.' }],
  prompt: 'Bonjour.',
  params: { temperature: 0, maxTokens: 16, stop: STOP },
  signal: new AbortController().signal,
  ...over,
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('options.stop', () => {
  it('is part of a suite’s options: a list of one to four non-empty texts', () => {
    expect(GenerationParamsSchema.safeParse({ stop: ['\n'] }).success).toBe(true);
    expect(GenerationParamsSchema.safeParse({ stop: [] }).success).toBe(false);
    expect(GenerationParamsSchema.safeParse({ stop: [''] }).success).toBe(false);
    expect(GenerationParamsSchema.safeParse({ stop: ['a', 'b', 'c', 'd', 'e'] }).success).toBe(false);
    expect(GenerationParamsSchema.safeParse({ stop: 'FIN' }).success).toBe(false);
  });

  it('openai-compatible sends `stop`, streamed and not', async () => {
    const server = await startOpenAIServer();
    closers.push(server.close);
    for (const stream of [true, false]) {
      const config = OpenAICompatibleConfigSchema.parse({ baseUrl: server.url, model: 'm', stream });
      await openaiCompatibleProvider.create({ id: 'x', provider: 'openai-compatible', hosting: 'on-prem', ...config }, providerDeps()).complete(request());
    }
    const bodies = server.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as Record<string, unknown>);
    expect(bodies.map((b) => b.stop)).toEqual([STOP, STOP]);
  });

  it('ollama sends options.stop', async () => {
    const server = await startOllamaServer();
    closers.push(server.close);
    const config = OllamaConfigSchema.parse({ baseUrl: server.url, model: 'qwen2.5:3b' });
    await ollamaProvider.create({ id: 'q', provider: 'ollama', hosting: 'on-prem', ...config }, providerDeps()).complete(request());
    const chat = server.requests.find((r) => r.path === '/api/chat')!.body as { options: Record<string, unknown> };
    expect(chat.options).toMatchObject({ stop: STOP, temperature: 0, num_predict: 16 });
  });

  it('mistral sends stop', async () => {
    const key = 'k'.repeat(32);
    const server = await startMistralServer({ apiKey: key });
    closers.push(server.close);
    const config = MistralConfigSchema.parse({ baseUrl: server.url, model: 'mistral-small-latest' });
    await mistralProvider.create({ id: 'ms', provider: 'mistral', hosting: 'eu-cloud', ...config }, providerDeps({ env: { MISTRAL_API_KEY: key } })).complete(request());
    const chat = server.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as Record<string, unknown>;
    expect(chat.stop).toEqual(STOP);
  });
});

describe('gguf (stories260K in process)', () => {
  const PROMPT = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the';
  let stories: Provider | undefined;
  const gguf = (contextSize = 512): Provider => {
    stories = createGgufProvider(
      { id: 'tiny', provider: 'gguf', hosting: 'local', model: 'stories260K', mode: 'completion', contextSize },
      providerDeps({ projectRoot: repoRoot, modelSearchPath: [sharedModels] }),
    );
    return stories;
  };
  afterAll(async () => {
    await stories?.close?.();
  });

  it('ends the answer before a stop sequence, without calling it truncated', async () => {
    const p = gguf();
    const free = await p.complete(request({ prompt: PROMPT, params: { temperature: 0, maxTokens: 32 } }));
    // The greedy continuation mentions "ball" (see gguf.test.ts); stopping on it cuts just before
    // (node-llama-cpp trims the space left before the trigger).
    expect(free.text).toContain(' ball');
    const stopped = await p.complete(request({ prompt: PROMPT, params: { temperature: 0, maxTokens: 32, stop: ['ball'] } }));
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(' ball')));
    expect(stopped.truncated).toBe(false);
    await p.close?.();
  });

  it('classes a prompt longer than its context as an input error', async () => {
    const p = gguf(64);
    const e = await p.complete(request({ prompt: PROMPT.repeat(6) })).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'invalid-input' });
    expect((e as Error).message).toMatch(/invite trop longue/);
  });
});
