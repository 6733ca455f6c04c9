/** `latency`: the answer came within a time budget. */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';

const LatencyArgs = z.strictObject({
  threshold: z.number().positive(),
});

const ms = (n: number): string => `${Math.round(n).toLocaleString('fr-FR')} ms`;

export const latencyScorer: ScorerDefinition<typeof LatencyArgs> = {
  description: 'temps de réponse au plus égal au seuil threshold (en millisecondes)',
  args: LatencyArgs,
  // « slower than » is not a useful assertion; not-latency would only confuse.
  negatable: false,
  create: (args) => (_output, ctx) => {
    if (ctx.latencyMs === null) return { type: 'latency', value: null, pass: false, reason: 'temps de réponse inconnu' };
    const pass = ctx.latencyMs <= args.threshold;
    return { type: 'latency', value: pass ? 1 : 0, pass, reason: `${ms(ctx.latencyMs)} ${pass ? '≤' : '>'} seuil ${ms(args.threshold)}` };
  },
};
