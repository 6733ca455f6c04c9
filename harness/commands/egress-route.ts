/**
 * Where a model's requests really go: through any chain of wrappers (a `rag` pipeline around a
 * `rag` pipeline around a cloud model, resolved by config/hosting-chain.ts), the host of the model
 * that answers, and the least sovereign hosting met on the way. The ledger records that, never the
 * wrapper's own « ce poste ».
 */
import { egressModelId } from '../config/hosting-chain.js';
import type { ModelConfig } from '../config/schema.js';
import { HOSTINGS, type Hosting } from '../core/types.js';
import { hostOf } from '../sovereignty/egress.js';

export type Route = { host: string; hosting: Hosting };

const lessSovereign = (a: Hosting, b: Hosting): Hosting => (HOSTINGS.indexOf(a) >= HOSTINGS.indexOf(b) ? a : b);

export const createRouter = (models: readonly ModelConfig[]): ((modelId: string) => Route) => {
  const byId = new Map(models.map((m) => [m.id, m]));
  return (modelId) => {
    const model = byId.get(modelId);
    if (!model) return { host: 'ce poste (local)', hosting: 'local' };
    const chain = (model.wraps ?? []).map((id) => byId.get(id)).filter((m): m is ModelConfig => m !== undefined);
    const target = byId.get(egressModelId(model)) ?? model;
    return { host: hostOf(target.settings, target.provider), hosting: chain.reduce((h, m) => lessSovereign(h, m.hosting), model.hosting) };
  };
};
