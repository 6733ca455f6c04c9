/**
 * Energy of one window from its edge snapshots and the sampler ticks in between: CPU by the chosen
 * strategy over each segment, GPU from the sampled power, RAM as constant power × Δt; then the
 * total, the net figures and the guards' flags. Pure over the meter's state.
 */
import { integrateSegments, type CpuStrategy, type Snapshot } from './cpu-sources.js';
import { METHOD_INFO, gpuBand } from './methods.js';
import type { Baseline, Component, ComponentReading, GpuPowerSource, NetEnergy, WindowEnergy } from './types.js';

export type MeterCore = {
  cpu: CpuStrategy | null;
  cpuUnavailableReason: string;
  gpu: GpuPowerSource | null;
  /** Machine-mode RAM power, W (DIMM model on the total memory, or the configured value). */
  ramW: number;
  /** Process mode: RAM power from the tree's resident memory (CodeCarbon v3 process tracking); null in machine mode. */
  ramFromRss?: ((rssBytes: number) => number) | null;
  intervalMs: number;
  /** Sampler ticks, oldest first. */
  samples: Snapshot[];
  /** Sampler gaps longer than 3 intervals, as [from, to] on the meter's clock. */
  gaps: [number, number][];
  baseline: Baseline | null;
};

const REASONS: Record<string, string> = {
  'negative-delta-dropped': 'compteur revenu en arrière pendant la fenêtre (valeur écartée)',
  'impossible-delta-dropped': 'écart de compteur impossible pendant la fenêtre (valeur écartée)',
  'process-gone': 'le processus mesuré a disparu pendant la fenêtre',
  'counter-unreadable': 'compteur illisible pendant la fenêtre',
};

const cpuReading = (core: MeterCore, path: readonly Snapshot[], gap: boolean): ComponentReading => {
  if (!core.cpu) {
    const { measured, band } = METHOD_INFO['cpu-load-tdp'];
    return { component: 'cpu', joules: null, method: 'cpu-load-tdp', measured, scope: 'machine', band, flags: ['source-unavailable'], reason: core.cpuUnavailableReason };
  }
  const { method, measured, scope, band } = core.cpu.choice;
  const seg = integrateSegments(core.cpu, path);
  const flags = gap ? [...seg.flags, 'sampler-gap'] : seg.flags;
  const reading: ComponentReading = { component: 'cpu', joules: seg.joules, method, measured, scope, band, flags };
  if (seg.joules === null) reading.reason = REASONS[seg.flags.find((f) => f in REASONS) ?? ''] ?? 'valeur inconnue';
  return reading;
};

/**
 * RAM: constant power × Δt in machine mode; in process mode, the power of the tree's resident memory
 * at each snapshot, integrated by trapezoids (CodeCarbon re-reads it at each measurement). A window
 * whose memory could not be read falls back on the machine figure, flagged.
 */
const ramReading = (core: MeterCore, path: readonly Snapshot[], dtS: number): ComponentReading => {
  const { measured, band } = METHOD_INFO['ram-dimm-model'];
  const machine: ComponentReading = { component: 'ram', joules: core.ramW * dtS, method: 'ram-dimm-model', measured, scope: 'machine', band, flags: [] };
  const power = core.ramFromRss;
  if (!power) return machine;
  const rss = path.map((s) => s.treeRssBytes);
  if (rss.some((r) => r === null || r === undefined)) return { ...machine, flags: ['ram-rss-unreadable'] };
  let joules = 0;
  for (let i = 1; i < path.length; i++) {
    const segS = (path[i]!.tMs - path[i - 1]!.tMs) / 1000;
    joules += (segS * (power(rss[i - 1]!) + power(rss[i]!))) / 2;
  }
  return { component: 'ram', joules, method: 'ram-dimm-model', measured, scope: 'process-tree', band, flags: [] };
};

const gpuReading = (gpu: GpuPowerSource, fromMs: number, toMs: number): { reading: ComponentReading; utilPct: number | null } => {
  const w = gpu.energyBetween(fromMs, toMs);
  const reading: ComponentReading = {
    component: 'gpu',
    joules: w.joules,
    method: 'nvidia-smi-power',
    measured: true,
    scope: 'device',
    band: gpuBand(toMs - fromMs),
    flags: w.flags,
  };
  if (w.joules === null) reading.reason = w.reason;
  return { reading, utilPct: w.joules === null ? null : w.meanUtilPct };
};

const netOf = (baseline: Baseline, components: readonly ComponentReading[], dtS: number): NetEnergy => {
  const idle = new Map<Component, number | null>(baseline.powerW.map((p) => [p.component, p.watts]));
  const net = components.map((c) => {
    const watts = idle.get(c.component);
    const joules = c.joules === null || watts === null || watts === undefined ? null : Math.max(0, c.joules - watts * dtS);
    return { component: c.component, joules };
  });
  const known = net.every((n) => n.joules !== null);
  return { components: net, totalJoules: known ? net.reduce((s, n) => s + (n.joules ?? 0), 0) : null };
};

export const windowEnergy = (core: MeterCore, windowId: string, start: Snapshot, end: Snapshot): WindowEnergy => {
  const inner = core.samples.filter((s) => s.tMs > start.tMs && s.tMs < end.tMs);
  const path = [start, ...inner, end];
  const durationMs = end.tMs - start.tMs;
  const dtS = durationMs / 1000;
  const limit = 3 * core.intervalMs;
  const gap =
    path.some((s, i) => i > 0 && s.tMs - (path[i - 1]?.tMs ?? s.tMs) > limit) ||
    core.gaps.some(([a, b]) => a < end.tMs && b > start.tMs);
  const flags = gap ? ['sampler-gap'] : [];

  const components: ComponentReading[] = [cpuReading(core, path, gap)];
  let meanGpuUtilPct: number | null = null;
  if (core.gpu) {
    const g = gpuReading(core.gpu, start.tMs, end.tMs);
    components.push(g.reading);
    meanGpuUtilPct = g.utilPct;
  }
  components.push(ramReading(core, path, dtS));

  const known = components.every((c) => c.joules !== null);
  const totalJoules = known ? components.reduce((s, c) => s + (c.joules ?? 0), 0) : null;
  const busy = start.ticks && end.ticks ? end.ticks.busy - start.ticks.busy : null;
  const total = start.ticks && end.ticks ? end.ticks.total - start.ticks.total : null;
  return {
    windowId,
    startMs: start.tMs,
    endMs: end.tMs,
    durationMs,
    components,
    totalJoules,
    net: core.baseline ? netOf(core.baseline, components, dtS) : null,
    meanCpuLoadPct: busy !== null && total !== null && total > 0 && busy >= 0 ? (100 * busy) / total : null,
    meanGpuUtilPct,
    samples: inner.length,
    flags,
  };
};
