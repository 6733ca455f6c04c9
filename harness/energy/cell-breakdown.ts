/**
 * Per-cell energy detail for summary.json: the mean Wh per case of each component (CPU, GPU, RAM,
 * remote), and the cases whose energy is unknown grouped by reason with the fact that is missing.
 */
import type { CellEnergy, EnergyReading } from '../core/types.js';
import { explainUnknown, type MissingFact } from './unknown-reason.js';

const J_PER_WH = 3600;
const COMPONENTS = ['cpu', 'gpu', 'ram', 'remote'] as const;
type Component = (typeof COMPONENTS)[number];

export const createEnergyBreakdown = () => {
  // Joules per component over the known cases; null once a known case had it unknown.
  const sums: Record<Component, number | null> = { cpu: 0, gpu: 0, ram: 0, remote: 0 };
  const seen = new Set<Component>();
  const unknown = new Map<string, { reason: string; cases: number; missing: MissingFact | null }>();
  return {
    add(e: EnergyReading): void {
      if (e.joules === null) {
        const reason = e.reason ?? 'unknown';
        const key = JSON.stringify([reason, e.missing ?? null]);
        const u = unknown.get(key) ?? { reason, cases: 0, missing: e.missing ?? null };
        u.cases++;
        unknown.set(key, u);
        return;
      }
      for (const k of COMPONENTS) {
        const v = e.components?.[k];
        if (v === undefined) continue;
        seen.add(k);
        const s = sums[k];
        sums[k] = s === null || v === null ? null : s + v;
      }
    },
    /** The additive fields of CellEnergy; `known` is the number of cases whose energy is known. */
    result(known: number): Pick<CellEnergy, 'components' | 'unknown'> {
      const perCase = (k: Component): number | null => {
        const s = sums[k];
        if (!seen.has(k)) return known > 0 ? 0 : null;
        return s === null || known === 0 ? null : Number((s / known / J_PER_WH).toPrecision(6));
      };
      return {
        ...(seen.size > 0 ? { components: { cpuWh: perCase('cpu'), gpuWh: perCase('gpu'), ramWh: perCase('ram'), remoteWh: perCase('remote') } } : {}),
        ...(unknown.size > 0 ? { unknown: [...unknown.values()].map((u) => ({ ...u, fix: explainUnknown(u.reason, u.missing) })) } : {}),
      };
    },
  };
};
export type EnergyBreakdown = ReturnType<typeof createEnergyBreakdown>;
