/**
 * Quality gates of a campaign: what makes `run` (and `merge`) end with a non-zero exit code once the
 * run folder is written, so that a CI pipeline fails. Two families:
 * - a model whose every request failed: the campaign measured nothing about it (exit 3);
 * - the gates a suite declares (`gates:`) and those given on the command line (`--fail-under`,
 *   `--baseline … --max-regression …`): a measured figure below the bar (exit 4).
 * Calibration baselines (echo, reference) are never gated: they are not candidates.
 */
import type { RunSummary, Suite, SummaryCell } from '../core/types.js';

/** What a suite may require of every model that runs it (`gates:` in the suite file). */
export type SuiteGates = NonNullable<Suite['gates']>;

export type GateOptions = {
  /** `--fail-under RATE`: minimum pass rate of every suite × model, 0..1. */
  failUnder?: number;
  /** `--max-regression POINTS` with `--baseline`. */
  maxRegressionPoints?: number;
  /** Pass rates of the baseline run, by `suite\tmodel`. */
  baseline?: ReadonlyMap<string, number | null>;
};

export type GateFailure = { suite: string; model: string; gate: string; message: string };

/** The part of summary.json the gates read (the analysis adds `intervals`). */
export type GatedSummary = Pick<RunSummary, 'cells'> & { intervals?: readonly { suite: string; model: string; passRate: [number, number] | null }[] };

const pct = (x: number): string => `${(x * 100).toFixed(1).replace('.', ',')} %`;

export const cellKey = (suite: string, model: string): string => `${suite}\t${model}`;

/** Pass rates of a run's summary, by suite × model: what `--baseline` compares against. */
export const baselineRates = (summary: Pick<RunSummary, 'cells'>): Map<string, number | null> =>
  new Map(summary.cells.filter((c) => !c.calibration).map((c) => [cellKey(c.suite, c.model), c.passRate]));

/**
 * Candidate models that took part and got not one answer (every result an error). Calibration
 * baselines are left out: `reference` errs by design on a suite without reference answers.
 */
export const modelsWithOnlyErrors = (cells: readonly SummaryCell[]): string[] => {
  const byModel = new Map<string, { n: number; errors: number }>();
  for (const c of cells) {
    if (c.calibration) continue;
    const t = byModel.get(c.model) ?? { n: 0, errors: 0 };
    byModel.set(c.model, { n: t.n + c.n, errors: t.errors + c.errors });
  }
  return [...byModel].filter(([, t]) => t.n > 0 && t.errors === t.n).map(([id]) => id);
};

/** Every gate that failed, in the order suites × models appear in the summary. */
export const checkGates = (summary: GatedSummary, suites: readonly Pick<Suite, 'id' | 'gates'>[], opts: GateOptions = {}): GateFailure[] => {
  const gatesOf = new Map(suites.map((s) => [s.id, s.gates ?? {}]));
  const lowerOf = new Map((summary.intervals ?? []).map((i) => [cellKey(i.suite, i.model), i.passRate?.[0] ?? null]));
  const failures: GateFailure[] = [];
  for (const c of summary.cells) {
    if (c.calibration || c.n === 0) continue;
    const g = gatesOf.get(c.suite) ?? {};
    const fail = (gate: string, message: string) => failures.push({ suite: c.suite, model: c.model, gate, message: `${c.suite} × ${c.model} : ${message}` });
    const rate = c.passRate ?? 0;
    const minRate = Math.max(g.minPassRate ?? 0, opts.failUnder ?? 0);
    if ((g.minPassRate !== undefined || opts.failUnder !== undefined) && rate < minRate) {
      const by = opts.failUnder !== undefined && opts.failUnder >= (g.minPassRate ?? 0) ? '--fail-under' : 'gates.minPassRate';
      fail(by, `taux de réussite ${pct(rate)}, en dessous du minimum ${pct(minRate)} (${by})`);
    }
    if (g.minLowerBound !== undefined) {
      const low = lowerOf.get(cellKey(c.suite, c.model)) ?? null;
      if (low === null || low < g.minLowerBound) {
        fail('gates.minLowerBound', `borne basse de l’intervalle du taux de réussite ${low === null ? 'inconnue' : pct(low)}, en dessous du minimum ${pct(g.minLowerBound)} (gates.minLowerBound)`);
      }
    }
    if (g.maxWhPerRequest !== undefined) {
      const wh = c.energy?.whPerCase ?? null;
      if (wh === null) fail('gates.maxWhPerRequest', `énergie par requête inconnue : le plafond de ${g.maxWhPerRequest} Wh ne peut pas être vérifié (gates.maxWhPerRequest)`);
      else if (wh > g.maxWhPerRequest) fail('gates.maxWhPerRequest', `${wh.toPrecision(3).replace('.', ',')} Wh par requête, au-dessus du plafond de ${g.maxWhPerRequest} Wh (gates.maxWhPerRequest)`);
    }
    const maxDrop = opts.maxRegressionPoints ?? g.maxRegressionPoints;
    if (maxDrop !== undefined && opts.baseline) {
      const before = opts.baseline.get(cellKey(c.suite, c.model));
      if (before !== undefined && before !== null) {
        const dropPoints = (before - rate) * 100;
        if (dropPoints > maxDrop + 1e-9) {
          const by = opts.maxRegressionPoints !== undefined ? '--max-regression' : 'gates.maxRegressionPoints';
          fail(by, `recul de ${dropPoints.toFixed(1).replace('.', ',')} points par rapport à la campagne de référence (${pct(before)} → ${pct(rate)}), au-delà de ${maxDrop} points (${by})`);
        }
      }
    }
  }
  return failures;
};
