/**
 * Which models of a run can carry a verdict. Calibration baselines (`reference`, `echo`) only
 * check the scorers; the tiny demo models shipped for the bare run (stories260K…) only check that
 * the pipeline runs. Neither may be recommended to a community, and a run made only of them says
 * so on its first screen instead of listing « aucun modèle recommandé ». Pure.
 */
import type { ManifestModel } from './view-types.js';
import { CALIBRATION_PROVIDERS } from '../core/calibration.js';

export type ModelKind = 'calibration' | 'demo' | 'candidate';


/**
 * The demo weights of `models/` (models/README.md): a 260 K-parameter story model and a random
 * tiny Llama. Matched on the model's id, label and provider details, case-insensitively.
 */
export const DEMO_MODEL_NAMES: readonly string[] = ['stories260k', 'llama-2-tiny-random'];

const texts = (m: ManifestModel): string[] =>
  [m.id, m.label ?? '', ...Object.values(m.details ?? {}).filter((v): v is string => typeof v === 'string')].map((s) => s.toLowerCase());

export const modelKind = (m: ManifestModel | undefined, id: string): ModelKind => {
  if (m === undefined) return CALIBRATION_PROVIDERS.has(id) ? 'calibration' : DEMO_MODEL_NAMES.some((d) => id.toLowerCase().includes(d)) ? 'demo' : 'candidate';
  if (CALIBRATION_PROVIDERS.has(m.provider ?? '')) return 'calibration';
  return texts(m).some((t) => DEMO_MODEL_NAMES.some((d) => t.includes(d))) ? 'demo' : 'candidate';
};
