/**
 * The Scorer contract: a scorer is a plain function from an output to a Score. Definitions carry a
 * zod schema for the assertion fields they accept, so the suite schema derives from the registry.
 */
import type { z } from 'zod';
import type { Awaitable, Score, Vars } from '../core/types.js';

export interface ScoreContext {
  vars: Vars;
  /** The case's reference answer, when it has one. */
  reference?: string;
  /** The request as sent, flattened to text. */
  prompt: string;
  latencyMs: number | null;
  /** Retrieved passages returned by a RAG provider. */
  contexts?: string[];
}

export type Scorer = (output: string, ctx: ScoreContext) => Awaitable<Score>;

/**
 * One scorer kind (`type:` of an assertion). `args` validates the assertion object without its
 * `type` and `weight`; it should be strict so a misspelt field is reported, not ignored.
 */
export interface ScorerDefinition<A extends z.ZodType = z.ZodType> {
  description: string;
  args: A;
  /** Whether `not-<type>` exists (deterministic scorers only). */
  negatable: boolean;
  /** True when the scorer compares with the case's reference if `value` is absent. */
  usesReference?: boolean;
  create(args: z.infer<A>): Scorer;
}

export type ScorerRegistry = Readonly<Record<string, ScorerDefinition>>;
