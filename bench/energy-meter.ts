/**
 * Benchmark 5, energy meter: the CPU the sampler costs at 1 s and 0.25 s intervals, from the
 * energy team's own script (harness/energy/bench-sampler.ts, run as is and parsed), repeated for
 * medians; plus what the per-request windows cost (begin + end around every local request).
 */
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runNode } from './lib/child.js';
import { ms, num, pct, table } from './lib/format.js';
import { median, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';
import { join } from 'node:path';

const SAMPLER = join(REPO_ROOT, 'harness', 'energy', 'bench-sampler.ts');
const WINDOW = fileURLToPath(new URL('./workers/energy-window.ts', import.meta.url));
const TARGET_PCT = 1;

type Interval = { intervalMs: number; ticks: number; cpuMsPerTick: number; sharePct: number; wallMsMean: number; wallMsMax: number };
type SamplerRun = { idleMsPerS: number; intervals: Interval[] };
type WindowCost = { cpuUsPerWindow: number; wallUsPerWindow: number; source: string };
export type EnergyData = {
  runs: SamplerRun[];
  medians: { intervalMs: number; cpuMsPerTick: number; sharePct: number; wallMsMean: number; wallMsMax: number }[];
  windows: { windows: number; processTree: WindowCost; machine: WindowCost }[];
  window: { processTreeCpuUs: number; machineCpuUs: number; processTreeSource: string; machineSource: string };
};

/** Reads bench-sampler.ts's French report lines (see its last console.log). */
const parseSampler = (out: string): SamplerRun => {
  const idle = /CPU au repos du processus : ([\d.]+) ms\/s/.exec(out);
  const re = /intervalle (\d+) ms : (\d+) échantillons, CPU (-?[\d.]+) ms\/échantillon \((-?[\d.]+) % d’un cœur\), durée ([\d.]+) ms en moyenne, ([\d.]+) ms au plus/g;
  const intervals: Interval[] = [...out.matchAll(re)].map((m) => ({
    intervalMs: Number(m[1]),
    ticks: Number(m[2]),
    cpuMsPerTick: Number(m[3]),
    sharePct: Number(m[4]),
    wallMsMean: Number(m[5]),
    wallMsMax: Number(m[6]),
  }));
  if (!idle || intervals.length === 0) throw new Error(`sortie de bench-sampler.ts illisible :\n${out}`);
  return { idleMsPerS: Number(idle[1]), intervals };
};

export const energyMeter: Benchmark<EnergyData> = {
  name: 'energy',
  title: '5. Compteur d’énergie (coût de l’échantillonneur)',
  command: 'npm run bench -- energy',
  async run({ runs = 3, log }) {
    const samplerRuns: SamplerRun[] = [];
    const windows: EnergyData['windows'] = [];
    for (let k = 0; k < runs; k++) {
      const m = await runNode(SAMPLER, [], { nodeArgs: ['--import', 'tsx'] });
      samplerRuns.push(parseSampler(m.stdout));
      const w = await runNode(WINDOW, ['2000'], { nodeArgs: ['--import', 'tsx'] });
      windows.push(JSON.parse(w.stdout) as EnergyData['windows'][number]);
      log(`tour ${k + 1}/${runs} : ${samplerRuns.at(-1)!.intervals.map((i) => `${i.intervalMs} ms → ${i.sharePct} %`).join(', ')} ; fenêtre ${Math.round(windows.at(-1)!.processTree.cpuUsPerWindow)} µs`);
    }
    const intervals = [...new Set(samplerRuns.flatMap((r) => r.intervals.map((i) => i.intervalMs)))];
    const medians = intervals.map((intervalMs) => {
      const xs = samplerRuns.flatMap((r) => r.intervals.filter((i) => i.intervalMs === intervalMs));
      const med = (f: (i: Interval) => number) => round(median(xs.map(f)), 3);
      return { intervalMs, cpuMsPerTick: med((i) => i.cpuMsPerTick), sharePct: med((i) => i.sharePct), wallMsMean: med((i) => i.wallMsMean), wallMsMax: med((i) => i.wallMsMax) };
    });
    const window = {
      processTreeCpuUs: round(median(windows.map((w) => w.processTree.cpuUsPerWindow)), 1),
      machineCpuUs: round(median(windows.map((w) => w.machine.cpuUsPerWindow)), 1),
      processTreeSource: windows[0]?.processTree.source ?? '',
      machineSource: windows[0]?.machine.source ?? '',
    };
    const at1s = medians.find((m) => m.intervalMs === 1000);
    const targets: TargetCheck[] = [
      { label: 'CPU de l’échantillonneur à 1 s', target: `< ${TARGET_PCT} % d’un cœur`, value: pct(at1s?.sharePct, 3), met: at1s ? at1s.sharePct < TARGET_PCT : null },
    ];
    return { data: { runs: samplerRuns, medians, windows, window }, targets };
  },
  render(d) {
    return [
      `\`harness/energy/bench-sampler.ts\` (compteur sur l’arbre de processus, la source la plus coûteuse : un parcours de /proc par échantillon ; CPU au repos soustrait), lancé ${d.runs.length} fois ; médianes.`,
      '',
      table(
        ['intervalle', 'CPU par échantillon', 'part d’un cœur', 'durée moyenne d’un échantillon', 'durée max'],
        d.medians.map((m) => [ms(m.intervalMs), ms(m.cpuMsPerTick, 2), pct(m.sharePct, 3), ms(m.wallMsMean, 2), ms(m.wallMsMax, 2)]),
      ),
      '',
      `Pendant une campagne, deux compteurs échantillonnent (arbre de processus et machine), et chaque requête locale ouvre et ferme une fenêtre qui relit les compteurs : ` +
        `${num(d.window.processTreeCpuUs, 0)} µs de CPU par fenêtre pour l’arbre de processus (${d.window.processTreeSource}), ${num(d.window.machineCpuUs, 0)} µs pour la machine (${d.window.machineSource}) ` +
        `(bench/workers/energy-window.ts, ${num(d.windows[0]?.windows ?? 0, 0)} fenêtres, médiane de ${d.windows.length}).`,
    ].join('\n');
  },
};
