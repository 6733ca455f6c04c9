/**
 * The generation parameters of one request: the suite's options, else the model's, else the
 * harness's defaults. Every parameter is sent explicitly, so that no server samples with its own
 * defaults (llama.cpp's server samples at temperature 0.8 when told nothing, the in-process model is
 * greedy): all models are compared on the same terms, and each result records what was sent.
 */
import type { GenerationParams } from '../core/types.js';

/**
 * Documented in the README (« Paramètres de génération »): greedy decoding (repeats are identical),
 * an answer bound generous for administrative texts, and a fixed seed so that a suite asking for
 * sampling (temperature > 0) is reproducible too.
 */
export const DEFAULT_GENERATION_PARAMS = { temperature: 0, maxTokens: 512, seed: 0 } as const satisfies GenerationParams;

export type ParamsInput = {
  /** The model's `options` from the config. */
  modelOptions?: GenerationParams;
  /** The model's `maxOutputTokens`: a ceiling whatever the suite asks. */
  maxOutputTokens?: number;
  suiteOptions: GenerationParams;
  /** 1-based repeat, and how many repeats the run has. */
  repeat: number;
  repeats: number;
};

/** What is sent for one case × repeat; every field but `stop` is always set. */
export const generationParams = (p: ParamsInput): GenerationParams & { temperature: number; maxTokens: number; seed: number } => {
  const merged = { ...DEFAULT_GENERATION_PARAMS, ...(p.modelOptions ?? {}), ...p.suiteOptions };
  // Repeats must be independent samples when sampling: each gets its own seed.
  const seed = p.repeats > 1 ? merged.seed + p.repeat - 1 : merged.seed;
  const asked = p.suiteOptions.maxTokens ?? p.modelOptions?.maxTokens;
  const maxTokens = p.maxOutputTokens === undefined ? merged.maxTokens : Math.min(asked ?? p.maxOutputTokens, p.maxOutputTokens);
  return { ...merged, seed, maxTokens };
};
