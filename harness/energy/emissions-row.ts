/**
 * One CodeCarbon-compatible emissions.csv row per (suite, model) run: the 38 columns of
 * CodeCarbon 3.2.x `EmissionsData` (`codecarbon/output_methods/emissions_data.py`), in order, and
 * the mapping of §5.7 from the harness's figures. Pure.
 */

export const EMISSIONS_COLUMNS = [
  'timestamp',
  'project_name',
  'run_id',
  'experiment_id',
  'duration',
  'emissions',
  'emissions_rate',
  'cpu_power',
  'gpu_power',
  'ram_power',
  'cpu_energy',
  'gpu_energy',
  'ram_energy',
  'energy_consumed',
  'water_consumed',
  'country_name',
  'country_iso_code',
  'region',
  'cloud_provider',
  'cloud_region',
  'os',
  'python_version',
  'codecarbon_version',
  'cpu_count',
  'cpu_model',
  'gpu_count',
  'gpu_model',
  'longitude',
  'latitude',
  'ram_total_size',
  'tracking_mode',
  'cpu_utilization_percent',
  'gpu_utilization_percent',
  'ram_utilization_percent',
  'ram_used_gb',
  'on_cloud',
  'pue',
  'wue',
] as const;
export type EmissionsColumn = (typeof EMISSIONS_COLUMNS)[number];
export type Cell = string | number | null;
export type EmissionsRow = Record<EmissionsColumn, Cell>;

/** What the harness knows about one (suite, model) run. Energies are gross kWh before PUE. */
export type EmissionsInput = {
  /** When the row is written; rendered in local time as CodeCarbon does. */
  timestamp: Date;
  suiteId: string;
  runId: string;
  /** Model id, e.g. `ollama:qwen2.5:7b`. */
  modelId: string;
  /** The measured suite window, excluding warm-up and baseline. */
  durationS: number;
  cpuKwh: number | null;
  gpuKwh: number | null;
  ramKwh: number | null;
  cpuPowerW: number | null;
  gpuPowerW: number | null;
  ramPowerW: number | null;
  ciGPerKwh: number;
  countryName: string;
  countryIsoCode: string;
  region?: string | null;
  cloudProvider?: string | null;
  cloudRegion?: string | null;
  onCloud: boolean;
  os: string;
  harnessVersion: string;
  cpuCount: number | null;
  cpuModel: string | null;
  gpuCount: number | null;
  gpuModel: string | null;
  longitude?: number | null;
  latitude?: number | null;
  ramTotalSizeGb: number | null;
  trackingMode: 'machine' | 'process';
  cpuUtilizationPct: number | null;
  gpuUtilizationPct: number | null;
  ramUtilizationPct: number | null;
  ramUsedGb: number | null;
  /** Default 1.0 (CodeCarbon `emissions_tracker.py`). */
  pue?: number;
  /** L/kWh, default 0. */
  wue?: number;
};

/** `os` column: `${os.type()}-${os.release()}-${os.arch()}` (§5.7), e.g. `Linux-6.8.0-x86_64`. */
export const osString = (o: { type: string; release: string; arch: string }): string => `${o.type}-${o.release}-${o.arch}`;

/** `ram_total_size`: bytes / 1024³, as CodeCarbon. */
export const ramTotalSizeGb = (bytes: number): number => bytes / 1024 ** 3;

/** `codecarbon_version`: says which schema the row follows, and that CodeCarbon did not write it. */
export const codecarbonVersion = (harnessVersion: string): string => `harness-${harnessVersion} (cc-schema 3.2)`;

/** `gpu_model`: `<n> x <name>`, as CodeCarbon builds it. */
export const gpuModelString = (count: number, name: string): string => `${count} x ${name}`;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `%Y-%m-%dT%H:%M:%S` in local time. */
export const localTimestamp = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

const times = (a: number | null, b: number): number | null => (a === null ? null : a * b);

/** Builds the row: energies × PUE, emissions = energy × CI / 1000 (kg), rate = emissions / duration. */
export const buildEmissionsRow = (x: EmissionsInput): EmissionsRow => {
  const pue = x.pue ?? 1.0;
  const wue = x.wue ?? 0;
  const cpu = times(x.cpuKwh, pue);
  const gpu = times(x.gpuKwh, pue);
  const ram = times(x.ramKwh, pue);
  const energy = cpu === null || gpu === null || ram === null ? null : cpu + gpu + ram;
  const emissions = energy === null ? null : (energy * x.ciGPerKwh) / 1000;
  return {
    timestamp: localTimestamp(x.timestamp),
    project_name: x.suiteId,
    run_id: x.runId,
    experiment_id: x.modelId,
    duration: x.durationS,
    emissions,
    emissions_rate: emissions === null || x.durationS <= 0 ? null : emissions / x.durationS,
    cpu_power: x.cpuPowerW,
    gpu_power: x.gpuPowerW,
    ram_power: x.ramPowerW,
    cpu_energy: cpu,
    gpu_energy: gpu,
    ram_energy: ram,
    energy_consumed: energy,
    water_consumed: energy === null ? null : wue * energy,
    country_name: x.countryName,
    country_iso_code: x.countryIsoCode,
    region: x.region ?? null,
    cloud_provider: x.cloudProvider ?? null,
    cloud_region: x.cloudRegion ?? null,
    os: x.os,
    python_version: null,
    codecarbon_version: codecarbonVersion(x.harnessVersion),
    cpu_count: x.cpuCount,
    cpu_model: x.cpuModel,
    gpu_count: x.gpuCount,
    gpu_model: x.gpuModel,
    longitude: x.longitude ?? null,
    latitude: x.latitude ?? null,
    ram_total_size: x.ramTotalSizeGb,
    tracking_mode: x.trackingMode,
    cpu_utilization_percent: x.cpuUtilizationPct,
    gpu_utilization_percent: x.gpuUtilizationPct,
    ram_utilization_percent: x.ramUtilizationPct,
    ram_used_gb: x.ramUsedGb,
    on_cloud: x.onCloud ? 'Y' : 'N',
    pue,
    wue,
  };
};
