/**
 * `echo` calibration baseline: answers with the request itself, flattened to text. A suite's
 * scorers should fail it almost everywhere; where it passes, the assertions check the prompt rather
 * than the answer. Its timings measure the harness's own overhead.
 */
import { z } from 'zod';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromTransport } from './http-errors.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/** `echo` takes no field of its own. */
export const EchoConfigSchema = z.strictObject({});

// Typed with the default parameter: an empty zod object infers `Record<string, never>`, which
// would make every ModelBase field `never` in `create`.
export const echoProvider: ProviderDefinition = {
  description: 'Témoin de calibrage : renvoie la consigne telle quelle (aucun modèle)',
  config: EchoConfigSchema,
  create(model, deps) {
    return {
      id: model.id,
      hosting: model.hosting,
      async complete(req: CompletionRequest): Promise<Completion> {
        const startedMs = deps.now();
        if (req.signal.aborted) throw errorFromTransport(req.signal.reason, { modelId: model.id }, req.signal);
        const text = req.prompt;
        // The whole answer exists at once: first token and last byte coincide.
        const totalMs = deps.now() - startedMs;
        return {
          text,
          usage: { inputTokens: estimateTokens(req.prompt), outputTokens: estimateTokens(text), estimated: true },
          timings: { ttftMs: totalMs, totalMs },
          modelIdentity: 'echo',
          truncated: false,
        };
      },
    };
  },
};
