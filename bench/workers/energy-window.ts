/**
 * What the energy meters cost, measured directly: the CPU µs of one `sample()` (what a sampler's
 * timer runs every interval) and of one window (`begin` + `end`, which the runner calls around
 * every local request; each edge reads the counters). The three meters a campaign may use: this
 * process only (in-process models), the process tree (local programs: a /proc scan), the machine
 * (local servers: /proc/stat). After a warm-up, as one JSON line.
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

/** CPU µs per call of `fn`, over `count` calls after `count / 10` warm-up calls. */
const perCall = (count: number, fn: (i: number) => void): number => {
  for (let i = 0; i < count / 10; i++) fn(-1 - i);
  const c0 = cpuUs();
  for (let i = 0; i < count; i++) fn(i);
  return (cpuUs() - c0) / count;
};

const costs = (o: { inProcess?: boolean; selfOnly?: boolean }) => {
  const meter = createEnergyMeter({ inventory, ...o });
  const cpuUsPerWindow = perCall(n, (i) => {
    meter.begin(`w${i}`);
    meter.end(`w${i}`);
  });
  const cpuUsPerSample = perCall(Math.max(100, n / 4), () => meter.sample());
  return { cpuUsPerWindow, cpuUsPerSample, source: meter.sources.map((s) => s.method).join('+') };
};

process.stdout.write(`${JSON.stringify({ windows: n, self: costs({ inProcess: true, selfOnly: true }), processTree: costs({ inProcess: true }), machine: costs({}) })}\n`);
