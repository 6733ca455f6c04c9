/**
 * What one energy window costs the run: the runner calls `begin` and `end` around every local
 * request, and each edge reads the counters (/proc/stat for the machine meter, a /proc scan of the
 * process tree for the in-process one). Prints the CPU µs per window (begin + end) of each meter,
 * measured over N windows after a warm-up, as one JSON line.
 *   node --import tsx bench/workers/energy-window.ts [N]
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { createEnergyMeter, type MeterInventory } from '../../harness/energy/meter.js';

const n = Number(process.argv[2] ?? 2000);
const inventory: MeterInventory = { cpuModel: cpus()[0]?.model ?? null, logicalCpus: availableParallelism(), sockets: 1, totalMemBytes: totalmem(), arch: process.arch };

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const perWindow = (inProcess: boolean): { cpuUsPerWindow: number; wallUsPerWindow: number; source: string } => {
  const meter = createEnergyMeter({ inventory, inProcess });
  for (let i = 0; i < 200; i++) {
    meter.begin(`warm${i}`);
    meter.end(`warm${i}`);
  }
  const c0 = cpuUs();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    meter.begin(`w${i}`);
    meter.end(`w${i}`);
  }
  return { cpuUsPerWindow: (cpuUs() - c0) / n, wallUsPerWindow: ((performance.now() - t0) * 1000) / n, source: meter.sources.map((s) => s.method).join('+') };
};

process.stdout.write(`${JSON.stringify({ windows: n, processTree: perWindow(true), machine: perWindow(false) })}\n`);
