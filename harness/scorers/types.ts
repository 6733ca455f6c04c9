/**
 * The Scorer contract: a scorer is a plain function from an output to a Score. Definitions carry a
 * zod schema for the assertion fields they accept, so the suite schema derives from the registry.
 */
import type { z } from 'zod';
import type { Awaitable, Message, Score, Vars } from '../core/types.js';

/**
 * Asks a judge model. `judge` names a model of the config (from the assertion, else the suite's or
 * the config's `judge:`); never chosen implicitly. Throws HarnessError when none is configured, the
 * policy forbids sending this case to it, or it fails.
 */
export type AskJudge = (judge: string | undefined, messages: Message[]) => Promise<{ text: string; judge: string }>;

export interface ScoreContext {
  vars: Vars;
  /** The case's reference answer, when it has one. */
  reference?: string;
  /** The request as sent, flattened to text. */
  prompt: string;
  latencyMs: number | null;
  /** Retrieved passages returned by a RAG provider. */
  contexts?: string[];
  /** Judges configured for this case (in order); model-graded scorers use them. */
  judges?: readonly string[];
  /** Set by the runner: model-graded scorers call it. */
  askJudge?: AskJudge;
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
