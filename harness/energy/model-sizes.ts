/**
 * Our registry of model sizes (data/model-sizes.json), for the EcoLogits estimate: a disclosed
 * size is one number, an undisclosed one a {min, max} range. A config can add or override
 * entries; a model found nowhere has no estimate (EcoLogits does the same).
 */
import { z } from 'zod';
import sizesData from './data/model-sizes.json' with { type: 'json' };

const Billions = z.union([
  z.number().positive(),
  z.strictObject({ min: z.number().positive(), max: z.number().positive() }).refine((r) => r.min <= r.max, 'min > max'),
]);

export const ModelSizeEntrySchema = z.strictObject({
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  provider: z.string().min(1),
  architecture: z.enum(['dense', 'moe']),
  totalB: Billions,
  /** MoE only: parameters used per token. Dense models use all of them. */
  activeB: Billions.optional(),
  source: z.string().min(1),
  /**
   * When the entry was last checked, and whether its size was verified against the publisher's own
   * page. A `-latest` alias follows the provider's newest release: its size may change silently.
   */
  checked: z.strictObject({ date: z.iso.date(), verified: z.boolean(), note: z.string().min(1) }),
});
export type ModelSizeEntry = z.infer<typeof ModelSizeEntrySchema>;

const RegistrySchema = z.strictObject({ about: z.string(), models: z.array(ModelSizeEntrySchema) });

export const MODEL_SIZES: readonly ModelSizeEntry[] = RegistrySchema.parse(sizesData).models;

/** A size as [min, max] pairs, in billions of parameters. */
export type ModelSize = { activeB: [number, number]; totalB: [number, number]; source: string; checked?: { date: string; verified: boolean } };

/** What a config may give for one model (`energy.modelSizes` or similar): one number or a range. */
export type ModelSizeOverride = { totalB: number | [number, number]; activeB?: number | [number, number]; source?: string };

const pair = (v: number | { min: number; max: number } | [number, number]): [number, number] =>
  typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [v.min, v.max];

const fromEntry = (e: ModelSizeEntry): ModelSize => ({
  totalB: pair(e.totalB),
  activeB: pair(e.activeB ?? e.totalB),
  source: e.source,
  checked: { date: e.checked.date, verified: e.checked.verified },
});

/**
 * The size of a model by name or alias (case-insensitive), overrides first; null when unknown.
 * Overrides are keyed by the exact model name given to this function.
 */
export const lookupModelSize = (
  model: string,
  overrides: Readonly<Record<string, ModelSizeOverride>> = {},
  registry: readonly ModelSizeEntry[] = MODEL_SIZES,
): ModelSize | null => {
  const override = overrides[model];
  if (override) {
    return { totalB: pair(override.totalB), activeB: pair(override.activeB ?? override.totalB), source: override.source ?? 'configuration' };
  }
  const want = model.toLowerCase();
  const hit = registry.find((e) => e.name.toLowerCase() === want || (e.aliases ?? []).some((a) => a.toLowerCase() === want));
  return hit ? fromEntry(hit) : null;
};
