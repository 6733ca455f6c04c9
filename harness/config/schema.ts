/**
 * `bac-a-sable.config.yaml`: the models the project lead can run, and the defaults of a bare `run`.
 * Provider-specific fields are validated by each provider's own schema (see load-config.ts).
 */
import { z } from 'zod';
import { HOSTINGS } from '../core/types.js';
import { EnergyConfigSchema, type EnergyConfig } from '../energy/config.js';
import { PolicySchema, type Policy } from '../sovereignty/policy.js';
import { GenerationParamsSchema } from '../suites/schema.js';

export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** The fields every model block has; the rest belongs to its provider. */
export const ModelCommonSchema = z.object({
  id: z.string().regex(MODEL_ID, { message: 'identifiant : lettres, chiffres, « . », « _ », « : », « - »' }),
  provider: z.string().min(1),
  hosting: z.enum(HOSTINGS),
  /** Display name in reports (defaults to the id). */
  label: z.string().min(1).optional(),
  options: GenerationParamsSchema.optional(),
  timeoutMs: z.int().positive().max(3_600_000).optional(),
  maxRetries: z.int().min(0).max(20).optional(),
  concurrency: z.int().positive().max(256).optional(),
  /** Upper bound on generated tokens whatever the suite asks (a slow local model, a costly API). */
  maxOutputTokens: z.int().positive().optional(),
  /** Restrict the model to these suite ids or communities (e.g. Apertium fr-es → the fr-es suite). */
  suites: z.array(z.string().min(1)).min(1).optional(),
  /**
   * At most this many cases of each suite, spread evenly through it (a stratified sample: every
   * suite keeps its share). For a demo model too slow for every case; said in the console and report.
   */
  samplePerSuite: z.int().positive().max(100_000).optional(),
  /** Mask personal data in this model's requests (true), never (false), or per policy (absent). */
  redact: z.boolean().optional(),
  /** A calibration baseline (like `reference`, `echo`): shown apart, never in a verdict or a total. */
  calibration: z.boolean().optional(),
});
export type ModelCommon = z.infer<typeof ModelCommonSchema>;
export const COMMON_KEYS = Object.keys(ModelCommonSchema.shape);

export const ConfigFileSchema = z.strictObject({
  models: z.array(z.looseObject({})).min(1),
  policy: PolicySchema.optional(),
  energy: EnergyConfigSchema.optional(),
  /** Per community (id of its suites' `community`): the non-inferiority margin δ in percentage points. */
  communities: z.record(z.string().min(1), z.strictObject({ margin: z.number().gt(0).max(50).optional() })).optional(),
  defaults: z
    .strictObject({
      models: z.array(z.string().min(1)).min(1).optional(),
      concurrency: z.int().positive().max(256).optional(),
      repeat: z.int().positive().max(100).optional(),
      out: z.string().min(1).optional(),
      suites: z.string().min(1).optional(),
      /** Default judge model(s) for model-graded scorers. */
      judge: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    })
    .optional(),
});

/** One model block after validation: common fields plus its provider's own (kept as parsed). */
export type ModelConfig = ModelCommon & {
  settings: Record<string, unknown>;
  /** For a wrapper (rag…): the models it hands case data to, nearest first; the last one is where requests go. */
  wraps?: string[];
};

export type Config = {
  /** Absolute path of the config file, or null when the built-in default is used. */
  file: string | null;
  models: ModelConfig[];
  defaults: { models: string[]; concurrency?: number; repeat: number; out: string; suites: string; judges: string[] };
  policy: Policy;
  energy: EnergyConfig;
  /** Per community settings of the verdict (δ in percentage points). */
  communities?: Record<string, { margin?: number }>;
};
