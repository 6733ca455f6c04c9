/**
 * Windows that may overlap on one meter (a local model serving several requests at once):
 * processor sharing, energy-method.md §5.5. The timeline is cut into segments at every start and
 * end; each segment's energy is split in equal shares among the requests active in it. The shares
 * add up exactly to the energy from the first start to the last end; a request alone in its window
 * gets exactly that window's energy, as a plain window would.
 */
import type { EnergyReading } from '../core/types.js';
import type { EnergyMeter, WindowEnergy } from './types.js';

type Share = {
  joules: number | null;
  components: Record<string, number | null>;
  band: [number, number] | null;
  methods: Set<string>;
  scopes: Set<string>;
  measured: boolean;
  shared: boolean;
  startMs: number | null;
  endMs: number;
  reason?: string;
};

export type SharedHandle = { share: Share };

const addTo = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

export const createSharedWindows = (meter: EnergyMeter) => {
  const active = new Set<Share>();
  let seq = 0;
  let open: string | null = null;

  /** Splits a closed segment's energy in equal shares among the requests active in it. */
  const allot = (w: WindowEnergy): void => {
    const n = active.size;
    for (const s of active) {
      s.startMs ??= w.startMs;
      s.endMs = w.endMs;
      s.shared ||= n > 1;
      s.joules = addTo(s.joules, w.totalJoules === null ? null : w.totalJoules / n);
      for (const c of w.components) {
        s.methods.add(c.method);
        s.scopes.add(c.scope);
        s.measured &&= c.measured;
        s.components[c.component] = addTo(s.components[c.component] ?? 0, c.joules === null ? null : c.joules / n);
        if (c.joules === null || c.band === null) s.band = null;
        else if (s.band) s.band = [s.band[0] + (c.joules * c.band[0]) / n, s.band[1] + (c.joules * c.band[1]) / n];
        if (c.joules === null && c.reason) s.reason = c.reason;
      }
    }
  };

  /**
   * Closes the current segment and opens the next one if needed. When both happen, one reading of
   * the counters is the end of the one and the start of the other (`endAndBegin`): two reads per
   * request instead of four, and no instant between two segments left out of both.
   */
  const rotate = (reopen: boolean): void => {
    const closing = open;
    open = reopen ? `s${++seq}` : null;
    if (closing === null) {
      if (open !== null) meter.begin(open);
      return;
    }
    allot(open === null ? meter.end(closing) : meter.endAndBegin(closing, open));
  };

  return {
    open(): SharedHandle {
      rotate(true);
      const share: Share = { joules: 0, components: {}, band: [0, 0], methods: new Set(), scopes: new Set(), measured: true, shared: false, startMs: null, endMs: 0 };
      active.add(share);
      return { share };
    },
    close(h: SharedHandle): EnergyReading {
      rotate(active.size > 1);
      active.delete(h.share);
      const s = h.share;
      return {
        joules: s.joules,
        method: [...s.methods].join('+'),
        measured: s.methods.size > 0 && s.measured,
        scope: [...s.scopes].join('+'),
        ...(s.band ? { band: s.band } : {}),
        ...(s.reason ? { reason: s.reason } : {}),
        components: s.components,
        windowMs: [s.startMs ?? s.endMs, s.endMs],
        ...(s.shared ? { allocated: true } : {}),
      };
    },
  };
};
