import { describe, expect, it } from 'vitest';
import type { EnergyReading } from '../../../harness/core/types.js';
import type { FsAccess } from '../../../harness/energy/fs-access.js';
import { createEnergyMeter, type MeterInventory } from '../../../harness/energy/meter.js';
import { createSharedWindows } from '../../../harness/energy/shared-windows.js';
import type { EnergyMeter, WindowEnergy } from '../../../harness/energy/types.js';
import { memoryFs, tickingMachine } from './helpers.js';

/** A meter whose CPU draws 10 W and RAM 20 W, on a clock the test moves; `reads()` counts counter readings. */
const fakeMeter = () => {
  let now = 0;
  let reads = 0;
  const open = new Map<string, number>();
  const windowOf = (id: string, start: number): WindowEnergy => {
    const s = (now - start) / 1000;
    return {
      windowId: id, startMs: start, endMs: now, durationMs: now - start, totalJoules: 30 * s, net: null, meanCpuLoadPct: null, meanGpuUtilPct: null, samples: 0, flags: [],
      components: [
        { component: 'cpu', joules: 10 * s, method: 'cpu-time-share', measured: false, scope: 'process-tree', band: [0.49, 2.9], flags: [] },
        { component: 'ram', joules: 20 * s, method: 'ram-dimm-model', measured: false, scope: 'machine', band: [0.5, 2], flags: [] },
      ],
    };
  };
  const meter = {
    sources: [],
    begin: (id: string) => {
      reads++;
      open.set(id, now);
    },
    end: (id: string): WindowEnergy => {
      reads++;
      const start = open.get(id)!;
      open.delete(id);
      return windowOf(id, start);
    },
    endAndBegin: (endId: string, beginId: string): WindowEnergy => {
      reads++;
      const start = open.get(endId)!;
      open.delete(endId);
      open.set(beginId, now);
      return windowOf(endId, start);
    },
  } as unknown as EnergyMeter;
  return { meter, at: (ms: number) => void (now = ms), reads: () => reads };
};

describe('shared energy windows (processor sharing)', () => {
  it('gives a request alone exactly its window, not marked as allocated', () => {
    const { meter, at } = fakeMeter();
    const w = createSharedWindows(meter);
    at(1000);
    const h = w.open();
    at(3000);
    const r = w.close(h);
    expect(r).toMatchObject({ joules: 60, measured: false, method: 'cpu-time-share+ram-dimm-model', windowMs: [1000, 3000], components: { cpu: 20, ram: 40 } });
    expect(r.allocated).toBeUndefined();
    expect(r.band![0]).toBeCloseTo(20 * 0.49 + 40 * 0.5);
  });

  it('splits overlapping requests in equal shares that add up to the energy of the whole span', () => {
    const { meter, at } = fakeMeter();
    const w = createSharedWindows(meter);
    at(0);
    const a = w.open(); // a alone 0–1 s, a+b 1–3 s, b alone 3–4 s, c alone 5–6 s
    at(1000);
    const b = w.open();
    at(3000);
    const ra = w.close(a);
    at(4000);
    const rb = w.close(b);
    at(5000);
    const c = w.open();
    at(6000);
    const rc = w.close(c);
    expect(ra.joules).toBeCloseTo(30 + 30);
    expect(rb.joules).toBeCloseTo(30 + 30);
    expect(ra.joules! + rb.joules!).toBeCloseTo(30 * 4); // conservation over [first start, last end] of the overlap
    expect(ra.allocated).toBe(true);
    expect(rb.allocated).toBe(true);
    expect(rc).toMatchObject({ joules: 30, windowMs: [5000, 6000] });
    expect(rc.allocated).toBeUndefined();
  });
});

describe('shared energy windows on a real meter', () => {
  const VM: MeterInventory = { cpuModel: 'AMD EPYC', logicalCpus: 2, sockets: 1, totalMemBytes: 16 * 1024 ** 3, arch: 'x64' };

  const machine = tickingMachine;
  const counting = (fs: FsAccess) => {
    let reads = 0;
    return { fs: { ...fs, readText: (p: string) => (p === '/proc/stat' && reads++, fs.readText(p)) }, reads: () => reads, reset: () => void (reads = 0) };
  };

  it('gives the same shares as plain windows over each segment, reading the counters twice per request, not four times', () => {
    const m = machine();
    const a = counting(memoryFs(m.files));
    const shared = createSharedWindows(createEnergyMeter({ inventory: VM, fs: a.fs, clock: m.clock }));
    // The reference: a second meter on the same machine, one plain window per segment (begin and end read apart).
    const ref = createEnergyMeter({ inventory: VM, fs: memoryFs(m.files), clock: m.clock });
    a.reset();

    // 12 requests over 4 lanes; lane k starts at 90·k ms, each request lasts 300 + 70·k ms, 7 ms apart.
    const events: { at: number; kind: 'open' | 'close'; req: number }[] = [];
    for (let k = 0; k < 4; k++) {
      let t = 90 * k;
      for (let j = 0; j < 3; j++) {
        const req = 3 * k + j;
        events.push({ at: t, kind: 'open', req }, { at: t + 300 + 70 * k, kind: 'close', req });
        t += 300 + 70 * k + 7;
      }
    }
    events.sort((x, y) => x.at - y.at || (x.kind === 'close' ? -1 : 1));
    expect(new Set(events.map((e) => e.at)).size).toBe(events.length); // one edge per instant

    const handles = new Map<number, ReturnType<typeof shared.open>>();
    const got = new Map<number, EnergyReading>();
    const expected = new Map<number, { joules: number; cpu: number; ram: number }>();
    const active = new Set<number>();
    let seg = 0;
    let refOpen = false;
    let now = 0;
    let load = 0.2;
    for (const e of events) {
      // The machine runs until this edge, with a sampler tick on the way when one falls due.
      const ms = e.at - now;
      if (ms > 0) {
        m.run(ms / 2, load);
        ref.sample();
        m.run(ms / 2, load);
        now = e.at;
        load = load >= 0.9 ? 0.15 : load + 0.17;
      }
      if (refOpen) {
        const w = ref.end(`seg${seg}`);
        for (const r of active) {
          const x = expected.get(r) ?? { joules: 0, cpu: 0, ram: 0 };
          const part = (c: string) => (w.components.find((y) => y.component === c)?.joules ?? 0) / active.size;
          expected.set(r, { joules: x.joules + w.totalJoules! / active.size, cpu: x.cpu + part('cpu'), ram: x.ram + part('ram') });
        }
      }
      if (e.kind === 'open') {
        active.add(e.req);
        handles.set(e.req, shared.open());
      } else {
        active.delete(e.req);
        got.set(e.req, shared.close(handles.get(e.req)!));
      }
      refOpen = active.size > 0;
      if (refOpen) ref.begin(`seg${++seg}`);
    }

    expect(got.size).toBe(12);
    for (const [req, r] of got) {
      const x = expected.get(req)!;
      expect(r.joules).toBeCloseTo(x.joules, 9);
      expect(r.components!.cpu).toBeCloseTo(x.cpu, 9);
      expect(r.components!.ram).toBeCloseTo(x.ram, 9);
      expect(r.method).toBe('cpu-load-tdp+ram-dimm-model');
    }
    // Conservation: the shares add up to one plain window over the whole campaign.
    const total = [...got.values()].reduce((s, r) => s + r.joules!, 0);
    const all = [...expected.values()].reduce((s, x) => s + x.joules, 0);
    expect(total).toBeCloseTo(all, 9);
    // One reading per edge: 24 edges, 24 reads of /proc/stat (begin + end + rotate twice would be 46).
    expect(a.reads()).toBe(2 * got.size);
  });
});
