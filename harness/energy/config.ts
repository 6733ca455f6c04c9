/** `energy:` in the config: where the electricity comes from and the constants to override. */
import { z } from 'zod';

const Billions = z.union([z.number().positive(), z.tuple([z.number().positive(), z.number().positive()])]);

export const EnergyConfigSchema = z.strictObject({
  /** ISO 3166 alpha-3 of the electricity mix (default FRA, 56.039 g/kWh per CodeCarbon). */
  country: z.string().regex(/^[A-Z]{3}$/, { message: 'code pays ISO à trois lettres (FRA, DEU…)' }).optional(),
  carbonIntensityGPerKwh: z.number().positive().optional(),
  cpuTdpW: z.number().positive().optional(),
  ramPowerW: z.number().nonnegative().optional(),
  /** Of this machine; remote providers use their own (EcoLogits). */
  pue: z.number().min(1).max(3).optional(),
  wue: z.number().min(0).optional(),
  /** Sampling period of the meter, ms (250–5000). */
  intervalMs: z.int().min(250).max(5000).optional(),
  /** Idle baseline measured before local models run, in seconds (0: none, net figures absent). */
  baselineS: z.number().min(0).max(600).optional(),
  /**
   * A model server on this machine (process name such as `llama-server`, or path of its pid file):
   * models declared `local` that are reached over HTTP are metered on its process tree.
   */
  process: z.string().min(1).optional(),
  /** Sizes of remote models EcoLogits does not know, in billions of parameters. */
  modelSizes: z.record(z.string(), z.strictObject({ totalB: Billions, activeB: Billions.optional(), source: z.string().optional() })).optional(),
});
export type EnergyConfig = z.infer<typeof EnergyConfigSchema>;
