/**
 * How much CPU the energy sampler itself costs, at 1 s and 0.25 s intervals (about 20 s in all).
 * Not a test: run it by hand with `npx tsx harness/energy/bench-sampler.ts` and read the numbers.
 * The meter measures the process tree of this script (the costliest CPU source: a /proc scan per
 * tick); the idle CPU of the same process over 3 s without a sampler is subtracted.
 */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { createEnergyMeter, type MeterInventory } from './meter.js';

const inventory: MeterInventory = {
  cpuModel: cpus()[0]?.model ?? null,
  logicalCpus: availableParallelism(),
  sockets: 1,
  totalMemBytes: totalmem(),
  arch: process.arch,
};

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CPU ms this process spends doing nothing for `ms` (timers, GC, the runtime). */
const idleCpuMs = async (ms: number): Promise<number> => {
  const before = cpuMs();
  await wait(ms);
  return cpuMs() - before;
};

const run = async (intervalMs: number, durationMs: number, idlePerMs: number) => {
  const meter = createEnergyMeter({ inventory, intervalMs, inProcess: true });
  // Warm up first, so the figures are the steady cost, not the JIT's.
  for (let i = 0; i < 20; i++) meter.sample();
  const wall: number[] = [];
  const sample = meter.sample.bind(meter);
  meter.sample = () => {
    const t = performance.now();
    sample();
    wall.push(performance.now() - t);
  };
  const before = cpuMs();
  meter.start();
  await wait(durationMs);
  meter.stop();
  const spent = cpuMs() - before - idlePerMs * durationMs;
  const ticks = wall.length;
  return {
    intervalMs,
    ticks,
    cpuMsPerTick: ticks ? spent / ticks : Number.NaN,
    wallMsPerTickMean: ticks ? wall.reduce((a, b) => a + b, 0) / ticks : Number.NaN,
    wallMsPerTickMax: Math.max(...wall),
    cpuSharePct: (100 * spent) / durationMs,
  };
};

// A first, unreported run: the first seconds carry JIT and GC work that is not the sampler's.
await run(250, 2000, 0);
const idleMs = 3000;
const idlePerMs = (await idleCpuMs(idleMs)) / idleMs;
console.log(`CPU au repos du processus : ${(idlePerMs * 1000).toFixed(2)} ms/s (soustrait)`);
for (const intervalMs of [1000, 250]) {
  const r = await run(intervalMs, 8000, idlePerMs);
  console.log(
    `intervalle ${r.intervalMs} ms : ${r.ticks} échantillons, CPU ${r.cpuMsPerTick.toFixed(2)} ms/échantillon ` +
      `(${r.cpuSharePct.toFixed(3)} % d’un cœur), durée ${r.wallMsPerTickMean.toFixed(2)} ms en moyenne, ${r.wallMsPerTickMax.toFixed(2)} ms au plus`,
  );
}
