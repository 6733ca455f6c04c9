import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEnergyFiles } from '../../../harness/commands/energy-files.js';
import type { CaseResult, EnergyReading } from '../../../harness/core/types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

const result = (caseId: string, startOffsetMs: number, energy: EnergyReading, latencyMs = 10_000): CaseResult =>
  ({
    runId: 'r1', suite: 'courriers', community: 'c', caseId, model: 'ollama:m', repeat: 1, vars: {}, reference: null, prompt: 'p',
    source: { file: 'f.yaml', line: 1 }, startedAt: new Date(T0 + startOffsetMs).toISOString(),
    status: 'passed', output: 'o', scores: [], score: 1, error: null, latencyMs, ttftMs: null, tokens: { input: 1, output: 10, estimated: false }, energy,
  }) as CaseResult;

const local = (startMs: number, endMs: number, cpuJ: number, ramJ: number): EnergyReading => ({
  joules: cpuJ + ramJ, method: 'cpu-time-share+ram-dimm-model', measured: false, scope: 'process-tree', components: { cpu: cpuJ, ram: ramJ }, windowMs: [startMs, endMs], allocated: true,
});

async function* iter(rs: CaseResult[]) {
  yield* rs;
}

const rows = (dir: string) => parse(readFileSync(join(dir, 'emissions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

describe('emissions.csv duration and powers (issue 16 item 7)', () => {
  it('two overlapping 10 s requests last 10 s, not 20 s; powers are energy / duration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'energy-files-'));
    dirs.push(dir);
    // Both requests start together on the wall clock and each has a 10 s window (monotonic ms).
    const results = [result('a', 0, local(1000, 11_000, 40, 100)), result('b', 0, local(1000, 11_000, 40, 100))];
    await writeEnergyFiles(dir, { runId: 'r1', energy: { pue: 1 } }, iter(results), new Date(T0));
    const [row] = rows(dir);
    expect(Number(row!.duration)).toBe(10);
    expect(Number(row!.cpu_power)).toBeCloseTo(80 / 10, 12);
    expect(Number(row!.ram_power)).toBeCloseTo(200 / 10, 12);
    const kwh = 280 / 3.6e6;
    expect(Number(row!.energy_consumed)).toBeCloseTo(kwh, 15);
    expect(Number(row!.emissions)).toBeCloseTo((kwh * 56.039) / 1000, 15);
    expect(Number(row!.emissions_rate)).toBeCloseTo(Number(row!.emissions) / 10, 18);
    // power × duration gives back the energy.
    expect((Number(row!.cpu_power) + Number(row!.ram_power)) * Number(row!.duration)).toBeCloseTo(280, 9);
    const report = JSON.parse(readFileSync(join(dir, 'energy_report.json'), 'utf8')) as { cells: { durationS: number }[] };
    expect(report.cells[0]!.durationS).toBe(10);
  });

  it('partly overlapping windows: last end − first start (0–10 s and 5–15 s → 15 s)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'energy-files-'));
    dirs.push(dir);
    const results = [result('a', 0, local(0, 10_000, 30, 150)), result('b', 5000, local(5000, 15_000, 30, 150))];
    await writeEnergyFiles(dir, { runId: 'r1' }, iter(results), new Date(T0));
    const [row] = rows(dir);
    expect(Number(row!.duration)).toBe(15);
    expect(Number(row!.cpu_power)).toBeCloseTo(60 / 15, 12);
    expect(Number(row!.ram_power)).toBeCloseTo(300 / 15, 12);
  });

  it('sequential requests with a gap: the gap is part of the wall span, as CodeCarbon counts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'energy-files-'));
    dirs.push(dir);
    const results = [result('a', 0, local(0, 2000, 2, 10), 2000), result('b', 3000, local(3000, 5000, 2, 10), 2000)];
    await writeEnergyFiles(dir, { runId: 'r1' }, iter(results), new Date(T0));
    expect(Number(rows(dir)[0]!.duration)).toBe(5);
  });
});
