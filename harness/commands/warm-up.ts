/** The warm-up request of each local model, measured apart (energy-method.md §5.4). */
import type { Suite, TestCase } from '../core/types.js';
import { appliesTo } from '../runner/plan.js';
import type { RunModel } from '../runner/run.js';
import { OPEN_GATE } from '../sovereignty/guard.js';
import type { RequestGuard } from '../sovereignty/types.js';
import { renderPrompt } from '../suites/template.js';
import type { setupEnergy } from './energy-setup.js';
import { CALIBRATION_PROVIDERS } from '../core/calibration.js';

/** Sent when a model has no case it may see: carries no data of any case. */
export const NEUTRAL_WARM_UP_PROMPT = 'Bonjour. Réponds simplement « prêt ».';

export type WarmUpOptions = {
  /** Whether the policy lets this model see this case (the same predicate the run uses). */
  accepts?: (modelId: string, suiteId: string, caseId: string) => boolean;
  /** The gate every request crosses: masking and the ledger line, warm-ups included. */
  guard?: RequestGuard;
};

/** The model's first case the policy admits, so that programs reading case vars (Apertium) get their input. */
const firstAdmitted = (m: RunModel, suites: readonly Suite[], accepts: WarmUpOptions['accepts']): { suite: Suite; testCase: TestCase } | undefined => {
  for (const suite of suites) {
    if (!appliesTo(m.suites, suite)) continue;
    const testCase = suite.cases.find((c) => accepts?.(m.id, suite.id, c.id) ?? true);
    if (testCase) return { suite, testCase };
  }
  return undefined;
};

/**
 * One warm-up request per local model before its cases (energy-method.md §5.4): the model load and
 * first-call costs are measured apart (`load_energy`), so they land on no case's latency or energy.
 * It is a request like the others: only a case the policy admits for this model (or a neutral
 * prompt), masked and recorded by the guard.
 */
export const warmUp = async (models: readonly RunModel[], suites: readonly Suite[], energy: Awaited<ReturnType<typeof setupEnergy>>, signal: AbortSignal, opts: WarmUpOptions = {}) => {
  const out: { model: string; loadJoules: number | null; method: string; latencyMs: number | null; error?: string }[] = [];
  for (const m of models.filter((x) => x.hosting === 'local' && !CALIBRATION_PROVIDERS.has(x.providerName))) {
    if (!suites.some((x) => appliesTo(m.suites, x) && x.cases.length > 0)) continue;
    const chosen = firstAdmitted(m, suites, opts.accepts);
    const token = energy.hooks.begin({ id: m.id, hosting: m.hosting, providerName: m.providerName, settings: m.settings ?? {} });
    const t0 = performance.now();
    let error: string | undefined;
    try {
      // A case whose template fails is reported by the run itself; the warm-up only records it.
      const { messages } = chosen ? renderPrompt(chosen.suite.prompt, chosen.testCase.vars) : { messages: [{ role: 'user' as const, content: NEUTRAL_WARM_UP_PROMPT }] };
      const gate = opts.guard?.forCase(chosen?.suite, chosen?.testCase, 1) ?? OPEN_GATE;
      const tc = chosen?.testCase;
      const prepared = gate.prepare(m, 'warm-up', { messages, vars: tc?.vars ?? {}, ...(tc?.reference === undefined ? {} : { reference: tc.reference }) });
      await gate.send(m, 'warm-up', prepared, () =>
        m.provider.complete({
          messages: prepared.messages,
          prompt: prepared.text,
          params: { temperature: 0, maxTokens: 4 },
          signal,
          case: { id: tc?.id ?? 'warm-up', vars: prepared.vars, ...(prepared.reference === undefined ? {} : { reference: prepared.reference }) },
        }),
      );
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const reading = energy.hooks.end(token, null);
    out.push({ model: m.id, loadJoules: reading?.joules ?? null, method: reading?.method ?? 'aucune', latencyMs: performance.now() - t0, ...(error ? { error } : {}) });
  }
  return out;
};
