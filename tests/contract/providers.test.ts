/**
 * One list of expectations, run against every provider: the same metrics recorded the same way,
 * the same typed errors. Each provider is set up for real (loopback server, real model, real program).
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../harness/core/errors.js';
import { providers } from '../../harness/providers/registry.js';
import type { CompletionRequest, Provider, ProviderDeps } from '../../harness/providers/types.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { startMistralServer } from '../helpers/mistral-server.js';
import { startOllamaServer } from '../helpers/ollama-server.js';
import { startOpenAIServer } from '../helpers/openai-server.js';

type Setup = { provider: Provider; expectedText?: string; teardown?: () => Promise<void> | void };

const deps = (projectRoot = REPO_ROOT, env: Record<string, string> = {}): ProviderDeps => ({
  env,
  fetch: globalThis.fetch,
  now: () => performance.now(),
  projectRoot,
});

const make = (kind: string, block: Record<string, unknown>, d: ProviderDeps): Provider => {
  const def = providers[kind]!;
  const settings = def.config.parse(block);
  return def.create({ id: `${kind}-contract`, provider: kind, hosting: 'local', ...(settings as object) } as never, d);
};

const SETUPS: Record<string, () => Promise<Setup>> = {
  echo: async () => ({ provider: make('echo', {}, deps()), expectedText: 'Bonjour le monde' }),
  reference: async () => ({ provider: make('reference', {}, deps()), expectedText: 'Hola mundo' }),
  'openai-compatible': async () => {
    const server = await startOpenAIServer({ respond: () => ({ text: 'Hola mundo', usage: { promptTokens: 5, completionTokens: 2 } }) });
    return { provider: make('openai-compatible', { baseUrl: server.url, model: 'm' }, deps()), expectedText: 'Hola mundo', teardown: () => server.close() };
  },
  ollama: async () => {
    const server = await startOllamaServer({ respond: () => ({ pieces: ['Hola', ' mundo'], promptEvalCount: 5, evalCount: 2 }) });
    return { provider: make('ollama', { baseUrl: server.url, model: 'qwen2.5:3b' }, deps()), expectedText: 'Hola mundo', teardown: () => server.close() };
  },
  mistral: async () => {
    const server = await startMistralServer({ apiKey: 'k-contract', respond: () => ({ pieces: ['Hola', ' mundo'], usage: { promptTokens: 5, completionTokens: 2 } }) });
    return { provider: make('mistral', { baseUrl: server.url, model: 'mistral-small-latest' }, deps(REPO_ROOT, { MISTRAL_API_KEY: 'k-contract' })), expectedText: 'Hola mundo', teardown: () => server.close() };
  },
  gguf: async () => {
    const root = mkdtempSync(join(tmpdir(), 'bas-contract-'));
    mkdirSync(join(root, 'models'));
    copyFileSync(resolve(REPO_ROOT, '..', 'shared', 'models', 'stories260K.gguf'), join(root, 'models', 'stories260K.gguf'));
    const provider = make('gguf', { model: 'stories260K', mode: 'completion' }, deps(root));
    return { provider, teardown: () => provider.close?.() };
  },
};

const request = (signal: AbortSignal): CompletionRequest => ({
  messages: [{ role: 'user', content: 'Bonjour le monde' }],
  prompt: 'Bonjour le monde',
  params: { temperature: 0, maxTokens: 8 },
  signal,
  case: { id: 'c1', vars: {}, reference: 'Hola mundo' },
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof HarnessError ? e.code : `untyped: ${String(e)}`;
  }
};

describe.each(Object.keys(SETUPS))('provider contract: %s', (kind) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await SETUPS[kind]!();
  });
  afterAll(async () => {
    await setup.teardown?.();
  });

  it('answers with text, total latency, first-token time and token counts', async () => {
    const c = await setup.provider.complete(request(new AbortController().signal));
    if (setup.expectedText !== undefined) expect(c.text).toBe(setup.expectedText);
    else expect(c.text.length).toBeGreaterThan(0);
    expect(c.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(c.timings.ttftMs).toBeDefined();
    expect(c.timings.ttftMs!).toBeLessThanOrEqual(c.timings.totalMs);
    expect(c.usage).toBeDefined();
    expect(c.usage!.inputTokens).toBeGreaterThan(0);
    expect(c.usage!.outputTokens).toBeGreaterThan(0);
  });

  it('keeps the id and hosting it was configured with', () => {
    expect(setup.provider.id).toBe(`${kind}-contract`);
    expect(setup.provider.hosting).toBe('local');
  });

  it('rejects a request cancelled before it starts with a typed error', async () => {
    const ctl = new AbortController();
    ctl.abort();
    expect(await codeOf(setup.provider.complete(request(ctl.signal)))).toBe('cancelled');
  });

  it('reports a timeout as a timeout', async () => {
    const signal = AbortSignal.abort(new DOMException('délai', 'TimeoutError'));
    expect(await codeOf(setup.provider.complete(request(signal)))).toBe('timeout');
  });
});
