/**
 * The three CPU sources of §5.2 as interchangeable strategies. Each turns two consecutive counter
 * snapshots (window edges and sampler ticks) into the joules of that segment, or null with a flag
 * when the delta is negative or impossible (dropped, §5.3 guards).
 */
import { cubicPowerW, processShareJoules } from './cpu-power.js';
import { METHOD_INFO } from './methods.js';
import type { CpuTicks } from './proc.js';
import { raplDeltaUj, type RaplDomain } from './rapl.js';
import type { SourceChoice } from './types.js';

/** Counters read at one instant; a field is null when its source is not read or unreadable. */
export type Snapshot = {
  tMs: number;
  ticks: CpuTicks | null;
  treeCpuS: number | null;
  raplUj: number[] | null;
  /** Resident memory of the measured process tree, bytes (RAM in process mode); absent in machine mode. */
  treeRssBytes?: number | null;
};

export type Segment = { joules: number; flags: string[] } | { joules: null; flags: string[] };

export type CpuStrategy = {
  choice: SourceChoice;
  needsTree: boolean;
  needsRapl: boolean;
  segment(a: Snapshot, b: Snapshot): Segment;
};

/**
 * Sanity cap for one RAPL domain, in W: no CPU package draws this much. Used only to recognise a
 * corrupt delta (a double wrap gives ~262 kJ in one interval), not as a physical figure.
 */
const RAPL_MAX_W_PER_DOMAIN = 500;
/** Slack for the process-time guard: /proc times are charged in whole ticks, read process by process. */
const TREE_SLACK_S = 0.05;

const dropped = (flag: string): Segment => ({ joules: null, flags: [flag] });

export const raplStrategy = (domains: readonly RaplDomain[], opts: { tree: boolean; clkTck: number; detail: string }): CpuStrategy => {
  const { measured, band } = METHOD_INFO.rapl;
  return {
    choice: { component: 'cpu', method: 'rapl', measured, scope: opts.tree ? 'process-tree' : 'machine', band, detail: opts.detail },
    needsTree: opts.tree,
    needsRapl: true,
    segment(a, b) {
      if (!a.raplUj || !b.raplUj) return dropped('counter-unreadable');
      const flags: string[] = [];
      let uj = 0;
      for (const [i, d] of domains.entries()) {
        const before = a.raplUj[i] ?? 0;
        const after = b.raplUj[i] ?? 0;
        if (after < before && d.maxRangeUj > 0) flags.push('counter-wrap');
        uj += raplDeltaUj(before, after, d.maxRangeUj);
      }
      const dtS = (b.tMs - a.tMs) / 1000;
      const joules = uj / 1e6;
      if (joules < 0) return dropped('negative-delta-dropped');
      if (joules > 2 * RAPL_MAX_W_PER_DOMAIN * domains.length * Math.max(dtS, 0.001)) return dropped('impossible-delta-dropped');
      if (!opts.tree) return { joules, flags };
      // Process-tree share of the package: E_pkg × Δtree / Δbusy (§5.2).
      if (a.treeCpuS === null || b.treeCpuS === null) return dropped('process-gone');
      if (!a.ticks || !b.ticks) return dropped('counter-unreadable');
      const treeS = b.treeCpuS - a.treeCpuS;
      const busyS = (b.ticks.busy - a.ticks.busy) / opts.clkTck;
      if (treeS < 0) return dropped('negative-delta-dropped');
      const share = busyS > 0 ? Math.min(1, treeS / busyS) : 0;
      return { joules: joules * share, flags };
    },
  };
};

export const timeShareStrategy = (opts: { tdpW: number; logicalCpus: number; detail: string }): CpuStrategy => {
  const { measured, band } = METHOD_INFO['cpu-time-share'];
  return {
    choice: { component: 'cpu', method: 'cpu-time-share', measured, scope: 'process-tree', band, detail: opts.detail },
    needsTree: true,
    needsRapl: false,
    segment(a, b) {
      if (a.treeCpuS === null || b.treeCpuS === null) return dropped('process-gone');
      const cpuS = b.treeCpuS - a.treeCpuS;
      const dtS = (b.tMs - a.tMs) / 1000;
      if (cpuS < 0) return dropped('negative-delta-dropped');
      // More CPU time than every CPU running flat out, twice over: impossible (§5.3).
      if (cpuS > 2 * opts.logicalCpus * dtS + TREE_SLACK_S) return dropped('impossible-delta-dropped');
      return { joules: processShareJoules(opts.tdpW, cpuS, opts.logicalCpus), flags: [] };
    },
  };
};

export const loadModelStrategy = (opts: { tdpW: number; detail: string }): CpuStrategy => {
  const { measured, band } = METHOD_INFO['cpu-load-tdp'];
  // Two reads within one clock tick show no change: reuse the last load seen (the segment is tiny).
  let lastLoad = 0;
  return {
    choice: { component: 'cpu', method: 'cpu-load-tdp', measured, scope: 'machine', band, detail: opts.detail },
    needsTree: false,
    needsRapl: false,
    segment(a, b) {
      if (!a.ticks || !b.ticks) return dropped('counter-unreadable');
      const busy = b.ticks.busy - a.ticks.busy;
      const total = b.ticks.total - a.ticks.total;
      if (busy < 0 || total < 0) return dropped('negative-delta-dropped');
      if (total > 0) lastLoad = Math.min(1, busy / total);
      return { joules: cubicPowerW(opts.tdpW, lastLoad) * ((b.tMs - a.tMs) / 1000), flags: [] };
    },
  };
};

/** Sums the segments of a path of snapshots; null as soon as one is dropped. */
export const integrateSegments = (strategy: CpuStrategy, path: readonly Snapshot[]): Segment => {
  let joules = 0;
  const flags = new Set<string>();
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1];
    const b = path[i];
    if (!a || !b) continue;
    const seg = strategy.segment(a, b);
    for (const f of seg.flags) flags.add(f);
    if (seg.joules === null) return { joules: null, flags: [...flags] };
    joules += seg.joules;
  }
  return { joules, flags: [...flags] };
};
