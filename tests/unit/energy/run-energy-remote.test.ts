import { describe, expect, it } from 'vitest';
import { createRunEnergy } from '../../../harness/energy/run-energy.js';
import type { EnergyMeter } from '../../../harness/energy/types.js';

// Remote requests never touch a meter.
const noMeter = {} as EnergyMeter;
const hooks = (sizes = {}) =>
  createRunEnergy({ processMeter: noMeter, selfMeter: noMeter, machineMeter: noMeter, local: { gPerKwh: 56.039, iso: 'FRA' }, sizeOverrides: sizes });
const remote = { id: 'maison', hosting: 'remote', providerName: 'openai', settings: { model: 'modele-maison' } };

describe('remote rows of emissions.csv (issue 16 item 8)', () => {
  it('GPU energy on an [8, 70]B range is the midpoint of nGPU × E_GPU, not the product of the midpoints', () => {
    const run = hooks({ 'modele-maison': { totalB: [8, 70] } });
    const r = run.end(run.begin(remote), { outputTokens: 100, latencyMs: null });
    // Independent computation from EcoLogits 0.9.1 (energy-method.md §2): E_GPU per token (Wh) =
    // α·e^(β·64)·P + γ; 8B → 1.2 × 8 × 16/8 = 19.2 GB → 1 GPU; 70B → 168 GB → 3 → 4 GPUs.
    const perToken = (p: number) => 1.1665273170451914e-6 * Math.exp(-0.011205921025579175 * 64) * p + 4.052928146734005e-5;
    const e8 = (100 * perToken(8)) / 1000;
    const e70 = (100 * perToken(70)) / 1000;
    const midOfProducts = (1 * e8 + 4 * e70) / 2;
    const productOfMids = ((e8 + e70) / 2) * ((1 + 4) / 2);
    expect(r?.ecologits?.gpuKwh).toBeCloseTo(midOfProducts, 15);
    expect(midOfProducts).toBeCloseTo(1.8331880340692144e-5, 15);
    // The old figure was 14 % too low on this range.
    expect(productOfMids / midOfProducts - 1).toBeCloseTo(-0.1444, 3);
    // The CSV figures add up to the case's energy (× PUE 1.2 for OpenAI).
    const e = r!.ecologits!;
    expect((e.serverKwh + e.gpuKwh) * e.pue * 3.6e6).toBeCloseTo(r!.joules!, 9);
  });

  it('an unknown size names the missing fact: energy.modelSizes and the model name', () => {
    const run = hooks();
    const r = run.end(run.begin(remote), { outputTokens: 100, latencyMs: 2000 });
    expect(r).toMatchObject({ joules: null, reason: 'model-size-unknown', missing: { setting: 'energy.modelSizes', key: 'modele-maison' } });
  });
});
