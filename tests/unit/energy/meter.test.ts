import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEmissionsRow } from '../../../harness/energy/emissions-row.js';
import { createEnergyMeter, type MeterInventory } from '../../../harness/energy/meter.js';
import { discoverRapl } from '../../../harness/energy/rapl.js';
import type { GpuPowerSource } from '../../../harness/energy/types.js';
import { FIXTURES, memoryFs, pidStat, tickingMachine } from './helpers.js';

const VM: MeterInventory = { cpuModel: 'AMD EPYC', logicalCpus: 2, sockets: 1, totalMemBytes: 23.54 * 1024 ** 3, arch: 'x64' };

/** A fake machine: /proc/stat ticks moved by `run`, optional powercap fixture, and a clock. */
const machine = (powercap?: string) => {
  const base = tickingMachine();
  const { files } = base;
  if (powercap) {
    const spec = JSON.parse(readFileSync(join(FIXTURES, 'powercap', `${powercap}.json`), 'utf8')) as { dirs: Record<string, Record<string, string>> };
    for (const [dir, entries] of Object.entries(spec.dirs)) {
      for (const [name, text] of Object.entries(entries)) files.set(`/sys/class/powercap/${dir}/${name}`, text);
    }
  }
  return {
    ...base,
    fs: memoryFs(files),
    addUj(dir: string, uj: number) {
      const path = `/sys/class/powercap/${dir}/energy_uj`;
      files.set(path, String(Number(files.get(path)) + uj));
    },
  };
};

describe('meter, machine mode with the cubic model (§5.8 worked check)', () => {
  it('600 s at a steady 60 % on this VM: CPU 2.355 W + RAM 20 W → 3.726 Wh, 2.088e-4 kg at FRA', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    expect(meter.sources.map((s) => [s.component, s.method, s.measured, s.scope])).toEqual([
      ['cpu', 'cpu-load-tdp', false, 'machine'],
      ['ram', 'ram-dimm-model', false, 'machine'],
    ]);
    meter.begin('suite');
    for (let i = 0; i < 600; i++) {
      m.run(1000, 0.6);
      meter.sample();
    }
    const w = meter.end('suite');
    const cpu = w.components.find((c) => c.component === 'cpu');
    expect(cpu).toMatchObject({ method: 'cpu-load-tdp', measured: false, scope: 'machine', band: [0.49, 5.6], flags: [] });
    expect((cpu?.joules ?? 0) / 600).toBeCloseTo(2.3552, 9);
    expect(w.components.find((c) => c.component === 'ram')?.joules).toBeCloseTo(12_000, 9);
    expect((w.totalJoules ?? 0) / 3600).toBeCloseTo(3.7259, 4);
    expect(w.meanCpuLoadPct).toBeCloseTo(60, 9);
    expect(w.samples).toBe(599);
    const row = buildEmissionsRow({
      timestamp: new Date(),
      suiteId: 's',
      runId: 'r',
      modelId: 'm',
      durationS: w.durationMs / 1000,
      cpuKwh: (cpu?.joules ?? 0) / 3.6e6,
      gpuKwh: 0,
      ramKwh: 12_000 / 3.6e6,
      cpuPowerW: 2.3552,
      gpuPowerW: 0,
      ramPowerW: 20,
      ciGPerKwh: 56.039,
      countryName: 'France',
      countryIsoCode: 'FRA',
      onCloud: false,
      os: 'Linux',
      harnessVersion: '0',
      cpuCount: 2,
      cpuModel: 'AMD EPYC',
      gpuCount: 0,
      gpuModel: null,
      ramTotalSizeGb: 23.54,
      trackingMode: 'machine',
      cpuUtilizationPct: 60,
      gpuUtilizationPct: null,
      ramUtilizationPct: null,
      ramUsedGb: null,
    });
    expect(Number(row.energy_consumed)).toBeCloseTo(3.726e-3, 6);
    expect(Number(row.emissions)).toBeCloseTo(2.088e-4, 7);
  });

  it('applies the cubic model per sample: alternating 0 % and 100 % is not 50 %', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.begin('w');
    for (let i = 0; i < 10; i++) {
      m.run(1000, i % 2);
      meter.sample();
    }
    const cpu = meter.end('w').components[0];
    expect((cpu?.joules ?? 0) / 10).toBeCloseTo((0.8 + 8) / 2, 9);
  });

  it('flags a sampler gap longer than 3 intervals', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.sample();
    meter.begin('before');
    m.run(1000, 0.2);
    meter.sample();
    expect(meter.end('before').flags).toEqual([]);
    meter.begin('across');
    m.run(5000, 0.2);
    meter.sample();
    const w = meter.end('across');
    expect(w.flags).toEqual(['sampler-gap']);
    expect(w.components[0]?.flags).toContain('sampler-gap');
  });

  it('measures an idle baseline and reports net = max(0, gross − P_idle × Δt)', async () => {
    const m = machine();
    let load = 0.1;
    const meter = createEnergyMeter({
      inventory: VM,
      fs: m.fs,
      clock: m.clock,
      sleep: async (ms) => {
        for (let i = 0; i < ms / 1000; i++) {
          m.run(1000, load);
          meter.sample();
        }
      },
    });
    const base = await meter.baseline(10_000);
    expect(base.samples).toBe(9);
    expect(base.flags).toEqual(['baseline-few-samples']);
    const idleCpuW = 8 * (0.1 + 0.9 * 0.1 ** 3);
    expect(base.powerW).toEqual([
      { component: 'cpu', watts: expect.closeTo(idleCpuW, 9) },
      { component: 'ram', watts: expect.closeTo(20, 9) },
    ]);
    meter.begin('test');
    m.run(2000, 0.6);
    const w = meter.end('test');
    expect(w.net?.components).toEqual([
      { component: 'cpu', joules: expect.closeTo(2 * (2.3552 - idleCpuW), 9) },
      { component: 'ram', joules: 0 },
    ]);
    load = 0.9;
    expect((await meter.baseline(12_000)).flags).toEqual(['baseline-drift']);
  });

  it('gives slices whose energies add up to the window', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.sample();
    meter.begin('w');
    for (const load of [0.2, 0.9, 0.4]) {
      m.run(1000, load);
      meter.sample();
    }
    const w = meter.end('w');
    const slices = meter.slices(0, 3000);
    expect(slices.map((s) => [s.startMs, s.endMs])).toEqual([[0, 1000], [1000, 2000], [2000, 3000]]);
    expect(slices.reduce((s, x) => s + x.joules, 0)).toBeCloseTo(w.totalJoules ?? 0, 9);
  });

  it('refuses a window opened twice or closed without opening', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.begin('a');
    expect(() => meter.begin('a')).toThrow(/déjà ouverte/);
    expect(() => meter.end('b')).toThrow(/inconnue/);
  });
});

describe('meter: one reading for two edges (endAndBegin)', () => {
  it('ends one window and opens the next on the same reading, with the figures of a plain end then begin', () => {
    const m = machine();
    let reads = 0;
    const fs = { ...m.fs, readText: (path: string) => (reads++, m.fs.readText(path)) };
    const meter = createEnergyMeter({ inventory: VM, fs, clock: m.clock });
    // The reference: a twin meter on the same machine, closing and opening with two readings.
    const ref = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    const both = { sample: () => (meter.sample(), ref.sample()) };
    both.sample();
    meter.begin('first');
    ref.begin('first');
    m.run(1500, 0.3);
    both.sample();
    m.run(700, 0.8);
    reads = 0;
    const first = meter.endAndBegin('first', 'second');
    expect(reads).toBe(1);
    const refFirst = ref.end('first');
    ref.begin('second');
    m.run(1200, 0.5);
    both.sample();
    m.run(400, 0.1);
    const second = meter.end('second');
    expect(first.endMs).toBe(second.startMs);
    expect(first).toEqual(refFirst);
    expect(second).toEqual(ref.end('second'));
    expect(first.totalJoules).toBeGreaterThan(0);
    expect(second.samples).toBe(1);
  });

  it('refuses an unknown window or one already open, before reading anything', () => {
    const m = machine();
    let reads = 0;
    const fs = { ...m.fs, readText: (path: string) => (reads++, m.fs.readText(path)) };
    const meter = createEnergyMeter({ inventory: VM, fs, clock: m.clock });
    meter.begin('a');
    meter.begin('b');
    reads = 0;
    expect(() => meter.endAndBegin('x', 'c')).toThrow(/inconnue/);
    expect(() => meter.endAndBegin('a', 'b')).toThrow(/déjà ouverte/);
    expect(reads).toBe(0);
    expect(() => meter.end('a')).not.toThrow();
  });

  it('keeps /proc/stat open between edges on the real machine, and releases it on stop', () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const inventory: MeterInventory = { cpuModel: null, logicalCpus: availableParallelism(), sockets: 1, totalMemBytes: totalmem(), arch: process.arch };
    const before = fds();
    const meter = createEnergyMeter({ inventory, useRapl: false });
    expect(fds()).toBe(before); // the checks made at creation hold nothing open
    meter.begin('a');
    expect(fds()).toBe(before + 1);
    const w = meter.endAndBegin('a', 'b');
    meter.end('b');
    expect(fds()).toBe(before + 1);
    expect(w.components[0]).toMatchObject({ method: 'cpu-load-tdp', scope: 'machine' });
    expect(w.components[0]!.joules).not.toBeNull();
    meter.stop();
    expect(fds()).toBe(before);
    meter.begin('c'); // reopened on demand
    expect(meter.end('c').components[0]!.joules).not.toBeNull();
    meter.stop();
    expect(fds()).toBe(before);
  });
});

describe('meter with RAPL', () => {
  it('reads the package counters at the window edges: a measurement of the machine', () => {
    const m = machine('two-packages');
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    expect(meter.sources[0]).toMatchObject({ method: 'rapl', measured: true, scope: 'machine', band: [0.9, 1.1] });
    meter.begin('w');
    m.run(1000, 0.5);
    m.addUj('intel-rapl-mmio:0', 5e6);
    m.addUj('intel-rapl:0', 9e9); // the MSR view of package-0 is not read
    m.addUj('intel-rapl:1', 3e6);
    m.addUj('intel-rapl:0:2', 1e6); // dram, excluded
    const cpu = meter.end('w').components[0];
    expect(cpu).toMatchObject({ component: 'cpu', joules: 8, method: 'rapl', measured: true, flags: [] });
  });

  it('handles a counter wrap, and drops negative or impossible deltas with a flag', () => {
    const m = machine('two-packages');
    m.files.set('/sys/class/powercap/intel-rapl:1/energy_uj', String(262143328850 - 1e6));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.begin('wrap');
    m.run(1000, 0.5);
    m.files.set('/sys/class/powercap/intel-rapl:1/energy_uj', String(2e6));
    expect(meter.end('wrap').components[0]).toMatchObject({ joules: 3, flags: ['counter-wrap'] });

    meter.begin('huge');
    m.run(1000, 0.5);
    m.addUj('intel-rapl:1', 5e12);
    const huge = meter.end('huge');
    expect(huge.components[0]).toMatchObject({ joules: null, flags: ['impossible-delta-dropped'], reason: expect.stringContaining('impossible') });
    expect(huge.totalJoules).toBeNull();

    const n = machine('no-max-range');
    const meter2 = createEnergyMeter({ inventory: VM, fs: n.fs, clock: n.clock });
    meter2.begin('back');
    n.run(1000, 0.5);
    n.files.set('/sys/class/powercap/intel-rapl:0/energy_uj', '100');
    expect(meter2.end('back').components[0]).toMatchObject({ joules: null, flags: ['negative-delta-dropped'] });
  });

  it('scales the package energy by the process tree share of busy time', () => {
    const m = machine('two-packages');
    m.files.set('/proc/500/stat', pidStat({ pid: 500, ppid: 1, utime: 0, stime: 0 }));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, targetPid: 500 });
    expect(meter.sources[0]).toMatchObject({ method: 'rapl', scope: 'process-tree' });
    meter.begin('w');
    m.run(1000, 0.5); // 100 busy ticks on the machine
    m.files.set('/proc/500/stat', pidStat({ pid: 500, ppid: 1, utime: 40, stime: 10 }));
    m.addUj('intel-rapl-mmio:0', 10e6);
    expect(meter.end('w').components[0]?.joules).toBeCloseTo(5, 12);
  });

  it('explains why RAPL is skipped when energy_uj is not readable', () => {
    const m = machine('two-packages');
    m.files.set('/sys/class/powercap/intel-rapl-mmio:0/energy_uj', Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    expect(meter.sources[0]?.method).toBe('cpu-load-tdp');
  });
});

describe('meter with a process tree (CodeCarbon process mode)', () => {
  it('E = TDP × tree CPU seconds / logical CPUs, and null once the process is gone', () => {
    const m = machine();
    m.files.set('/proc/700/stat', pidStat({ pid: 700, ppid: 1, utime: 0, stime: 0, cutime: 0 }));
    m.files.set('/proc/701/stat', pidStat({ pid: 701, ppid: 700, utime: 0, stime: 0 }));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, targetPid: 700 });
    expect(meter.sources[0]).toMatchObject({ method: 'cpu-time-share', measured: false, scope: 'process-tree', band: [0.49, 2.9] });
    meter.begin('w');
    m.run(2000, 0.5);
    // The server's own CPU stays at 0 while its runner child uses 1.52 s (§4 probe).
    m.files.set('/proc/701/stat', pidStat({ pid: 701, ppid: 700, utime: 140, stime: 12 }));
    expect(meter.end('w').components[0]?.joules).toBeCloseTo(6.08, 12);

    meter.begin('gone');
    m.run(1000, 0.5);
    m.files.delete('/proc/700/stat');
    expect(meter.end('gone').components[0]).toMatchObject({ joules: null, flags: ['process-gone'] });
  });

  it('says so when the target process is not in /proc, and measures the machine instead', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, targetPid: 9999 });
    expect(meter.sources[0]).toMatchObject({ method: 'cpu-load-tdp', scope: 'machine', detail: expect.stringContaining('processus 9999 introuvable') });
  });

  it('drops more CPU time than the machine could give', () => {
    const m = machine();
    m.files.set('/proc/700/stat', pidStat({ pid: 700, ppid: 1, utime: 0, stime: 0 }));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, targetPid: 700 });
    meter.begin('w');
    m.run(1000, 1);
    m.files.set('/proc/700/stat', pidStat({ pid: 700, ppid: 1, utime: 1000, stime: 0 }));
    expect(meter.end('w').components[0]).toMatchObject({ joules: null, flags: ['impossible-delta-dropped'] });
  });
});

describe('meter with a GPU source', () => {
  it('adds the integrated GPU energy, measured, with a band by window length', () => {
    const m = machine();
    const calls: string[] = [];
    const gpu: GpuPowerSource = {
      start: () => calls.push('start'),
      stop: () => calls.push('stop'),
      energyBetween: (a, b) => ({ joules: ((b - a) / 1000) * 300, meanUtilPct: 80, flags: b - a < 1000 ? ['low-confidence'] : [] }),
      latestPowerW: () => 300,
    };
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, gpu });
    meter.start();
    meter.begin('short');
    m.run(500, 0.5);
    const short = meter.end('short');
    expect(short.components.find((c) => c.component === 'gpu')).toMatchObject({
      joules: 150,
      method: 'nvidia-smi-power',
      measured: true,
      scope: 'device',
      band: [0.5, 2],
      flags: ['low-confidence'],
    });
    expect(short.meanGpuUtilPct).toBe(80);
    meter.begin('long');
    m.run(20_000, 0.5);
    expect(meter.end('long').components.find((c) => c.component === 'gpu')?.band).toEqual([0.9, 1.1]);
    meter.stop();
    expect(calls).toEqual(['start', 'stop']);
  });
});

describe('meter on this machine (real /proc, no fake)', () => {
  const inventory: MeterInventory = {
    cpuModel: cpus()[0]?.model ?? null,
    logicalCpus: availableParallelism(),
    sockets: 1,
    totalMemBytes: totalmem(),
    arch: process.arch,
  };
  const busy = (ms: number): number => {
    let x = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    return x;
  };
  const raplHere = discoverRapl().ok;

  it('measures a busy loop of this process: non-null joules, labelled as an estimate', () => {
    const meter = createEnergyMeter({ inventory, inProcess: true });
    meter.begin('loop');
    busy(300);
    const w = meter.end('loop');
    const cpu = w.components.find((c) => c.component === 'cpu');
    expect(cpu?.joules).not.toBeNull();
    expect(cpu?.joules ?? 0).toBeGreaterThan(0);
    if (raplHere) {
      expect(cpu).toMatchObject({ method: 'rapl', measured: true });
    } else {
      expect(cpu?.measured).toBe(false);
      expect(['cpu-time-share', 'cpu-load-tdp']).toContain(cpu?.method);
    }
    expect(w.totalJoules).not.toBeNull();
  });

  it('samples in the background with an unref\'ed timer, machine mode', async () => {
    const meter = createEnergyMeter({ inventory, intervalMs: 250 });
    meter.start();
    meter.begin('w');
    busy(200);
    await new Promise((r) => setTimeout(r, 700));
    const w = meter.end('w');
    meter.stop();
    expect(w.samples).toBeGreaterThanOrEqual(1);
    expect(w.components[0]?.joules).not.toBeNull();
    if (!raplHere) expect(w.components[0]).toMatchObject({ method: 'cpu-load-tdp', measured: false });
  });
});

describe('RAM in process mode (CodeCarbon v3 external/ram.py: DIMM model on the tree RSS) — issue 16 item 11', () => {
  const GB = 1024 ** 3;
  it('a server tree of 2 GB draws 10 W (the x86 floor), not the machine’s 20 W; 40 GB draws 20 W', () => {
    const m = machine();
    m.files.set('/proc/700/stat', pidStat({ pid: 700, ppid: 1, utime: 0, stime: 0, rssPages: (1 * GB) / 4096 }));
    m.files.set('/proc/701/stat', pidStat({ pid: 701, ppid: 700, utime: 0, stime: 0, rssPages: (1 * GB) / 4096 }));
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, targetPid: 700 });
    expect(meter.sources.find((s) => s.component === 'ram')).toMatchObject({ scope: 'process-tree' });
    meter.begin('w');
    m.run(10_000, 0.5);
    expect(meter.end('w').components.find((c) => c.component === 'ram')).toMatchObject({ joules: 100, scope: 'process-tree', flags: [] });

    // The runner loads a 40 GB model half-way through a 10 s window: 10 W then 20 W, trapezoids over the samples.
    meter.begin('big');
    m.run(5000, 0.5);
    meter.sample();
    m.files.set('/proc/701/stat', pidStat({ pid: 701, ppid: 700, utime: 0, stime: 0, rssPages: (39 * GB) / 4096 }));
    m.run(1, 0.5);
    meter.sample();
    m.run(4999, 0.5);
    const ram = meter.end('big').components.find((c) => c.component === 'ram')!;
    expect(ram.joules).toBeCloseTo(10 * 5 + (0.001 * (10 + 20)) / 2 + 20 * 4.999, 9);
  });

  it('in-process models: this process’s RSS; a configured ramPowerW still wins (force_ram_power)', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, inProcess: true, selfOnly: true, ownCpuS: () => 0, ownRssBytes: () => 0.5 * GB });
    meter.begin('w');
    m.run(2000, 0.5);
    expect(meter.end('w').components.find((c) => c.component === 'ram')).toMatchObject({ joules: 20, scope: 'process-tree' });
    const forced = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock, inProcess: true, selfOnly: true, ownCpuS: () => 0, ownRssBytes: () => 0.5 * GB, ramPowerW: 3 });
    forced.begin('w');
    m.run(2000, 0.5);
    expect(forced.end('w').components.find((c) => c.component === 'ram')).toMatchObject({ joules: 6, scope: 'machine' });
  });

  it('machine mode (local server without a pid) keeps the machine’s total memory: 20 W here', () => {
    const m = machine();
    const meter = createEnergyMeter({ inventory: VM, fs: m.fs, clock: m.clock });
    meter.begin('w');
    m.run(1000, 0.5);
    expect(meter.end('w').components.find((c) => c.component === 'ram')).toMatchObject({ joules: 20, scope: 'machine' });
  });
});
