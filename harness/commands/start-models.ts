/**
 * Builds the providers of the chosen models and asks each, before anything runs, whether it can
 * work here (model file present, program installed) and what it is (digest, version). A model that
 * cannot work is left out with its reason; the others go on.
 */
import type { ProviderRegistry } from '../config/load-config.js';
import type { ModelConfig } from '../config/schema.js';
import type { ProviderDeps } from '../providers/types.js';
import type { RunModel } from '../runner/run.js';
import type { CommandContext } from './context.js';

export type StartedModels = {
  runModels: RunModel[];
  skippedModels: { id: string; reason: string }[];
  described: Map<string, Record<string, unknown>>;
};

export const startModels = async (
  ctx: CommandContext,
  models: readonly ModelConfig[],
  providers: ProviderRegistry,
  deps: ProviderDeps,
  /** Every model of the config: a wrapper's inner model need not be a candidate itself. */
  pool: readonly ModelConfig[] = models,
): Promise<StartedModels> => {
  const runModels: RunModel[] = [];
  const skippedModels: { id: string; reason: string }[] = [];
  const described = new Map<string, Record<string, unknown>>();
  const built = new Map<string, RunModel['provider']>();
  const providerDeps: ProviderDeps = {
    ...deps,
    // Wrappers (the `rag` pipeline) put another model of the config behind them.
    resolveProvider: (id) => {
      const existing = built.get(id);
      if (existing) return existing;
      const m = pool.find((x) => x.id === id);
      if (!m) throw new Error(`modèle « ${id} » absent de la campagne`);
      const p = providers[m.provider]!.create({ ...m, ...m.settings } as never, providerDeps);
      built.set(id, p);
      return p;
    },
  };
  for (const m of models) {
    const provider = built.get(m.id) ?? providers[m.provider]!.create({ ...m, ...m.settings } as never, providerDeps);
    built.set(m.id, provider);
    const check = await provider.check?.(ctx.abortSignal);
    if (check && !check.ok) {
      skippedModels.push({ id: m.id, reason: check.reason });
      ctx.stderr.write(`⚠ ${m.id} ignoré : ${check.reason}${check.hint ? `\n  → ${check.hint}` : ''}\n`);
      await provider.close?.();
      continue;
    }
    let details: Record<string, unknown> = {};
    try {
      details = (await provider.describe?.(ctx.abortSignal)) ?? {};
    } catch (e) {
      details = { describeError: e instanceof Error ? e.message : String(e) };
    }
    described.set(m.id, details);
    runModels.push({
      id: m.id,
      hosting: m.hosting,
      providerName: m.provider,
      provider,
      // Answers are only reused for the very same weights: digest/version when the provider knows it.
      cacheIdentity: JSON.stringify([m.provider, m.settings, details.digest ?? details.sha256 ?? details.version ?? null]),
      settings: m.settings,
      ...(m.options ? { options: m.options } : {}),
      ...(m.timeoutMs ? { timeoutMs: m.timeoutMs } : {}),
      ...(m.maxRetries !== undefined ? { maxRetries: m.maxRetries } : {}),
      ...(m.concurrency ? { concurrency: m.concurrency } : {}),
      ...(m.maxOutputTokens ? { maxOutputTokens: m.maxOutputTokens } : {}),
      ...(m.suites ? { suites: m.suites } : {}),
      ...(m.samplePerSuite ? { samplePerSuite: m.samplePerSuite } : {}),
    });
  }
  return { runModels, skippedModels, described };
};
