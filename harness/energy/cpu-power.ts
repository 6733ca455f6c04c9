/**
 * CPU power models of CodeCarbon ≥ 3.0.3 (`external/hardware.py`, `core/cpu.py`), used when RAPL
 * cannot be read: TDP resolution, the cubic machine-load model and the process-time share.
 */
import { z } from 'zod';
import tdpData from './data/cpu-tdp.json' with { type: 'json' };

/** CodeCarbon `core/cpu.py` DEFAULT_POWER_PER_CORE: W per logical thread for a known but unlisted CPU. */
export const W_PER_THREAD = 4;
/** CodeCarbon `external/hardware.py` POWER_CONSTANT: TDP when no model string can be read. */
export const UNKNOWN_CPU_TDP_W = 85;
/** Idle floor of the cubic model: 10 % of TDP (`external/hardware.py`, v3.0.3+). */
const IDLE_SHARE = 0.1;

const TdpTableSchema = z.strictObject({
  about: z.string(),
  cpus: z.array(z.strictObject({ name: z.string().min(1), tdpW: z.number().positive(), source: z.string().min(1) })),
});
export type TdpEntry = z.infer<typeof TdpTableSchema>['cpus'][number];
export const CPU_TDP_TABLE: readonly TdpEntry[] = TdpTableSchema.parse(tdpData).cpus;

/**
 * Brand string → comparable tokens, after CodeCarbon's clean-up (drop `(R)`, ` CPU @ …`, ` CPU`,
 * `@ x.xxGHz`), extended to `(TM)`, ®/™, `Processor` and `N-Core`, which vary between sources.
 */
export const cpuTokens = (brand: string): string[] =>
  brand
    .toLowerCase()
    .replace(/\((r|tm)\)|[®™]/g, ' ')
    .replace(/@\s*\d+(\.\d+)?\s*ghz/g, ' ')
    .replace(/\b(cpu|processor|\d+-core)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

/**
 * The table entry for a brand string: exact match after clean-up, else the one entry whose every
 * token appears in the brand. Accepted only if unique, as CodeCarbon's token-set match; unlike it,
 * a vague brand (`AMD EPYC`) never matches a specific part, since our table is small.
 */
export const matchCpu = (brand: string, table: readonly TdpEntry[] = CPU_TDP_TABLE): TdpEntry | null => {
  const want = cpuTokens(brand);
  const exact = table.filter((e) => cpuTokens(e.name).join(' ') === want.join(' '));
  if (exact.length === 1) return exact[0] ?? null;
  const have = new Set(want);
  const subset = table.filter((e) => cpuTokens(e.name).every((t) => have.has(t)));
  return subset.length === 1 ? (subset[0] ?? null) : null;
};

export type TdpResolution = {
  tdpW: number;
  source: 'config' | 'table' | 'per-thread' | 'default';
  /** Plain French: how the figure was found, for the report and the probe. */
  detail: string;
};

/**
 * TDP of the machine: config → our table (× sockets) → 4 W × logical threads → 85 W (× sockets).
 * A configured value is taken as the machine's total.
 *
 * Multi-socket machines, compared with CodeCarbon 3.x (`core/resource_tracker.py`
 * `set_CPU_tracking`: `max_power = tdp.tdp * cpu_physical_count`, where `tdp.tdp` is the table TDP
 * or `count_cpus() × 4 W` from `core/cpu.py` `TDP._main`, and `external/hardware.py`
 * `CPU.from_utils` falls back on `POWER_CONSTANT` = 85 W when it is None):
 * - table TDP × sockets: the same;
 * - 4 W × logical threads: CodeCarbon multiplies it by the sockets again although its thread count
 *   already covers every socket (2 × 64 threads → 1,024 W instead of 512 W); we do not;
 * - 85 W (model unknown): CodeCarbon keeps 85 W for the whole machine; we count 85 W per socket,
 *   85 W being one package's default.
 * One socket (every VM we know of): identical results.
 */
export const resolveTdp = (opts: {
  configTdpW?: number;
  cpuModel: string | null;
  logicalCpus: number;
  sockets?: number;
  table?: readonly TdpEntry[];
}): TdpResolution => {
  const sockets = Math.max(1, opts.sockets ?? 1);
  const times = sockets > 1 ? ` × ${sockets} sockets` : '';
  if (opts.configTdpW !== undefined) return { tdpW: opts.configTdpW, source: 'config', detail: `TDP ${opts.configTdpW} W (configuration)` };
  const model = opts.cpuModel?.trim() ?? '';
  if (model === '') {
    const tdpW = UNKNOWN_CPU_TDP_W * sockets;
    return { tdpW, source: 'default', detail: `TDP ${tdpW} W : modèle de CPU inconnu, valeur par défaut de CodeCarbon (85 W${times})` };
  }
  const hit = matchCpu(model, opts.table);
  if (hit) {
    const tdpW = hit.tdpW * sockets;
    return { tdpW, source: 'table', detail: `TDP ${tdpW} W : « ${model} » reconnu comme ${hit.name} (${hit.tdpW} W${times} ; ${hit.source})` };
  }
  const tdpW = W_PER_THREAD * opts.logicalCpus;
  return {
    tdpW,
    source: 'per-thread',
    detail: `TDP ${tdpW} W : « ${model} » absent de la table, ${W_PER_THREAD} W × ${opts.logicalCpus} threads (règle de CodeCarbon)`,
  };
};

/** CodeCarbon ≥ 3.0.3 machine model: P = TDP × (0.1 + 0.9 × u³), u the machine load in 0..1. */
export const cubicPowerW = (tdpW: number, load: number): number => {
  const u = Math.min(1, Math.max(0, load));
  return tdpW * (IDLE_SHARE + (1 - IDLE_SHARE) * u ** 3);
};

/** The cubic model applied per sample then averaged: the model is convex, so f(mean) ≠ mean f. */
export const meanCubicPowerW = (tdpW: number, loads: readonly number[]): number | null =>
  loads.length === 0 ? null : loads.reduce((sum, u) => sum + cubicPowerW(tdpW, u), 0) / loads.length;

/** CodeCarbon process mode integrated over a window: E = TDP × tree CPU seconds / logical CPUs. */
export const processShareJoules = (tdpW: number, treeCpuS: number, logicalCpus: number): number =>
  (tdpW * treeCpuS) / logicalCpus;
