import { describe, expect, it } from 'vitest';
import type { CaseResult, EnergyReading } from '../../../harness/core/types.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';

const withEnergy = (caseId: string, model: string, energy: EnergyReading): CaseResult =>
  ({
    runId: 'r', suite: 's', community: 'c', caseId, model, repeat: 1, vars: {}, reference: null, prompt: 'p', latencyMs: 10, ttftMs: null,
    tokens: { input: 1, output: 10, estimated: false }, source: { file: 's.yaml', line: 1 }, startedAt: '2026-01-01T00:00:00Z',
    status: 'passed', output: 'o', scores: [], score: 1, error: null, energy,
  }) as CaseResult;

describe('summary.json energy detail per cell (issue 16 items 10 and 11)', () => {
  it('shows the CPU / RAM split in Wh per case', () => {
    const c = createSummaryCollector();
    const reading = (cpu: number, ram: number): EnergyReading => ({ joules: cpu + ram, method: 'cpu-time-share+ram-dimm-model', measured: false, components: { cpu, ram } });
    c.add(withEnergy('a', 'gguf:m', reading(36, 72)));
    c.add(withEnergy('b', 'gguf:m', reading(108, 144)));
    const e = c.cells()[0]!.energy!;
    expect(e.components).toEqual({ cpuWh: 0.02, gpuWh: 0, ramWh: 0.03, remoteWh: 0 });
    expect(e.whPerCase).toBe(0.05);
    expect(e.unknown).toBeUndefined();
  });

  it('an unknown model size says which entry of energy.modelSizes would fix it', () => {
    const c = createSummaryCollector();
    const unknown: EnergyReading = { joules: null, method: 'ecologits-0.9.1', measured: false, scope: 'request', reason: 'model-size-unknown', missing: { setting: 'energy.modelSizes', key: 'albert-large' } };
    c.add(withEnergy('a', 'albert', unknown));
    c.add(withEnergy('b', 'albert', unknown));
    const e = c.cells()[0]!.energy!;
    expect(e.whPerCase).toBeNull();
    expect(e.unknown).toHaveLength(1);
    expect(e.unknown![0]).toMatchObject({ reason: 'model-size-unknown', cases: 2, missing: { setting: 'energy.modelSizes', key: 'albert-large' } });
    expect(e.unknown![0]!.fix).toContain('energy.modelSizes: { "albert-large": { totalB: 8 } }');
    expect(e.components).toBeUndefined();
  });

  it('a component unknown in one case makes that component unknown, not zero', () => {
    const c = createSummaryCollector();
    c.add(withEnergy('a', 'm', { joules: 10, method: 'x', measured: false, components: { cpu: 10, gpu: null } }));
    expect(c.cells()[0]!.energy!.components).toMatchObject({ gpuWh: null });
  });
});
