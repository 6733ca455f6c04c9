/** A timeout says which delay ran out, whichever provider hung (its own words or none). */
import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { withRetries } from '../../../harness/runner/attempts.js';
import { OpenAICompatibleConfigSchema, openaiCompatibleProvider } from '../../../harness/providers/openai-compatible.js';
import { startOpenAIServer } from '../../helpers/openai-server.js';
import { providerDeps } from '../../helpers/provider-deps.js';

const hang = (signal: AbortSignal, e: () => HarnessError) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(e())));

describe('timeout messages', () => {
  it.each([
    ['a provider that reports cancellation', () => new HarnessError('cancelled', 'requête annulée')],
    ['a provider that reports a vague timeout', () => new HarnessError('timeout', 'délai dépassé')],
  ])('name the delay for %s', async (_label, error) => {
    const outcome = await withRetries({ modelId: 'lent', timeoutMs: 1500, maxRetries: 0, abortSignal: new AbortController().signal }, (signal) => hang(signal, error));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('timeout');
    expect(outcome.error.message).toBe('lent : pas de réponse en 1,5 s (timeoutMs)');
    expect(outcome.error.hint).toMatch(/timeoutMs/);
  });

  it('a real hung server, through the openai-compatible provider', async () => {
    const server = await startOpenAIServer({ respond: () => ({ hang: true }) });
    try {
      const config = OpenAICompatibleConfigSchema.parse({ baseUrl: server.url, model: 'm' });
      const provider = openaiCompatibleProvider.create({ id: 'lent', provider: 'openai-compatible', hosting: 'on-prem', ...config }, providerDeps());
      const outcome = await withRetries({ modelId: 'lent', timeoutMs: 300, maxRetries: 0, abortSignal: new AbortController().signal }, (signal) =>
        provider.complete({ messages: [{ role: 'user', content: 'x' }], prompt: 'x', params: {}, signal }),
      );
      expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout', message: 'lent : pas de réponse en 300 ms (timeoutMs)' } });
    } finally {
      await server.close();
    }
  });
});
