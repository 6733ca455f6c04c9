/**
 * The energy files of a run folder, rebuilt from results.jsonl like the rest: `emissions.csv` (one
 * CodeCarbon-compatible row per suite × model, 38 columns) and `energy_report.json` (per-case
 * values, baseline, and every constant used with its source).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { CaseResult } from '../core/types.js';
import { carbonIntensity } from '../energy/carbon.js';
import { appendEmissionsRow } from '../energy/emissions-csv.js';
import { buildEmissionsRow, osString } from '../energy/emissions-row.js';
import { createStreamedJson, type StreamedJson } from '../store/streamed-json.js';

const KWH = 3.6e6;
const PROVIDER_KEY: Record<string, string> = { openai: 'openai', mistral: 'mistralai' };

type Acc = {
  suite: string;
  model: string;
  local: boolean;
  scope: string;
  /** Wall-clock span of the cell's requests: first start and last end, ms since the epoch. */
  firstStartMs: number;
  lastEndMs: number;
  cpuJ: number | null;
  gpuJ: number | null;
  ramJ: number | null;
  serverKwh: number;
  gpuKwh: number;
  pue: number[];
  zone?: string;
  methods: Set<string>;
};

/** Sums component joules; an absent component adds nothing, an unknown one makes the sum unknown. */
/**
 * The wall-clock interval of one case: its start (`startedAt`) and the length of its metering
 * window (else its latency). Wall clock rather than the meter's monotonic clock, which restarts
 * with each process when a campaign is resumed.
 */
const caseInterval = (r: CaseResult, e: NonNullable<CaseResult['energy']>): [number, number] => {
  const start = Date.parse(r.startedAt);
  const lengthMs = e.windowMs ? e.windowMs[1] - e.windowMs[0] : (r.latencyMs ?? 0);
  return [start, start + Math.max(0, lengthMs)];
};

const add = (x: number | null, y: number | null | undefined): number | null => {
  if (y === undefined) return x;
  return x === null || y === null ? null : x + y;
};

type ManifestLike = { runId: string; harness?: { version?: string }; models?: { id: string; provider: string; hosting: string }[]; energy?: { carbonIntensityGPerKwh?: number; country?: string; countryName?: string; pue?: number; wue?: number; inventory?: { cpuModel?: string; logicalCpus?: number; totalMemBytes?: number; gpus?: string[] }; [k: string]: unknown } };

export const writeEnergyFiles = async (runDir: string, manifest: ManifestLike, results: AsyncIterable<CaseResult>, date: Date): Promise<void> => {
  const cells = new Map<string, Acc>();
  // The per-case list goes to disk as it is read: a 100,000-case run never holds it in memory.
  const cases = createStreamedJson<Record<string, unknown>>(join(runDir, 'energy_report.json'));
  try {
    await accumulate(results, cells, cases);
  } catch (e) {
    cases.abort();
    throw e;
  }
  writeEnergyFilesFrom(runDir, manifest, cells, cases, date);
};

const accumulate = async (results: AsyncIterable<CaseResult>, cells: Map<string, Acc>, cases: StreamedJson<Record<string, unknown>>): Promise<void> => {
  for await (const r of results) {
    if (!r.energy) continue;
    const e = r.energy;
    cases.push({ suite: r.suite, model: r.model, caseId: r.caseId, repeat: r.repeat, joules: e.joules, netJoules: e.netJoules ?? null, co2eG: e.co2eG ?? null, method: e.method, measured: e.measured, scope: e.scope ?? null, band: e.band ?? null, outputTokens: r.tokens?.output ?? null, allocated: e.allocated ?? false, ...(e.reason ? { reason: e.reason } : {}) });
    const key = JSON.stringify([r.suite, r.model]);
    const local = !e.ecologits && e.method !== 'ecologits-0.9.1';
    const a = cells.get(key) ?? { suite: r.suite, model: r.model, local, scope: e.scope ?? '', firstStartMs: Infinity, lastEndMs: -Infinity, cpuJ: 0, gpuJ: 0, ramJ: 0, serverKwh: 0, gpuKwh: 0, pue: [], methods: new Set<string>() };
    a.methods.add(e.method);
    // CodeCarbon's duration is the wall time the tracker ran: for concurrent requests, the span from
    // the first start to the last end, not the sum of the case windows (two overlapping 10 s
    // requests last 10 s, not 20 s).
    const [start, end] = caseInterval(r, e);
    if (Number.isFinite(start)) {
      a.firstStartMs = Math.min(a.firstStartMs, start);
      a.lastEndMs = Math.max(a.lastEndMs, end);
    }
    if (local) {
      a.cpuJ = add(a.cpuJ, e.components?.cpu);
      a.gpuJ = add(a.gpuJ, e.components?.gpu);
      a.ramJ = add(a.ramJ, e.components?.ram);
    } else if (e.ecologits) {
      a.serverKwh += e.ecologits.serverKwh;
      a.gpuKwh += e.ecologits.gpuKwh;
      a.pue.push(e.ecologits.pue);
      if (e.zone) a.zone = e.zone;
    }
    cells.set(key, a);
  }
};

const writeEnergyFilesFrom = (runDir: string, manifest: ManifestLike, cells: Map<string, Acc>, cases: StreamedJson<Record<string, unknown>>, date: Date): void => {
  const csv = join(runDir, 'emissions.csv');
  rmSync(csv, { force: true });
  const en = manifest.energy ?? {};
  const inv = en.inventory ?? {};
  const providerOf = (id: string) => manifest.models?.find((m) => m.id === id)?.provider ?? '';
  const spanS = (a: Acc): number => (a.lastEndMs > a.firstStartMs ? (a.lastEndMs - a.firstStartMs) / 1000 : 0);
  for (const a of cells.values()) {
    const durationS = spanS(a);
    const zone = a.local ? { iso: en.country ?? 'FRA', countryName: en.countryName ?? 'France', gPerKwh: en.carbonIntensityGPerKwh ?? 56.039 } : carbonIntensity({ country: a.zone ?? 'WOR' });
    // Mean power over the row's duration (energy / duration), so that power × duration = energy.
    const watts = (j: number | null) => (j === null || durationS <= 0 ? null : j / durationS);
    appendEmissionsRow(
      csv,
      buildEmissionsRow({
        timestamp: date,
        suiteId: a.suite,
        runId: manifest.runId,
        modelId: a.model,
        durationS,
        cpuKwh: a.local ? (a.cpuJ === null ? null : a.cpuJ / KWH) : a.serverKwh,
        gpuKwh: a.local ? (a.gpuJ === null ? null : a.gpuJ / KWH) : a.gpuKwh,
        ramKwh: a.local ? (a.ramJ === null ? null : a.ramJ / KWH) : 0,
        cpuPowerW: a.local ? watts(a.cpuJ) : 0,
        gpuPowerW: a.local ? watts(a.gpuJ) : 0,
        ramPowerW: a.local ? watts(a.ramJ) : 0,
        ciGPerKwh: zone.gPerKwh,
        countryName: zone.countryName,
        countryIsoCode: zone.iso,
        onCloud: !a.local,
        cloudProvider: a.local ? null : (PROVIDER_KEY[providerOf(a.model)] ?? providerOf(a.model)),
        os: osString({ type: os.type(), release: os.release(), arch: os.arch() }),
        harnessVersion: manifest.harness?.version ?? '0',
        cpuCount: inv.logicalCpus ?? os.availableParallelism(),
        cpuModel: inv.cpuModel ?? os.cpus()[0]?.model ?? null,
        gpuCount: inv.gpus?.length ?? 0,
        gpuModel: inv.gpus && inv.gpus.length > 0 ? `${inv.gpus.length} x ${inv.gpus[0]}` : null,
        ramTotalSizeGb: (inv.totalMemBytes ?? os.totalmem()) / 1024 ** 3,
        trackingMode: a.scope.includes('process-tree') ? 'process' : 'machine',
        cpuUtilizationPct: null,
        gpuUtilizationPct: null,
        ramUtilizationPct: null,
        ramUsedGb: null,
        pue: a.local ? (en.pue ?? 1.0) : a.pue.length > 0 ? a.pue.reduce((x, y) => x + y, 0) / a.pue.length : 1.2,
        wue: a.local ? (en.wue ?? 0) : 0,
      }),
    );
  }
  const baselineFile = join(runDir, 'baseline.json');
  cases.finish({
    runId: manifest.runId,
    note: 'Énergie brute (sémantique CodeCarbon) ; « net » = brute moins la consommation au repos, quand une mesure de repos a été faite. Aucune estimation n’est présentée comme une mesure : voir measured et method.',
    cells: [...cells.values()].map((a) => ({ suite: a.suite, model: a.model, methods: [...a.methods], scope: a.scope, durationS: spanS(a), cpuJ: a.cpuJ, gpuJ: a.gpuJ, ramJ: a.ramJ, remoteKwh: a.local ? null : a.serverKwh + a.gpuKwh })),
    baseline: existsSync(baselineFile) ? JSON.parse(readFileSync(baselineFile, 'utf8')) : null,
    // Warm-up request per local model (model load included), kept out of every case (§5.4).
    loadEnergy: existsSync(join(runDir, 'warmup.json')) ? JSON.parse(readFileSync(join(runDir, 'warmup.json'), 'utf8')) : null,
    constants: {
      ...en,
      sources: {
        cpu: 'CodeCarbon core/cpu.py (TDP, DEFAULT_POWER_PER_CORE = 4 W, POWER_CONSTANT = 85 W) ; mode processus : E = TDP × temps CPU / cœurs logiques',
        ram: 'CodeCarbon external/ram.py (v3 : 5 W par barrette x86, minimum 10 W)',
        carbonIntensity: 'CodeCarbon data/private_infra/global_energy_mix.json (FRA 56,039 g/kWh, OWID 2023) ; monde 475 g/kWh',
        remote: 'EcoLogits 0.9.1 ecologits/impacts/llm.py (α, β, γ ajustés sur ML.ENERGY, lot de 64, H100 80 Go) ; tailles de modèles : harness/energy/data/model-sizes.json',
        emissionsCsv: 'CodeCarbon output_methods/emissions_data.py (38 colonnes, v3.2)',
      },
    },
  }, 'cases');
};
