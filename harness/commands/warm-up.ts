/** The warm-up request of each local model, measured apart (energy-method.md §5.4). */
import type { Suite } from '../core/types.js';
import { appliesTo } from '../runner/plan.js';
import type { RunModel } from '../runner/run.js';
import { renderPrompt } from '../suites/template.js';
import type { setupEnergy } from './energy-setup.js';
import { CALIBRATION_PROVIDERS } from './finalize.js';

/**
 * One warm-up request per local model before its cases (energy-method.md §5.4): the model load and
 * first-call costs are measured apart (`load_energy`), so they land on no case's latency or energy.
 */
export const warmUp = async (models: readonly RunModel[], suites: readonly Suite[], energy: Awaited<ReturnType<typeof setupEnergy>>, signal: AbortSignal) => {
  const out: { model: string; loadJoules: number | null; method: string; latencyMs: number | null; error?: string }[] = [];
  for (const m of models.filter((x) => x.hosting === 'local' && !CALIBRATION_PROVIDERS.has(x.providerName))) {
    // The model's first planned case, so that programs reading case vars (Apertium) get their input.
    const suite = suites.find((x) => appliesTo(m.suites, x) && x.cases.length > 0);
    const first = suite?.cases[0];
    if (!suite || !first) continue;
    const { messages, text } = renderPrompt(suite.prompt, first.vars);
    const token = energy.hooks.begin({ id: m.id, hosting: m.hosting, providerName: m.providerName, settings: m.settings ?? {} });
    const t0 = performance.now();
    let error: string | undefined;
    try {
      await m.provider.complete({ messages, prompt: text, params: { temperature: 0, maxTokens: 4 }, signal, case: { id: first.id, vars: first.vars, ...(first.reference === undefined ? {} : { reference: first.reference }) } });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const reading = energy.hooks.end(token, null);
    out.push({ model: m.id, loadJoules: reading?.joules ?? null, method: reading?.method ?? 'aucune', latencyMs: performance.now() - t0, ...(error ? { error } : {}) });
  }
  return out;
};
