/**
 * Energy of each case, as the runner asks for it: a meter window around local requests (process
 * tree for in-process models and local programs, machine load for local servers), an EcoLogits
 * estimate for remote ones. Every reading says its method, scope and band; unknown is null.
 */
import type { EnergyReading } from '../core/types.js';
import { CALIBRATION_PROVIDERS } from '../core/calibration.js';
import { carbonIntensity, gramsCo2e } from './carbon.js';
import { remoteCsvEnergy, remoteReading, estimateRemoteRequest, ECOLOGITS_VERSION } from './ecologits.js';
import type { ModelSizeOverride } from './model-sizes.js';
import { createSharedWindows, type SharedHandle } from './shared-windows.js';
import type { EnergyMeter } from './types.js';
import { missingModelSize } from './unknown-reason.js';

export type EnergyModel = { id: string; hosting: string; providerName: string; settings: Record<string, unknown> };

/** Providers whose work happens inside the harness's own process (no child processes). */
const IN_PROCESS = new Set(['gguf', 'rag']);
/** Providers that run local programs as children of the harness. */
const CHILDREN = new Set(['command']);
/** Calibration baselines do no work worth metering (and a window per case would cost more than they do). */

/** EcoLogits' provider keys (its PROVIDER_CONFIG_MAP); anything else gets its « other » defaults. */
const ECOLOGITS_PROVIDER: Record<string, string> = { openai: 'openai', mistral: 'mistralai' };

export type RunEnergyOptions = {
  /** Meter over the harness's process tree (children included). */
  processMeter: EnergyMeter;
  /** Meter over the harness's own process only (in-process models: cheap reads). */
  selfMeter: EnergyMeter;
  /** Meter over the whole machine (local servers such as Ollama or llama.cpp on this host). */
  machineMeter: EnergyMeter;
  sizeOverrides?: Readonly<Record<string, ModelSizeOverride>>;
  /** Carbon intensity of this machine's electricity, g/kWh, and its ISO code. */
  local: { gPerKwh: number; iso: string };
};

type Token = { model: EnergyModel; handle?: SharedHandle; windows?: ReturnType<typeof createSharedWindows> };

export const createRunEnergy = (o: RunEnergyOptions) => {
  // A meter samples in the background only once a model uses it (each tick reads counters).
  const started = new Set<EnergyMeter>();
  const windows = new Map<EnergyMeter, ReturnType<typeof createSharedWindows>>();
  return {
    /** Stops the samplers that were started. */
    stop(): void {
      for (const m of started) m.stop();
      started.clear();
    },
    begin(model: EnergyModel): Token {
      if (model.hosting !== 'local' || CALIBRATION_PROVIDERS.has(model.providerName)) return { model };
      const meter = IN_PROCESS.has(model.providerName) ? o.selfMeter : CHILDREN.has(model.providerName) ? o.processMeter : o.machineMeter;
      if (!started.has(meter)) {
        started.add(meter);
        meter.start();
      }
      let shared = windows.get(meter);
      if (!shared) {
        shared = createSharedWindows(meter);
        windows.set(meter, shared);
      }
      return { model, handle: shared.open(), windows: shared };
    },
    end(token: Token, outcome: { outputTokens: number | null; latencyMs: number | null } | null): EnergyReading | undefined {
      if (token.windows && token.handle) {
        const r = token.windows.close(token.handle);
        return { ...r, co2eG: r.joules === null ? null : gramsCo2e(r.joules, o.local.gPerKwh), zone: o.local.iso };
      }
      if (!outcome || token.model.hosting === 'local') return undefined;
      const name = typeof token.model.settings.model === 'string' ? token.model.settings.model : token.model.id;
      const est = estimateRemoteRequest({
        model: name,
        provider: ECOLOGITS_PROVIDER[token.model.providerName] ?? 'other',
        outputTokens: outcome.outputTokens ?? 0,
        latencyS: outcome.latencyMs === null ? null : outcome.latencyMs / 1000,
        ...(o.sizeOverrides ? { sizeOverrides: o.sizeOverrides } : {}),
      });
      if (!est.ok) return { joules: null, method: `ecologits-${ECOLOGITS_VERSION}`, measured: false, scope: 'request', reason: 'model-size-unknown', missing: missingModelSize(name) };
      const r = remoteReading(est.estimate);
      const e = est.estimate;
      const mid = (x: [number, number]) => (x[0] + x[1]) / 2;
      // The midpoint of the products nGPU × E_GPU, not the product of the midpoints (−12 % on [8, 70]B).
      const csv = remoteCsvEnergy([e]);
      return {
        joules: r.joules,
        method: r.method,
        measured: false,
        scope: 'request',
        ...(r.band && r.joules !== null ? { band: [r.joules * r.band[0], r.joules * r.band[1]] as [number, number] } : {}),
        components: { remote: r.joules },
        // One carbon table for every figure (CodeCarbon's), at the provider's zone (energy-method.md §5.7).
        co2eG: r.joules === null ? null : gramsCo2e(r.joules, carbonIntensity({ country: e.zone }).gPerKwh),
        zone: e.zone,
        ecologits: { serverKwh: csv.cpuKwh, gpuKwh: csv.gpuKwh, pue: mid(e.pue), gwpKg: mid(e.usageGwpKg) },
      };
    },
  };
};
export type RunEnergy = ReturnType<typeof createRunEnergy>;
