import { describe, expect, it } from 'vitest';
import {
  CPU_TDP_TABLE,
  cpuTokens,
  cubicPowerW,
  matchCpu,
  meanCubicPowerW,
  processShareJoules,
  resolveTdp,
} from '../../../harness/energy/cpu-power.js';

describe('TDP resolution', () => {
  it('takes the configured value first', () => {
    expect(resolveTdp({ configTdpW: 35, cpuModel: 'AMD EPYC 7763 64-Core Processor', logicalCpus: 128, sockets: 2 })).toMatchObject({ tdpW: 35, source: 'config' });
  });

  it('matches our table exactly or by a unique token subset, times the sockets', () => {
    expect(resolveTdp({ cpuModel: 'AMD EPYC 7763 64-Core Processor', logicalCpus: 128, sockets: 2 })).toMatchObject({ tdpW: 560, source: 'table' });
    expect(resolveTdp({ cpuModel: '12th Gen Intel(R) Core(TM) i7-12700', logicalCpus: 20 })).toMatchObject({ tdpW: 65, source: 'table' });
    expect(resolveTdp({ cpuModel: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', logicalCpus: 64 })).toMatchObject({ tdpW: 205, source: 'table' });
    expect(matchCpu('Intel(R) Xeon(R) Gold 6338N CPU @ 2.20GHz')).toBeNull();
  });

  it('gives 4 W per logical thread to a known but unlisted model: this VM\'s "AMD EPYC" → 8 W', () => {
    // A vague brand never matches a specific part (here two EPYC rows would tie anyway).
    expect(matchCpu('AMD EPYC')).toBeNull();
    const r = resolveTdp({ cpuModel: 'AMD EPYC', logicalCpus: 2, sockets: 1 });
    expect(r).toMatchObject({ tdpW: 8, source: 'per-thread' });
    expect(r.detail).toContain('4 W × 2 threads');
  });

  it('falls back on 85 W per socket without a model string', () => {
    expect(resolveTdp({ cpuModel: null, logicalCpus: 8 })).toMatchObject({ tdpW: 85, source: 'default' });
    expect(resolveTdp({ cpuModel: '  ', logicalCpus: 8, sockets: 2 })).toMatchObject({ tdpW: 170, source: 'default' });
    // Documented differences with CodeCarbon on multi-socket machines (cpu-power.ts): the per-thread
    // figure is not multiplied by the sockets again (CodeCarbon: 4 × 128 × 2 = 1,024 W).
    expect(resolveTdp({ cpuModel: 'Processeur Maison 9000', logicalCpus: 128, sockets: 2 })).toMatchObject({ tdpW: 512, source: 'per-thread' });
  });

  it('has a source for every table entry, and normalises brand strings', () => {
    for (const e of CPU_TDP_TABLE) expect(e.source.length).toBeGreaterThan(10);
    expect(cpuTokens('Intel(R) Core(TM) i5-1235U CPU @ 1.30GHz')).toEqual(['intel', 'core', 'i5-1235u']);
  });
});

describe('CPU power models', () => {
  it('cubic model: 10 % floor, §5.8 figures for TDP 8 W', () => {
    expect(cubicPowerW(8, 0)).toBeCloseTo(0.8, 12);
    expect(cubicPowerW(8, 0.5)).toBeCloseTo(1.7, 12);
    expect(cubicPowerW(8, 0.6)).toBeCloseTo(2.3552, 12);
    expect(cubicPowerW(8, 1)).toBeCloseTo(8, 12);
    expect(cubicPowerW(8, 1.3)).toBeCloseTo(8, 12);
  });

  it('applies the model per sample then averages (convexity)', () => {
    const perSample = meanCubicPowerW(8, [0, 1]);
    expect(perSample).toBeCloseTo((0.8 + 8) / 2, 12);
    expect(perSample).not.toBeCloseTo(cubicPowerW(8, 0.5), 3);
    expect(meanCubicPowerW(8, [])).toBeNull();
  });

  it('process mode: E = TDP × tree CPU seconds / logical CPUs', () => {
    // 1.52 s of CPU in a window on 2 threads at 8 W → 6.08 J.
    expect(processShareJoules(8, 1.52, 2)).toBeCloseTo(6.08, 12);
  });
});
