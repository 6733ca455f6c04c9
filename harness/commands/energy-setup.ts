/**
 * Builds the energy side of a campaign from the config: one inventory (systeminformation, once),
 * a meter over the harness's process tree and one over the machine, the carbon intensity, and the
 * facts the manifest and energy_report.json must carry about how figures were obtained.
 */
import { carbonIntensity } from '../energy/carbon.js';
import type { EnergyConfig } from '../energy/config.js';
import { ECOLOGITS_VERSION } from '../energy/ecologits.js';
import { createEnergyMeter } from '../energy/meter.js';
import { createNvidiaSmiSource } from '../energy/nvidia-smi.js';
import { probeEnergySources, type Inventory } from '../energy/probe.js';
import { createRunEnergy } from '../energy/run-energy.js';
import { findServerProcess } from '../energy/server-process.js';
import type { Baseline, EnergyMeter, SourceChoice } from '../energy/types.js';

export type EnergySetup = {
  hooks: ReturnType<typeof createRunEnergy>;
  start(): void;
  stop(): void;
  /** Idle baseline of the process-tree meter, when the config asks for one. */
  baseline(): Promise<Baseline | null>;
  manifest: Record<string, unknown>;
  inventory: Inventory;
  processMeter: EnergyMeter;
};

const describe = (s: readonly SourceChoice[]) => s.map((c) => ({ component: c.component, method: c.method, measured: c.measured, scope: c.scope, band: c.band, detail: c.detail }));

export const setupEnergy = async (config: EnergyConfig, now: () => number): Promise<EnergySetup> => {
  const { inventory } = await probeEnergySources({ ...(config.cpuTdpW ? { cpuTdpW: config.cpuTdpW } : {}), ...(config.ramPowerW !== undefined ? { ramPowerW: config.ramPowerW } : {}) });
  const gpu = inventory.gpus.length > 0 ? createNvidiaSmiSource({ clock: now }) : null;
  const common = {
    inventory,
    clock: now,
    ...(config.intervalMs ? { intervalMs: config.intervalMs } : {}),
    ...(config.cpuTdpW ? { cpuTdpW: config.cpuTdpW } : {}),
    ...(config.ramPowerW !== undefined ? { ramPowerW: config.ramPowerW } : {}),
  };
  const processMeter = createEnergyMeter({ ...common, inProcess: true, gpu });
  const selfMeter = createEnergyMeter({ ...common, inProcess: true, selfOnly: true, gpu: null });
  // A local server named in the config is metered on its own process tree, like a local program.
  const server = config.process ? findServerProcess(config.process) : undefined;
  const machineMeter = createEnergyMeter({ ...common, gpu: null, ...(server?.pid ? { targetPid: server.pid } : {}) });
  const ci = carbonIntensity({ ...(config.country ? { country: config.country } : {}), ...(config.carbonIntensityGPerKwh ? { overrideGPerKwh: config.carbonIntensityGPerKwh } : {}) });
  const hooks = createRunEnergy({ processMeter, selfMeter, machineMeter, local: { gPerKwh: ci.gPerKwh, iso: ci.iso }, ...(config.modelSizes ? { sizeOverrides: config.modelSizes } : {}) });
  return {
    hooks,
    // Samplers start with the first window that needs them (see run-energy.ts).
    start: () => undefined,
    stop: () => hooks.stop(),
    baseline: async () => {
      if (!config.baselineS) return null;
      processMeter.start();
      try {
        return await processMeter.baseline(config.baselineS * 1000);
      } finally {
        processMeter.stop();
      }
    },
    inventory,
    processMeter,
    manifest: {
      country: ci.iso,
      countryName: ci.countryName,
      carbonIntensityGPerKwh: ci.gPerKwh,
      carbonIntensitySource: ci.source,
      pue: config.pue ?? 1.0,
      wue: config.wue ?? 0,
      ecologitsVersion: ECOLOGITS_VERSION,
      sources: { inProcess: describe(selfMeter.sources), processTree: describe(processMeter.sources), machine: describe(machineMeter.sources) },
      ...(server ? { serverProcess: server } : {}),
      inventory,
    },
  };
};
