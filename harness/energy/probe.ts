/**
 * What energy sources this machine offers, said in plain French for the start of a run and the
 * report. The machine inventory is read once, before the first request: on Linux from /proc, /sys
 * and node:os (machine.ts, no child process); elsewhere through systeminformation. Sampling never
 * goes through systeminformation, since its load functions block the event loop and share
 * module-global state. nvidia-smi is started only when it is installed.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { resolveTdp } from './cpu-power.js';
import { nodeFs, type FsAccess } from './fs-access.js';
import { readMachineFacts, type MachineFacts } from './machine.js';
import type { MeterInventory } from './meter.js';
import { readMachineTicks, readTreeCpuS } from './proc.js';
import { discoverRapl } from './rapl.js';
import { ramArchOf, ramPowerW } from './ram-power.js';
import type { Component, EnergyMethod } from './types.js';

/** The part of systeminformation the probe reads (outside Linux). */
export type SiLike = {
  cpu(): Promise<{ manufacturer: string; brand: string; cores: number; physicalCores: number; processors: number }>;
  mem(): Promise<{ total: number }>;
  system(): Promise<{ virtual: boolean; virtualHost?: string }>;
};

export type Inventory = MeterInventory & { physicalCores: number; virtual: boolean; virtualHost: string | null; gpus: string[] };

export type SourceProbe = { component: Component; source: EnergyMethod; available: boolean; reason: string };

export type ProbeOptions = {
  sysfsRoot?: string;
  procRoot?: string;
  /** Path or name of nvidia-smi. */
  nvidiaSmi?: string;
  /** systeminformation (or a stand-in): used outside Linux, or when given. */
  si?: SiLike;
  /** The machine facts as they are, instead of reading them (tests). */
  machine?: MachineFacts;
  fs?: FsAccess;
  cpuTdpW?: number;
  ramPowerW?: number;
  /** What Node says about the host; injectable for tests. */
  host?: { cpuModel: string | null; logicalCpus: number; arch: string };
};

const fr = (n: number): string => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);

/** Whether `command` is an executable file, as a path or in one of the PATH folders. */
const installed = (command: string): boolean =>
  (command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command))).some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/**
 * GPU names from one `nvidia-smi --query-gpu=name` call, or the reason there are none. Not
 * installed: no process is started (the same reason execFile's ENOENT gave).
 */
const listNvidiaGpus = (command: string): Promise<{ names: string[] } | { reason: string }> =>
  new Promise((resolve) => {
    if (!installed(command)) {
      resolve({ reason: 'nvidia-smi introuvable' });
      return;
    }
    execFile(command, ['--query-gpu=name', '--format=csv,noheader'], { timeout: 5000 }, (err, stdout) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({ reason: code === 'ENOENT' ? 'nvidia-smi introuvable' : `nvidia-smi a échoué (${String(stdout).trim().split('\n')[0] || err.message})` });
        return;
      }
      const names = String(stdout).split('\n').map((l) => l.trim()).filter(Boolean);
      resolve(names.length > 0 ? { names } : { reason: 'nvidia-smi ne voit aucune carte' });
    });
  });

/** `2 x NVIDIA A100` style summary of GPU names, grouped. */
const gpuSummary = (names: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => `${c} x ${n}`).join(', ');
};

/** The machine facts through systeminformation (lscpu, dmidecode… in child processes). */
const factsFromSi = async (si: SiLike): Promise<MachineFacts> => {
  const [cpu, mem, system] = await Promise.all([si.cpu(), si.mem(), si.system()]);
  return {
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim() || null,
    sockets: Math.max(1, cpu.processors || 1),
    physicalCores: cpu.physicalCores,
    totalMemBytes: mem.total,
    virtual: system.virtual,
    virtualHost: system.virtualHost || null,
  };
};

const machineFacts = async (opts: ProbeOptions, logicalCpus: number): Promise<MachineFacts> => {
  if (opts.machine) return opts.machine;
  if (opts.si) return factsFromSi(opts.si);
  if (process.platform === 'linux') {
    return readMachineFacts({ ...(opts.procRoot ? { procRoot: opts.procRoot } : {}), ...(opts.fs ? { fs: opts.fs } : {}), os: { logicalCpus, totalMemBytes: totalmem(), release: release() } });
  }
  return factsFromSi((await import('systeminformation')) as SiLike);
};

export const probeEnergySources = async (opts: ProbeOptions = {}): Promise<{ inventory: Inventory; sources: SourceProbe[] }> => {
  const fs = opts.fs ?? nodeFs;
  const host = opts.host ?? { cpuModel: cpus()[0]?.model ?? null, logicalCpus: availableParallelism(), arch: process.arch };
  const [machine, gpus] = await Promise.all([machineFacts(opts, host.logicalCpus), listNvidiaGpus(opts.nvidiaSmi ?? 'nvidia-smi')]);
  const inventory: Inventory = {
    cpuModel: host.cpuModel?.trim() || machine.cpuModel,
    logicalCpus: host.logicalCpus,
    sockets: machine.sockets,
    physicalCores: machine.physicalCores,
    totalMemBytes: machine.totalMemBytes,
    arch: host.arch,
    virtual: machine.virtual,
    virtualHost: machine.virtualHost,
    gpus: 'names' in gpus ? gpus.names : [],
  };

  const tdp = resolveTdp({ configTdpW: opts.cpuTdpW, cpuModel: inventory.cpuModel, logicalCpus: inventory.logicalCpus, sockets: inventory.sockets });
  const vm = inventory.virtual ? ` ; machine virtuelle${inventory.virtualHost ? ` (${inventory.virtualHost})` : ''} : seule une part du processeur physique est visible` : '';
  const rapl = discoverRapl({ sysfsRoot: opts.sysfsRoot, fs });
  const procOk = readTreeCpuS(process.pid, { procRoot: opts.procRoot, fs }) !== null;
  const statOk = readMachineTicks(opts.procRoot, fs) !== null || cpus().length > 0;
  const ramW = ramPowerW({ totalBytes: inventory.totalMemBytes, arch: ramArchOf(inventory.arch), configRamPowerW: opts.ramPowerW });
  const gb = inventory.totalMemBytes / 1024 ** 3;

  const sources: SourceProbe[] = [
    rapl.ok
      ? { component: 'cpu', source: 'rapl', available: true, reason: `RAPL : compteurs lisibles (${rapl.domains.map((d) => d.key).join(', ')}) — l’énergie du processeur est mesurée` }
      : { component: 'cpu', source: 'rapl', available: false, reason: `${rapl.reason} — l’énergie sera estimée à partir du temps CPU × TDP` },
    procOk
      ? { component: 'cpu', source: 'cpu-time-share', available: true, reason: `Temps CPU de l’arbre de processus × ${tdp.detail} ; estimation, pas une mesure${vm}` }
      : { component: 'cpu', source: 'cpu-time-share', available: false, reason: `${join(opts.procRoot ?? '/proc', 'self', 'stat')} illisible : pas de temps CPU par processus` },
    statOk
      ? { component: 'cpu', source: 'cpu-load-tdp', available: true, reason: `Charge de la machine × ${tdp.detail}, modèle cubique de CodeCarbon ; utilisé quand aucun processus n’est désigné${vm}` }
      : { component: 'cpu', source: 'cpu-load-tdp', available: false, reason: 'Charge de la machine illisible' },
    'names' in gpus
      ? { component: 'gpu', source: 'nvidia-smi-power', available: true, reason: `nvidia-smi : ${gpuSummary(gpus.names)} — puissance mesurée toutes les 100 ms` }
      : { component: 'gpu', source: 'nvidia-smi-power', available: false, reason: `${gpus.reason} — pas de mesure GPU` },
    {
      component: 'ram',
      source: 'ram-dimm-model',
      available: true,
      reason:
        opts.ramPowerW !== undefined
          ? `RAM : ${fr(ramW)} W (configuration)`
          : `RAM : ${fr(gb)} Go → ${fr(ramW)} W (modèle par barrette de CodeCarbon v3, estimation constante) pour un serveur local mesuré sur la machine ; pour un arbre de processus (modèle GGUF, programme local), le même modèle appliqué à sa mémoire résidente, au moins 10 W (mode processus de CodeCarbon)`,
    },
  ];
  return { inventory, sources };
};
