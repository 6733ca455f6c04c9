import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { carbonIntensity, gramsCo2e } from '../../../harness/energy/carbon.js';
import { appendEmissionsRow, renderCsvLines } from '../../../harness/energy/emissions-csv.js';
import {
  buildEmissionsRow,
  codecarbonVersion,
  EMISSIONS_COLUMNS,
  gpuModelString,
  localTimestamp,
  osString,
  ramTotalSizeGb,
  type EmissionsInput,
} from '../../../harness/energy/emissions-row.js';

/** §1.1, CodeCarbon 3.2.x `EmissionsData`, in order. */
const SPEC_HEADER =
  'timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,' +
  'cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,' +
  'cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,' +
  'ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,' +
  'on_cloud,pue,wue';

const input = (over: Partial<EmissionsInput> = {}): EmissionsInput => ({
  timestamp: new Date(2025, 0, 31, 9, 5, 7),
  suiteId: 'courriers-usagers',
  runId: '0a578547-1d6b-4e2f-be0c-7ad10f2f7c97',
  modelId: 'ollama:qwen2.5:7b',
  durationS: 600,
  cpuKwh: 2.3552 * 600 / 3.6e6,
  gpuKwh: 0,
  ramKwh: 20 * 600 / 3.6e6,
  cpuPowerW: 2.3552,
  gpuPowerW: 0,
  ramPowerW: 20,
  ciGPerKwh: 56.039,
  countryName: 'France',
  countryIsoCode: 'FRA',
  onCloud: false,
  os: osString({ type: 'Linux', release: '6.8.0', arch: 'x64' }),
  harnessVersion: '0.1.0',
  cpuCount: 2,
  cpuModel: 'AMD EPYC',
  gpuCount: null,
  gpuModel: null,
  ramTotalSizeGb: ramTotalSizeGb(25276059648),
  trackingMode: 'machine',
  cpuUtilizationPct: 60,
  gpuUtilizationPct: null,
  ramUtilizationPct: 41.5,
  ramUsedGb: 9.8,
  ...over,
});

describe('emissions.csv rows', () => {
  it('has the 38 CodeCarbon 3.2 columns in order', () => {
    expect(EMISSIONS_COLUMNS).toHaveLength(38);
    expect(EMISSIONS_COLUMNS.join(',')).toBe(SPEC_HEADER);
  });

  it('maps the §5.8 worked check: 3.726e-3 kWh, 2.088e-4 kg CO2e at FRA', () => {
    const row = buildEmissionsRow(input());
    expect(row.energy_consumed).toBeCloseTo(3.7259e-3, 7);
    expect(row.emissions).toBeCloseTo(2.0879e-4, 8);
    expect(row.emissions_rate).toBe(Number(row.emissions) / 600);
    expect(row).toMatchObject({
      timestamp: '2025-01-31T09:05:07',
      project_name: 'courriers-usagers',
      experiment_id: 'ollama:qwen2.5:7b',
      os: 'Linux-6.8.0-x64',
      python_version: null,
      codecarbon_version: 'harness-0.1.0 (cc-schema 3.2)',
      on_cloud: 'N',
      pue: 1,
      wue: 0,
      water_consumed: 0,
    });
    expect(row.ram_total_size).toBeCloseTo(23.54, 2);
  });

  it('multiplies each energy by PUE and computes water from WUE', () => {
    const row = buildEmissionsRow(input({ cpuKwh: 1, gpuKwh: 2, ramKwh: 0.5, pue: 1.2, wue: 0.5, durationS: 10, ciGPerKwh: 100 }));
    expect(row).toMatchObject({ cpu_energy: 1.2, gpu_energy: 2.4, ram_energy: 0.6, pue: 1.2, wue: 0.5 });
    expect(row.energy_consumed).toBeCloseTo(4.2, 12);
    expect(row.water_consumed).toBeCloseTo(2.1, 12);
    expect(row.emissions).toBeCloseTo(0.42, 12);
  });

  it('leaves unknown energy empty rather than 0', () => {
    const row = buildEmissionsRow(input({ cpuKwh: null }));
    expect(row).toMatchObject({ cpu_energy: null, energy_consumed: null, emissions: null, emissions_rate: null, water_consumed: null });
  });

  it('builds the helper strings', () => {
    expect(codecarbonVersion('1.2.3')).toBe('harness-1.2.3 (cc-schema 3.2)');
    expect(gpuModelString(1, 'NVIDIA H100 80GB HBM3')).toBe('1 x NVIDIA H100 80GB HBM3');
    expect(localTimestamp(new Date(2024, 11, 1, 0, 0, 9))).toBe('2024-12-01T00:00:09');
    expect(ramTotalSizeGb(1024 ** 3 * 16)).toBe(16);
  });
});

describe('CSV rendering', () => {
  it('quotes RFC 4180 style, writes numbers as String(n) and null as empty', () => {
    expect(renderCsvLines([['a,b', 'say "hi"', 1e-7, 0.1 + 0.2, null, 'plain']])).toBe(
      '"a,b","say ""hi""",1e-7,0.30000000000000004,,plain\n',
    );
  });
});

describe('carbon intensity', () => {
  it('uses CodeCarbon figures, FRA by default, world average for unknown countries', () => {
    expect(carbonIntensity()).toMatchObject({ iso: 'FRA', gPerKwh: 56.039, fallback: false });
    expect(carbonIntensity({ country: 'swe' }).gPerKwh).toBe(40.695);
    expect(carbonIntensity({ country: 'USA' }).gPerKwh).toBe(369.473);
    expect(carbonIntensity({ country: 'DEU' }).gPerKwh).toBe(380.95);
    expect(carbonIntensity({ country: 'ZZZ' })).toMatchObject({ iso: 'WOR', gPerKwh: 475, fallback: true });
    expect(carbonIntensity({ overrideGPerKwh: 30 })).toMatchObject({ iso: 'FRA', gPerKwh: 30, source: 'configuration' });
  });

  it('converts joules to grams', () => {
    expect(gramsCo2e(3.6e6, 56.039)).toBeCloseTo(56.039, 12);
    expect(gramsCo2e(13413.12, 56.039)).toBeCloseTo(0.20879, 5);
  });
});

describe('emissions.csv file', () => {
  const dirs: string[] = [];
  const file = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'emissions-'));
    dirs.push(dir);
    return join(dir, 'emissions.csv');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const records = (path: string): string[][] => parse(readFileSync(path, 'utf8')) as string[][];

  it('creates the file with the header, then appends rows', () => {
    const path = file();
    expect(appendEmissionsRow(path, buildEmissionsRow(input()))).toEqual({ file: path, created: true, backedUpTo: null });
    expect(appendEmissionsRow(path, buildEmissionsRow(input({ modelId: 'mistral-small-latest', cpuModel: 'Intel, "turbo"' })))).toEqual({
      file: path,
      created: false,
      backedUpTo: null,
    });
    const rows = records(path);
    expect(rows).toHaveLength(3);
    expect(rows[0]?.join(',')).toBe(SPEC_HEADER);
    expect(rows[2]?.[3]).toBe('mistral-small-latest');
    expect(rows[2]?.[24]).toBe('Intel, "turbo"');
    expect(rows[1]?.[32]).toBe(''); // gpu_utilization_percent unknown
  });

  it('appends in the file\'s own column order when only the order differs', () => {
    const path = file();
    const shuffled = [...EMISSIONS_COLUMNS].reverse();
    writeFileSync(path, `${shuffled.join(',')}\n`);
    appendEmissionsRow(path, buildEmissionsRow(input()));
    const [header, row] = records(path);
    expect(header).toEqual(shuffled);
    expect(row?.[shuffled.indexOf('experiment_id')]).toBe('ollama:qwen2.5:7b');
    expect(row?.[shuffled.indexOf('wue')]).toBe('0');
  });

  it('moves a file with another set of columns aside (.bak, then numbered) and starts anew', () => {
    const path = file();
    const old34 = 'timestamp,project_name,run_id,duration,emissions\nx,y,z,1,2\n';
    writeFileSync(path, old34);
    expect(appendEmissionsRow(path, buildEmissionsRow(input())).backedUpTo).toBe(`${path}.bak`);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(old34);
    expect(records(path)).toHaveLength(2);

    writeFileSync(path, old34);
    expect(appendEmissionsRow(path, buildEmissionsRow(input())).backedUpTo).toBe(join(path, '..', 'emissions_0.csv.bak'));
    writeFileSync(path, old34);
    expect(appendEmissionsRow(path, buildEmissionsRow(input())).backedUpTo).toBe(join(path, '..', 'emissions_1.csv.bak'));
    expect(existsSync(`${path}.bak`)).toBe(true);
  });

  it('adds a missing final newline before appending', () => {
    const path = file();
    appendEmissionsRow(path, buildEmissionsRow(input()));
    writeFileSync(path, readFileSync(path, 'utf8').trimEnd());
    appendEmissionsRow(path, buildEmissionsRow(input()));
    expect(records(path)).toHaveLength(3);
  });
});
