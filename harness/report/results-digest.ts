/**
 * Digests results.jsonl as it streams, so a large run never sits in memory: per suite × model it
 * keeps the cases the page embeds (every non-passed case up to a cap, then the first passes), the
 * latencies for the distribution chart, and the energy of each line. Pure: `load-run.ts` feeds it.
 */
import type { CaseResult } from '../core/types.js';
import { parseResultEnergy } from './lenient.js';

export type DigestLimits = {
  /** Passed cases embedded per suite × model (the first ones met). */
  maxPassedPerCell: number;
  /** Failed and error cases embedded per suite × model. */
  maxOtherPerCell: number;
};

export const DEFAULT_LIMITS: DigestLimits = { maxPassedPerCell: 10, maxOtherPerCell: 100 };

/** Energy summed over the result lines of one cell (fallback when summary.json has none). */
export type DigestEnergy = {
  joules: number;
  /** Lines that carried a number of joules. */
  withJoules: number;
  methods: string[];
  /** False as soon as one line was estimated. */
  allMeasured: boolean;
};

export type CellDigest = {
  suite: string;
  model: string;
  /** Embedded cases, in the order they were met. */
  kept: CaseResult[];
  counts: { passed: number; failed: number; error: number };
  omitted: { passed: number; other: number };
  latenciesMs: number[];
  energy: DigestEnergy;
  /** Model identities reported by the provider (name, digest, version). */
  identities: string[];
};

export type ResultsDigest = { cells: CellDigest[] };

export const createResultsDigest = (limits: DigestLimits = DEFAULT_LIMITS) => {
  const cells = new Map<string, CellDigest>();
  const cellOf = (r: CaseResult): CellDigest => {
    const key = JSON.stringify([r.suite, r.model]);
    let c = cells.get(key);
    if (!c) {
      c = {
        suite: r.suite, model: r.model, kept: [], counts: { passed: 0, failed: 0, error: 0 }, omitted: { passed: 0, other: 0 },
        latenciesMs: [], energy: { joules: 0, withJoules: 0, methods: [], allMeasured: true }, identities: [],
      };
      cells.set(key, c);
    }
    return c;
  };
  return {
    add(r: CaseResult): void {
      const c = cellOf(r);
      c.counts[r.status]++;
      const passed = r.status === 'passed';
      const keptOfKind = passed ? c.counts.passed : c.counts.failed + c.counts.error;
      const cap = passed ? limits.maxPassedPerCell : limits.maxOtherPerCell;
      if (keptOfKind <= cap) c.kept.push(r);
      else if (passed) c.omitted.passed++;
      else c.omitted.other++;
      if (typeof r.latencyMs === 'number' && Number.isFinite(r.latencyMs)) c.latenciesMs.push(r.latencyMs);
      const energy = parseResultEnergy(r.energy);
      if (energy) {
        if (energy.joules !== null) {
          c.energy.joules += energy.joules;
          c.energy.withJoules++;
        }
        if (!c.energy.methods.includes(energy.method)) c.energy.methods.push(energy.method);
        c.energy.allMeasured &&= energy.measured;
      }
      if (r.modelIdentity && !c.identities.includes(r.modelIdentity)) c.identities.push(r.modelIdentity);
    },
    digest(): ResultsDigest {
      return { cells: [...cells.values()] };
    },
  };
};
