import { describe, expect, it } from 'vitest';
import { createSharedWindows } from '../../../harness/energy/shared-windows.js';
import type { EnergyMeter, WindowEnergy } from '../../../harness/energy/types.js';

/** A meter whose CPU draws 10 W and RAM 20 W, on a clock the test moves. */
const fakeMeter = () => {
  let now = 0;
  const open = new Map<string, number>();
  const meter = {
    sources: [],
    begin: (id: string) => void open.set(id, now),
    end: (id: string): WindowEnergy => {
      const start = open.get(id)!;
      open.delete(id);
      const s = (now - start) / 1000;
      return {
        windowId: id, startMs: start, endMs: now, durationMs: now - start, totalJoules: 30 * s, net: null, meanCpuLoadPct: null, meanGpuUtilPct: null, samples: 0, flags: [],
        components: [
          { component: 'cpu', joules: 10 * s, method: 'cpu-time-share', measured: false, scope: 'process-tree', band: [0.49, 2.9], flags: [] },
          { component: 'ram', joules: 20 * s, method: 'ram-dimm-model', measured: false, scope: 'machine', band: [0.5, 2], flags: [] },
        ],
      };
    },
  } as unknown as EnergyMeter;
  return { meter, at: (ms: number) => void (now = ms) };
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
