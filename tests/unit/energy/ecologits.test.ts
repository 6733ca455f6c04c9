import { describe, expect, it } from 'vitest';
import { estimateRemoteRequest, estimateWithSize, remoteCsvEnergy, remoteReading } from '../../../harness/energy/ecologits.js';
import { ECOLOGITS_PROVIDERS, mixOf } from '../../../harness/energy/ecologits-zones.js';
import { lookupModelSize, MODEL_SIZES, type ModelSize } from '../../../harness/energy/model-sizes.js';

const dense = (b: number): ModelSize => ({ activeB: [b, b], totalB: [b, b], source: 'test' });
/** Same value to `digits` significant digits. */
const sig = (x: number, digits = 6): string => x.toPrecision(digits);

describe('EcoLogits 0.9.1 test vectors (shared/reference/energy-method.md §2)', () => {
  it('mistral-small-latest, 23.6B, 500 tokens, 10 s, SWE, PUE 1.16', () => {
    const r = estimateRemoteRequest({ model: 'mistral-small-latest', provider: 'mistralai', outputTokens: 500, latencyS: 10 });
    if (!r.ok) throw new Error(r.reason);
    const e = r.estimate;
    expect(sig(e.energyKwh[0], 7)).toBe('0.00003885320');
    expect(e.energyKwh[1]).toBe(e.energyKwh[0]);
    expect(sig(e.gpuEnergyKwh[0], 4)).toBe('0.00002698');
    expect(e.latencyS).toEqual([10, 10]);
    expect(e.gpuCount).toEqual([1, 1]);
    expect(sig(e.usageGwpKg[0], 5)).toBe('0.0000013917');
    expect(e.zone).toBe('SWE');
    // Water = E × (WUE on-site + PUE × WUE of the SWE mix); embodied = ΔT × (1/8 × 5700 + 164) / (3 y × 64).
    expect(sig(e.waterL?.[0] ?? 0)).toBe(sig(2.7533477718761994e-4));
    expect(sig(e.embodiedGwpKg[0])).toBe(sig(1.4475850350921698e-6));
  });

  it('gpt-4o-mini [8, 28]B, 500 tokens, 10 s, USA, PUE 1.2', () => {
    const r = estimateRemoteRequest({ model: 'gpt-4o-mini', provider: 'openai', outputTokens: 500, latencyS: 10 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.estimate.energyKwh.map((x) => sig(x, 7))).toEqual(['0.00003486326', '0.00004169622']);
    expect(r.estimate.pue).toEqual([1.2, 1.2]);
  });

  it('8B, 1000 tokens, no latency, PUE 1.2', () => {
    const e = estimateWithSize({ size: dense(8), outputTokens: 1000, latencyS: null, settings: { zone: 'WOR', pue: [1.2, 1.2], wue: null } });
    expect(sig(e.energyKwh[0])).toBe(sig(8.915258e-5));
    expect(e.waterL).toBeNull();
  });
});

describe('EcoLogits ranges and registry', () => {
  it('gpt-4o: MoE 440B total on 16 GPUs, 44–132B active', () => {
    const r = estimateRemoteRequest({ model: 'gpt-4o', provider: 'openai', outputTokens: 500, latencyS: 10 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.estimate.gpuCount).toEqual([16, 16]);
    expect(r.estimate.energyKwh.map((x) => sig(x))).toEqual([sig(7.546015279862736e-4), sig(1.2356423797858919e-3)]);
  });

  it('uses the modelled latency when it is shorter than the measured one, and rounds GPUs to a power of two', () => {
    const e = estimateWithSize({ size: dense(123), outputTokens: 200, latencyS: null, settings: ECOLOGITS_PROVIDERS.mistralai ?? { zone: 'SWE', pue: [1, 1], wue: null } });
    expect(e.gpuCount).toEqual([4, 4]);
    expect(sig(e.latencyS[0])).toBe(sig(24.578777426965658));
    expect(sig(e.energyKwh[0])).toBe(sig(1.7685474207175783e-4));
  });

  it('returns no number for an unregistered model', () => {
    expect(estimateRemoteRequest({ model: 'modele-maison', provider: 'openai', outputTokens: 10, latencyS: 1 })).toEqual({
      ok: false,
      joules: null,
      reason: 'model-size-unknown',
    });
  });

  it('takes config overrides, and flags an unknown provider (PUE 1.2, world mix)', () => {
    const r = estimateRemoteRequest({
      model: 'modele-maison',
      provider: 'albert',
      outputTokens: 1000,
      latencyS: null,
      sizeOverrides: { 'modele-maison': { totalB: 8 } },
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.estimate.zone).toBe('WOR');
    expect(r.estimate.flags).toContain('provider-defaults-assumed');
    expect(sig(r.estimate.energyKwh[0])).toBe(sig(8.915258e-5));
    expect(sig(r.estimate.usageGwpKg[0])).toBe(sig(8.915258e-5 * 0.47301));
  });

  it('falls back on the world mix for an unknown zone', () => {
    expect(mixOf('XYZ').zone).toBe('WOR');
    const e = estimateWithSize({ size: dense(8), outputTokens: 10, latencyS: 1, settings: { zone: 'XYZ', pue: [1, 1], wue: null } });
    expect(e.flags).toEqual(['zone-unknown-world-mix']);
  });

  it('carries a PUE range through (anthropic 1.09–1.14)', () => {
    const e = estimateWithSize({ size: dense(8), outputTokens: 100, latencyS: 5, settings: ECOLOGITS_PROVIDERS.anthropic ?? { zone: 'USA', pue: [1, 1], wue: null } });
    expect(e.energyKwh[1] / e.energyKwh[0]).toBeCloseTo(1.14 / 1.09, 12);
    expect(e.waterL?.[0]).toBeLessThan(e.waterL?.[1] ?? 0);
  });

  it('registers the spec models and common open models, each with a source', () => {
    const cases: [string, [number, number], [number, number]][] = [
      ['mistral-small-latest', [23.6, 23.6], [23.6, 23.6]],
      ['mistral-large-latest', [41, 41], [675, 675]],
      ['mistral-large-2411', [123, 123], [123, 123]],
      ['mistral-large-2407', [123, 123], [123, 123]],
      ['mistral-small-2603', [6.5, 6.5], [119, 119]],
      ['codestral', [22.2, 22.2], [22.2, 22.2]],
      ['open-mixtral-8x7b', [12.9, 12.9], [46.7, 46.7]],
      ['gpt-4o-mini', [8, 28], [8, 28]],
      ['gpt-4o', [44, 132], [440, 440]],
      ['mistral-medium-latest', [70, 120], [70, 120]],
      ['llama3.1:8b', [8.03, 8.03], [8.03, 8.03]],
      ['Meta-Llama/Llama-3.1-70B-Instruct', [70.6, 70.6], [70.6, 70.6]],
      ['qwen2.5:7b', [7.61, 7.61], [7.61, 7.61]],
      ['mistral:7b', [7.25, 7.25], [7.25, 7.25]],
    ];
    for (const [name, active, total] of cases) expect(lookupModelSize(name), name).toMatchObject({ activeB: active, totalB: total });
    for (const m of MODEL_SIZES) expect(m.source.length, m.name).toBeGreaterThan(10);
    // Every entry says when it was checked; every -latest alias is marked unverified (it follows the provider's newest release).
    for (const m of MODEL_SIZES) expect(m.checked.date, m.name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const m of MODEL_SIZES.filter((x) => x.name.endsWith('-latest'))) expect(m.checked.verified, m.name).toBe(false);
  });
});

describe('EcoLogits as a reading and as emissions.csv figures', () => {
  const r = estimateRemoteRequest({ model: 'gpt-4o-mini', provider: 'openai', outputTokens: 500, latencyS: 10 });
  if (!r.ok) throw new Error(r.reason);
  const e = r.estimate;

  it('reports the midpoint, modelled, with the range as its band', () => {
    const reading = remoteReading(e);
    const mid = (e.energyKwh[0] + e.energyKwh[1]) / 2;
    expect(reading).toMatchObject({ component: 'remote', method: 'ecologits-0.9.1', measured: false, scope: 'request' });
    expect(reading.joules).toBeCloseTo(mid * 3.6e6, 9);
    expect((reading.band?.[0] ?? 0) * (reading.joules ?? 0)).toBeCloseTo(e.energyKwh[0] * 3.6e6, 9);
    expect(reading.flags).toContain('modelled-unvalidated');
  });

  it('splits server and GPU energy before PUE, summed over requests', () => {
    const csv = remoteCsvEnergy([e, e]);
    expect(csv.pue).toBe(1.2);
    expect((csv.cpuKwh + csv.gpuKwh) * 1.2).toBeCloseTo(e.energyKwh[0] + e.energyKwh[1], 15);
    expect(remoteCsvEnergy([])).toEqual({ cpuKwh: 0, gpuKwh: 0, pue: null });
  });
});
