/**
 * `reference` calibration baseline: answers each case with its own reference answer. A suite's
 * scorers should pass it almost everywhere; where it fails, the assertion or the reference is
 * wrong, not a model. A case without a reference is an error result, clearly labelled.
 */
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromTransport } from './http-errors.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/** `reference` takes no field of its own. */
export const ReferenceConfigSchema = z.strictObject({});

// Typed with the default parameter: an empty zod object infers `Record<string, never>`, which
// would make every ModelBase field `never` in `create`.
export const referenceProvider: ProviderDefinition = {
  description: 'Témoin de calibrage : renvoie la réponse de référence de chaque cas (aucun modèle)',
  config: ReferenceConfigSchema,
  create(model, deps) {
    return {
      id: model.id,
      hosting: model.hosting,
      async complete(req: CompletionRequest): Promise<Completion> {
        const startedMs = deps.now();
        if (req.signal.aborted) throw errorFromTransport(req.signal.reason, { modelId: model.id }, req.signal);
        const text = req.case?.reference;
        // A blank reference (an empty CSV cell) says nothing either: it would pass `equals ""` only.
        if (text === undefined || text.trim() === '') {
          const which = req.case ? ` « ${req.case.id} »` : '';
          throw new HarnessError('bad-response', `${model.id} : le cas${which} n’a pas de réponse de référence`, {
            hint: 'ajoutez `reference:` à ce cas, ou ne lancez pas le témoin reference sur cette suite',
          });
        }
        const totalMs = deps.now() - startedMs;
        return {
          text,
          usage: { inputTokens: estimateTokens(req.prompt), outputTokens: estimateTokens(text), estimated: true },
          timings: { ttftMs: totalMs, totalMs },
          modelIdentity: 'reference',
          truncated: false,
        };
      },
    };
  },
};
