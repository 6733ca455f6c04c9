/** The manifest carries the server's own description of the model (`GET /v1/models`). */
import { describe, expect, it } from 'vitest';
import { OpenAICompatibleConfigSchema, openaiCompatibleProvider } from '../../../harness/providers/openai-compatible.js';
import { startOpenAIServer } from '../../helpers/openai-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const make = (baseUrl: string, model: string) =>
  openaiCompatibleProvider.create({ id: 'x', provider: 'openai-compatible', hosting: 'on-prem', ...OpenAICompatibleConfigSchema.parse({ baseUrl, model }) }, providerDeps());

describe('openai-compatible describe()', () => {
  it('adds the /v1/models entry of the model asked for', async () => {
    const server = await startOpenAIServer({ models: ['autre', 'qwen2.5-7b'] });
    try {
      const facts = await make(server.url, 'qwen2.5-7b').describe?.(new AbortController().signal);
      expect(facts).toMatchObject({ model: 'qwen2.5-7b', server: { id: 'qwen2.5-7b', owned_by: 'loopback', object: 'model' } });
    } finally {
      await server.close();
    }
  });

  it('takes the only listed model when the name differs (llama.cpp lists its file)', async () => {
    const server = await startOpenAIServer({ models: ['stories260K.gguf'] });
    try {
      const facts = await make(server.url, 'n-importe-quoi').describe?.(new AbortController().signal);
      expect(facts).toMatchObject({ server: { id: 'stories260K.gguf' } });
    } finally {
      await server.close();
    }
  });

  it('leaves it out when the server lists nothing usable', async () => {
    const server = await startOpenAIServer({ models: ['a', 'b'] });
    try {
      const facts = await make(server.url, 'c').describe?.(new AbortController().signal);
      expect(facts).not.toHaveProperty('server');
    } finally {
      await server.close();
    }
  });
});
