/**
 * Where a model's requests really go: through any chain of wrappers (a `rag` pipeline around a
 * `rag` pipeline around a cloud model), the host of the model that answers, and the least
 * sovereign hosting met on the way. The ledger records that, never the wrapper's own « ce poste ».
 */
import { HOSTINGS, type Hosting } from '../core/types.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { ModelConfig } from '../config/schema.js';
import { hostOf } from '../sovereignty/egress.js';

export type Route = { host: string; hosting: Hosting };

const lessSovereign = (a: Hosting, b: Hosting): Hosting => (HOSTINGS.indexOf(a) >= HOSTINGS.indexOf(b) ? a : b);

export const createRouter = (models: readonly ModelConfig[], providers: ProviderRegistry): ((modelId: string) => Route) => {
  const cache = new Map<string, Route>();
  return (modelId) => {
    const known = cache.get(modelId);
    if (known) return known;
    const first = models.find((x) => x.id === modelId);
    if (!first) return { host: 'ce poste (local)', hosting: 'local' };
    let m: ModelConfig = first;
    let hosting: Hosting = m.hosting;
    const seen = new Set<string>([m.id]);
    for (;;) {
      const inner: string | undefined = providers[m.provider]?.innerModel?.(m.settings as never);
      const next: ModelConfig | undefined = inner === undefined ? undefined : models.find((x) => x.id === inner);
      // A cycle is refused when the config loads; here it only stops the walk.
      if (!next || seen.has(next.id)) break;
      seen.add(next.id);
      m = next;
      hosting = lessSovereign(hosting, m.hosting);
    }
    const route = { host: hostOf(m.settings, m.provider), hosting };
    cache.set(modelId, route);
    return route;
  };
};
