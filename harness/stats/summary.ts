/**
 * Aggregates results into suite × model cells as they stream in. Keeps only numbers per result
 * (latencies for percentiles), never outputs, so memory stays small for large runs.
 */
import type { CaseResult, CellEnergy, RunSummary, SummaryCell } from '../core/types.js';
import type { RunEnd } from '../runner/events.js';
import { createEnergyBreakdown, type EnergyBreakdown } from '../energy/cell-breakdown.js';
import { createClassificationCell, type ClassificationCell } from '../scorers/classification-cell.js';
import { createCorpusAccumulator, TRANSLATION_SCORE_TYPES, type CorpusAccumulator } from '../scorers/corpus-metrics.js';
import { percentile } from './percentile.js';

type CellState = {
  suite: string;
  community: string;
  model: string;
  n: number;
  passed: number;
  failed: number;
  errors: number;
  scoreSum: number;
  scored: number;
  latencies: number[];
  ttfts: number[];
  speeds: number[];
  truncated: number;
  tokensIn: number;
  tokensOut: number;
  estimated: boolean;
  energyJ: number[];
  co2eG: number;
  energyOutTokens: number;
  energyBand: [number, number] | null;
  methods: Set<string>;
  allMeasured: boolean;
  judges: { calls: number; inputTokens: number; outputTokens: number; latencyMs: number };
  /** Component split and unknown reasons of the energy figures. */
  breakdown: EnergyBreakdown;
  /** Translation cells only: corpus statistics (created at the first chrF/BLEU/TER result). */
  corpus: CorpusAccumulator | null;
  /** References of failed requests seen before the cell was known to be a translation cell. */
  pendingEmpty: string[];
  /** Classification cells: expected and predicted labels. */
  classification: ClassificationCell;
};

const J_PER_WH = 3600;

const round = (x: number | null, digits = 4): number | null => (x === null ? null : Number(x.toFixed(digits)));

/**
 * Energy figures of a cell (energy-method.md §5.5): Wh per case (mean and p50), J per output token
 * (ML.ENERGY), Wh per 1000 output tokens (ComparIA), Wh per 1000 queries (AI Energy Score), gCO2e
 * at the run's carbon intensity. Means are over the cases whose energy is known.
 */
const cellEnergy = (c: CellState): CellEnergy => {
  const k = c.energyJ.length;
  const total = c.energyJ.reduce((a, b) => a + b, 0);
  const sorted = [...c.energyJ].sort((a, b) => a - b);
  const whPerCase = k === 0 ? null : total / k / J_PER_WH;
  const sig = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
  return {
    known: k,
    whPerCase: sig(whPerCase),
    whPerCaseP50: sig(k === 0 ? null : (percentile(sorted, 50) ?? 0) / J_PER_WH),
    jPerOutputToken: sig(k === 0 || c.energyOutTokens === 0 ? null : total / c.energyOutTokens),
    whPer1000OutputTokens: sig(k === 0 || c.energyOutTokens === 0 ? null : (total / c.energyOutTokens) * 1000 / J_PER_WH),
    whPer1000Queries: sig(whPerCase === null ? null : whPerCase * 1000),
    gCo2ePerCase: sig(k === 0 ? null : c.co2eG / k),
    gCo2ePerSuite: sig(k === 0 ? null : c.co2eG),
    methods: [...c.methods].sort(),
    measured: c.allMeasured && k > 0,
    ...(c.energyBand && k > 0 ? { band: [sig(c.energyBand[0] / k / J_PER_WH)!, sig(c.energyBand[1] / k / J_PER_WH)!] as [number, number] } : {}),
    ...c.breakdown.result(k),
  };
};

/**
 * Feeds a translation cell's corpus (chrF, BLEU, TER summed over segments, as sacreBLEU's corpus
 * scores): a result with a reference and a chrF/BLEU/TER score is a segment; a failed request is an
 * empty segment, kept aside until the cell is known to be a translation cell.
 */
const addCorpus = (c: CellState, r: CaseResult): void => {
  if (r.reference === null) return;
  if (r.status === 'error') {
    if (c.corpus) c.corpus.add(null, r.reference);
    else c.pendingEmpty.push(r.reference);
    return;
  }
  // A chrF/BLEU/TER score that was not applicable (no expected text) does not make a segment.
  if (!r.scores.some((s) => TRANSLATION_SCORE_TYPES.has(s.type) && s.value !== null)) return;
  if (!c.corpus) {
    c.corpus = createCorpusAccumulator();
    for (const ref of c.pendingEmpty) c.corpus.add(null, ref);
    c.pendingEmpty = [];
  }
  c.corpus.add(r.output ?? '', r.reference);
};

/** @param ciGPerKwh carbon intensity of the electricity for gCO2e (default France, CodeCarbon 56.039). */
export const createSummaryCollector = (ciGPerKwh = 56.039) => {
  const cells = new Map<string, CellState>();
  const order: string[] = [];
  return {
    add(r: CaseResult): void {
      const key = JSON.stringify([r.suite, r.model]);
      let c = cells.get(key);
      if (!c) {
        c = {
          suite: r.suite, community: r.community, model: r.model, n: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, scored: 0, latencies: [], ttfts: [], speeds: [], truncated: 0, tokensIn: 0, tokensOut: 0, estimated: false,
          energyJ: [], co2eG: 0, energyOutTokens: 0, energyBand: [0, 0], methods: new Set(), allMeasured: true, judges: { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0 },
          breakdown: createEnergyBreakdown(), corpus: null, pendingEmpty: [], classification: createClassificationCell(),
        };
        cells.set(key, c);
        order.push(key);
      }
      c.n++;
      if (r.status === 'passed') c.passed++;
      else if (r.status === 'failed') c.failed++;
      else c.errors++;
      if (r.score !== null) {
        c.scoreSum += r.score;
        c.scored++;
      }
      if (r.latencyMs !== null) c.latencies.push(r.latencyMs);
      if (r.ttftMs !== null) c.ttfts.push(r.ttftMs);
      if (r.tokensPerS !== undefined) c.speeds.push(r.tokensPerS);
      if (r.truncated) c.truncated++;
      if (r.tokens) {
        c.tokensIn += r.tokens.input;
        c.tokensOut += r.tokens.output;
        c.estimated ||= r.tokens.estimated;
      }
      addCorpus(c, r);
      c.classification.add(r);
      if (r.energy) {
        c.breakdown.add(r.energy);
        c.methods.add(r.energy.method);
        c.allMeasured &&= r.energy.measured;
        if (r.energy.joules !== null) {
          c.energyJ.push(r.energy.joules);
          c.co2eG += r.energy.co2eG ?? (r.energy.joules / J_PER_WH / 1000) * ciGPerKwh;
          c.energyOutTokens += r.tokens?.output ?? 0;
          if (c.energyBand && r.energy.band) c.energyBand = [c.energyBand[0] + r.energy.band[0], c.energyBand[1] + r.energy.band[1]];
          else c.energyBand = null;
        }
      }
      if (r.judgeUsage) {
        c.judges.calls += r.judgeUsage.calls;
        c.judges.inputTokens += r.judgeUsage.inputTokens;
        c.judges.outputTokens += r.judgeUsage.outputTokens;
        c.judges.latencyMs += r.judgeUsage.latencyMs;
      }
    },
    cells(): SummaryCell[] {
      return [...order]
        .sort()
        .map((k) => cells.get(k)!)
        .map((c) => {
          const lat = [...c.latencies].sort((a, b) => a - b);
          const ttft = [...c.ttfts].sort((a, b) => a - b);
          const translation = c.corpus?.result() ?? null;
          const classification = c.classification.result();
          return {
            suite: c.suite,
            community: c.community,
            model: c.model,
            n: c.n,
            passed: c.passed,
            failed: c.failed,
            errors: c.errors,
            // Errors count as not passed: a model that cannot answer does not get the benefit of the doubt.
            passRate: c.n === 0 ? null : round(c.passed / c.n),
            meanScore: c.scored === 0 ? null : round(c.scoreSum / c.scored),
            latencyMs: { p50: round(percentile(lat, 50), 1), p95: round(percentile(lat, 95), 1) },
            ttftMs: { p50: round(percentile(ttft, 50), 1), p95: round(percentile(ttft, 95), 1) },
            // Median speed of the cases that streamed with real counts (runner/throughput.ts).
            tokensPerS: { p50: round(percentile([...c.speeds].sort((a, b) => a - b), 50), 1), n: c.speeds.length },
            truncated: c.truncated,
            tokens: { input: c.tokensIn, output: c.tokensOut, estimated: c.estimated },
            ...(c.methods.size > 0 ? { energy: cellEnergy(c) } : {}),
            ...(c.judges.calls > 0 ? { judges: { ...c.judges, latencyMs: Math.round(c.judges.latencyMs) } } : {}),
            ...(translation ? { translation } : {}),
            ...(classification ? { classification } : {}),
          };
        });
    },
    /**
     * @param calibration models that calibrate the scorers: their cells stay in `cells` (marked
     *   `calibration: true`) but never count in the campaign's totals (issue 16 item 4).
     */
    summary(runId: string, startedAt: string, end: Omit<RunEnd, 'runId'>, calibration: ReadonlySet<string> = new Set()): RunSummary {
      const all = this.cells();
      const cells = all.filter((c) => !calibration.has(c.model));
      const totals = cells.reduce(
        (t, c) => ({ n: t.n + c.n, passed: t.passed + c.passed, failed: t.failed + c.failed, errors: t.errors + c.errors }),
        { n: 0, passed: 0, failed: 0, errors: 0 },
      );
      const judged = cells.filter((c) => c.judges);
      const judges = judged.reduce((t, c) => ({ calls: t.calls + c.judges!.calls, inputTokens: t.inputTokens + c.judges!.inputTokens, outputTokens: t.outputTokens + c.judges!.outputTokens }), { calls: 0, inputTokens: 0, outputTokens: 0 });
      const energyWh = cells.reduce((t, c) => t + (c.energy?.whPerCase && c.energy.known ? c.energy.whPerCase * c.energy.known : 0), 0);
      return {
        runId, startedAt, finishedAt: end.finishedAt, durationMs: Math.round(end.durationMs), complete: end.complete, interrupted: end.interrupted,
        cells: all.map((c) => (calibration.has(c.model) ? { ...c, calibration: true } : c)),
        // Judges' calls are part of the campaign's cost: counted here beside the candidates'.
        totals: { ...totals, ...(judges.calls > 0 ? { judges } : {}), ...(energyWh > 0 ? { energyWh: Number(energyWh.toPrecision(6)) } : {}) },
      };
    },
  };
};
export type SummaryCollector = ReturnType<typeof createSummaryCollector>;
