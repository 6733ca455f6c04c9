/**
 * The energy meter (§5.2–5.4): picks one source per component, samples every interval, and reads
 * the counters at each window's edges so a short test still gets an exact delta. Windows are
 * Zeus-style `begin(id)` / `end(id)`; several may be open at once. Gross figures follow CodeCarbon;
 * net ones subtract the idle baseline.
 */
import { cpus as osCpus, type CpuInfo } from 'node:os';
import { resolveTdp } from './cpu-power.js';
import { integrateSegments, loadModelStrategy, raplStrategy, timeShareStrategy, type CpuStrategy, type Snapshot } from './cpu-sources.js';
import { createCounterFs, nodeFs, type FsAccess } from './fs-access.js';
import { METHOD_INFO, gpuBand } from './methods.js';
import { DEFAULT_CLK_TCK, machineTicksReader, readMachineTicks, readTreeUsage, ticksFromOsCpus, type CpuTicks } from './proc.js';
import { discoverRapl, readRaplUj, type RaplDomain } from './rapl.js';
import { guessDimmCount, ramArchOf, ramPowerFromDimms, ramPowerW } from './ram-power.js';
import { windowEnergy, type MeterCore } from './window.js';
import type { Baseline, EnergyMeter, EnergySlice, GpuPowerSource, SourceChoice, WindowEnergy } from './types.js';

export type MeterInventory = {
  cpuModel: string | null;
  logicalCpus: number;
  sockets: number;
  totalMemBytes: number;
  /** Node's `process.arch`. */
  arch: string;
};

export type MeterOptions = {
  inventory: MeterInventory;
  /** Monotonic ms; performance.now by default. Shared with the latency measurement. */
  clock?: () => number;
  /** Sampler period, clamped to 250–5000 ms (§5.3); 1000 by default, as CodeCarbon's power monitor. */
  intervalMs?: number;
  procRoot?: string;
  sysfsRoot?: string;
  fs?: FsAccess;
  clkTck?: number;
  /**
   * Server whose process tree is measured (Ollama, llama.cpp…). Create the meter once the server
   * runs: a pid missing from /proc at creation falls back on the machine load model (said in
   * `sources`).
   */
  targetPid?: number;
  /** The model runs inside the harness: measure the harness's own process tree. */
  inProcess?: boolean;
  /**
   * With `inProcess`: this process only, without its children (process.cpuUsage, ~1 µs a read
   * instead of a /proc scan of a few ms): right for models run in-process, which spawn nothing.
   */
  selfOnly?: boolean;
  ownPid?: number;
  cpuTdpW?: number;
  ramPowerW?: number;
  /** Set false to ignore RAPL even when readable. */
  useRapl?: boolean;
  includeDram?: boolean;
  preferPsys?: boolean;
  /** A started-or-not GPU source (nvidia-smi.ts); the meter starts and stops it with itself. */
  gpu?: GpuPowerSource | null;
  /** CPU seconds of this process when /proc is missing (process.cpuUsage, no children). */
  ownCpuS?: () => number;
  /** Resident memory of this process, bytes (process.memoryUsage.rss), for in-process models. */
  ownRssBytes?: () => number;
  /** Machine counters when /proc/stat is missing. */
  osCpus?: () => CpuInfo[];
  sleep?: (ms: number) => Promise<void>;
};

const clampInterval = (ms: number | undefined): number => Math.min(5000, Math.max(250, ms ?? 1000));

type TreeUsage = { cpuS: number; rssBytes: number | null };
type TreeReader = { read(): TreeUsage | null; detail: string };

/** `probeFs` answers the checks made once at creation; `readFs` the reads at every window edge and tick. */
const treeReader = (o: MeterOptions, probeFs: FsAccess, readFs: FsAccess, clkTck: number): TreeReader | null => {
  const ownCpu = o.ownCpuS ?? ((): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  });
  const ownRss = o.ownRssBytes ?? ((): number => process.memoryUsage.rss());
  const own = (): TreeUsage => ({ cpuS: ownCpu(), rssBytes: ownRss() });
  if (o.inProcess && o.selfOnly && o.targetPid === undefined) {
    return { read: own, detail: 'ce processus (modèle exécuté dans le processus)' };
  }
  const root = o.targetPid ?? (o.inProcess ? (o.ownPid ?? process.pid) : undefined);
  if (root === undefined) return null;
  const read = (): TreeUsage | null => readTreeUsage(root, { procRoot: o.procRoot, fs: readFs, clkTck });
  if (readTreeUsage(root, { procRoot: o.procRoot, fs: probeFs, clkTck }) !== null) return { read, detail: `l’arbre du processus ${root}` };
  if (o.inProcess && o.targetPid === undefined) {
    return { read: own, detail: 'ce processus seul (pas de /proc : enfants non comptés)' };
  }
  return null;
};

const machineTicks = (o: MeterOptions, probeFs: FsAccess, readFs: FsAccess): (() => CpuTicks | null) | null => {
  if (readMachineTicks(o.procRoot, probeFs) !== null) return machineTicksReader(o.procRoot, readFs);
  const list = o.osCpus ?? osCpus;
  return ticksFromOsCpus(list()) !== null ? () => ticksFromOsCpus(list()) : null;
};

export const createEnergyMeter = (o: MeterOptions): EnergyMeter => {
  const fs = o.fs ?? nodeFs;
  // Counters read at every edge stay open between reads (fs-access.ts): opened by the first window
  // or tick, released by stop(). Checks made once at creation read the plain way, so a meter that
  // never measures holds no file open.
  const counters = o.fs ? null : createCounterFs();
  const readFs = o.fs ?? counters!;
  const clock = o.clock ?? (() => performance.now());
  const intervalMs = clampInterval(o.intervalMs);
  const clkTck = o.clkTck ?? DEFAULT_CLK_TCK;
  const inv = o.inventory;
  const tdp = resolveTdp({ configTdpW: o.cpuTdpW, cpuModel: inv.cpuModel, logicalCpus: inv.logicalCpus, sockets: inv.sockets });
  const tree = treeReader(o, fs, readFs, clkTck);
  const readTicks = machineTicks(o, fs, readFs);
  const rapl = o.useRapl === false ? null : discoverRapl({ sysfsRoot: o.sysfsRoot, fs, includeDram: o.includeDram, preferPsys: o.preferPsys });
  const domains: RaplDomain[] = rapl?.ok ? rapl.domains : [];

  let cpu: CpuStrategy | null = null;
  if (rapl?.ok && (tree === null || readTicks !== null)) {
    const names = domains.map((d) => d.key).join(', ');
    cpu = raplStrategy(domains, { tree: tree !== null, clkTck, detail: `RAPL (${names})${tree ? `, part de ${tree.detail}` : ''}` });
  } else if (tree) {
    cpu = timeShareStrategy({ tdpW: tdp.tdpW, logicalCpus: inv.logicalCpus, detail: `${tdp.detail} ; temps CPU de ${tree.detail}` });
  } else if (readTicks) {
    // A target that cannot be found is said, not hidden: the figure becomes the machine's.
    const missing = o.targetPid !== undefined ? ` (processus ${o.targetPid} introuvable dans /proc)` : '';
    cpu = loadModelStrategy({ tdpW: tdp.tdpW, detail: `${tdp.detail} ; charge de la machine, modèle cubique${missing}` });
  }
  const ramW = ramPowerW({ totalBytes: inv.totalMemBytes, arch: ramArchOf(inv.arch), configRamPowerW: o.ramPowerW });
  // CodeCarbon's process tracking mode (v3.x `external/ram.py` `RAM.total_power`): when the scope is a
  // process tree, the DIMM model is applied to the tree's resident memory (Σ RSS of the process and
  // its children, bytes / 1024³) instead of the machine's total; a configured power still wins
  // (`force_ram_power`). Its x86 floor (2 DIMMs, 10 W) is kept, as CodeCarbon keeps it.
  const ramFromRss = tree && o.ramPowerW === undefined && cpu?.choice.scope === 'process-tree'
    ? (rssBytes: number): number => ramPowerFromDimms(guessDimmCount(rssBytes / 1024 ** 3), ramArchOf(inv.arch))
    : null;
  const gpu = o.gpu ?? null;

  const sources: SourceChoice[] = [
    ...(cpu ? [cpu.choice] : []),
    ...(gpu ? [{ component: 'gpu' as const, method: 'nvidia-smi-power' as const, measured: true, scope: 'device' as const, band: gpuBand(10_000), detail: 'nvidia-smi, puissance échantillonnée toutes les 100 ms' }] : []),
    {
      component: 'ram',
      method: 'ram-dimm-model',
      measured: false,
      scope: ramFromRss ? 'process-tree' : 'machine',
      band: METHOD_INFO['ram-dimm-model'].band,
      detail: o.ramPowerW !== undefined
        ? `${ramW} W (configuration)`
        : ramFromRss
          ? `modèle par barrette de CodeCarbon v3 appliqué à la mémoire résidente de ${tree!.detail} (mode processus de CodeCarbon ; au moins 10 W)`
          : `${ramW} W, modèle par barrette de CodeCarbon v3 sur la mémoire totale de la machine`,
    },
  ];

  const snapshot = (): Snapshot => {
    const usage = (cpu?.needsTree || ramFromRss) && tree ? tree.read() : null;
    return {
      tMs: clock(),
      ticks: readTicks ? readTicks() : null,
      treeCpuS: cpu?.needsTree ? (usage?.cpuS ?? null) : null,
      raplUj: cpu?.needsRapl ? readRaplUj(domains, readFs) : null,
      ...(ramFromRss ? { treeRssBytes: usage?.rssBytes ?? null } : {}),
    };
  };

  const core: MeterCore = {
    cpu,
    cpuUnavailableReason: rapl && !rapl.ok ? `${rapl.reason} ; et ni /proc ni os.cpus() ne sont lisibles` : 'aucun compteur CPU lisible',
    gpu,
    ramW,
    ramFromRss,
    intervalMs,
    samples: [],
    gaps: [],
    baseline: null,
  };
  const open = new Map<string, Snapshot>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const prune = (): void => {
    const now = clock();
    const oldestOpen = Math.min(now, ...[...open.values()].map((s) => s.tMs));
    const keepFrom = Math.min(oldestOpen, now - 10 * 60_000);
    const first = core.samples.findIndex((s) => s.tMs >= keepFrom);
    if (first > 0) core.samples.splice(0, first - 1);
    core.gaps = core.gaps.filter(([, to]) => to >= keepFrom);
  };

  const meter: EnergyMeter = {
    sources,
    begin(id) {
      if (open.has(id)) throw new Error(`fenêtre d’énergie déjà ouverte : ${id}`);
      open.set(id, snapshot());
    },
    end(id): WindowEnergy {
      const start = open.get(id);
      if (!start) throw new Error(`fenêtre d’énergie inconnue : ${id}`);
      open.delete(id);
      return windowEnergy(core, id, start, snapshot());
    },
    endAndBegin(endId, beginId): WindowEnergy {
      const start = open.get(endId);
      if (!start) throw new Error(`fenêtre d’énergie inconnue : ${endId}`);
      if (beginId !== endId && open.has(beginId)) throw new Error(`fenêtre d’énergie déjà ouverte : ${beginId}`);
      // One reading is both edges: the windows meet exactly, and the counters are read once, not twice.
      const edge = snapshot();
      open.delete(endId);
      open.set(beginId, edge);
      return windowEnergy(core, endId, start, edge);
    },
    start() {
      if (timer) return;
      gpu?.start();
      timer = setInterval(() => meter.sample(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      gpu?.stop();
      counters?.close();
    },
    sample() {
      const s = snapshot();
      const prev = core.samples[core.samples.length - 1];
      if (prev && s.tMs - prev.tMs > 3 * intervalMs) core.gaps.push([prev.tMs, s.tMs]);
      core.samples.push(s);
      prune();
    },
    async baseline(durationMs): Promise<Baseline> {
      const id = `__baseline__${clock()}`;
      meter.begin(id);
      await sleep(durationMs);
      const w = meter.end(id);
      const dtS = w.durationMs / 1000;
      const previous = core.baseline;
      const flags: string[] = [];
      if (w.samples < 10) flags.push('baseline-few-samples');
      const powerW = w.components.map((c) => ({ component: c.component, watts: c.joules === null || dtS <= 0 ? null : c.joules / dtS }));
      const sum = (b: Baseline): number => b.powerW.reduce((s, p) => s + (p.watts ?? 0), 0);
      const next: Baseline = { durationMs: w.durationMs, powerW, samples: w.samples, flags };
      if (previous && sum(previous) > 0 && Math.abs(sum(next) - sum(previous)) / sum(previous) > 0.2) flags.push('baseline-drift');
      core.baseline = next;
      return next;
    },
    slices(fromMs, toMs): EnergySlice[] {
      const out: EnergySlice[] = [];
      const s = core.samples;
      for (let i = 1; i < s.length; i++) {
        const a = s[i - 1];
        const b = s[i];
        if (!a || !b || b.tMs <= fromMs || a.tMs >= toMs) continue;
        const w = windowEnergy(core, 'slice', a, b);
        // A dropped slice is left out: its energy is unknown, never counted as 0.
        if (w.totalJoules !== null) out.push({ startMs: a.tMs, endMs: b.tMs, joules: w.totalJoules });
      }
      return out;
    },
  };
  return meter;
};
