/**
 * The Provider contract: one interface for every model, service or program the harness can
 * question. Providers never import scorers, energy or each other; the runner drives them.
 */
import type { z } from 'zod';
import type { Awaitable, GenerationParams, Hosting, Message, Vars } from '../core/types.js';

/** A JSON output constraint (from a suite asking for JSON): providers that can enforce it do. */
export type ResponseFormat = { type: 'json'; schema?: Record<string, unknown> };

export interface CompletionRequest {
  messages: Message[];
  /** The same request flattened to one text (for completion-mode models, programs and logs). */
  prompt: string;
  params: GenerationParams;
  signal: AbortSignal;
  responseFormat?: ResponseFormat;
  /**
   * The case being run, as the guard prepared it (personal values masked when the policy asks):
   * calibration baselines (`reference`), templated HTTP bodies, the `rag` question and `command`
   * inputs read it. Providers never see the case's data any other way.
   */
  case?: { id: string; vars: Vars; reference?: string };
}

export interface Completion {
  text: string;
  /** Provider-reported token counts; `estimated: true` when the harness counted them itself. */
  usage?: { inputTokens: number; outputTokens: number; estimated?: boolean };
  /** `totalMs` from request sent to last byte; `ttftMs` to the first content token (streaming). */
  timings: { ttftMs?: number; totalMs: number; backend?: Record<string, number> };
  /** Exact identity of the model that answered (name, digest or version), when the API gives it. */
  modelIdentity?: string;
  /** Retrieved passages, when the provider is a RAG service. */
  contexts?: string[];
  /** Whether generation stopped on the token limit (counts as a failure for constrained output). */
  truncated?: boolean;
  /** CPU time spent by a local program or in-process model, in ms (energy needs it). */
  cpuMs?: number;
}

export interface Provider {
  /** The model id from the config (`albert-small`), not the vendor's model name. */
  readonly id: string;
  readonly hosting: Hosting;
  /** Called once per case × repeat. Must honour `req.signal`; throws HarnessError on failure. */
  complete(req: CompletionRequest): Promise<Completion>;
  /** Log-likelihood of each candidate continuation of the prompt (multiple choice); optional. */
  scoreChoices?(req: { prompt: string; choices: string[]; signal: AbortSignal }): Promise<number[]>;
  /**
   * Called once before the run: can this model be used here at all (model file present, program
   * installed)? A model that fails is left out of the run with the reason; the others go on.
   */
  check?(signal: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string; hint?: string }>;
  /** Facts for manifest.json (model name, digest, parameter size…), fetched once before the run. */
  describe?(signal: AbortSignal): Promise<Record<string, unknown>>;
  /** Releases sockets, child processes or native memory at the end of the run. */
  close?(): Awaitable<void>;
}

/** What a provider factory may use: everything from outside comes in here, nothing is read globally. */
export interface ProviderDeps {
  /** Environment variables (only the ones the config names are read). */
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof globalThis.fetch;
  /** Monotonic clock in ms (performance.now by default); injectable for tests. */
  now: () => number;
  /** Absolute path of the project root; relative model paths resolve from it. */
  projectRoot: string;
  /** Extra folders where local model files are looked for after the project's `models/`. */
  modelSearchPath?: readonly string[];
  /** Another model of the config, by id: wrappers (the `rag` pipeline) put any model behind them. */
  resolveProvider?: (modelId: string) => Provider;
}

/** Fields every model block of the config has, whatever its provider. */
export type ModelBase = {
  id: string;
  provider: string;
  hosting: Hosting;
  options?: GenerationParams;
  timeoutMs?: number;
  maxRetries?: number;
  concurrency?: number;
};

/**
 * A provider kind (`provider:` in the config). `config` validates the provider-specific fields of a
 * model block (the common ones are validated by the config schema); `create` builds the provider.
 */
export interface ProviderDefinition<C extends z.ZodType = z.ZodType> {
  description: string;
  config: C;
  /** Environment variables this model needs, checked before anything runs. */
  requiredEnv?(config: z.infer<C>): string[];
  create(model: ModelBase & z.infer<C>, deps: ProviderDeps): Provider;
  /** For wrappers: the id of the model of the config they put behind them (its hosting applies). */
  innerModel?(config: z.infer<C>): string;
}
