/**
 * The comparison matrix: one table body per suite, one row per model, with the best value of each
 * column marked by a symbol (★) and a word for screen readers, never by colour alone. Pure.
 */
import type { ViewContext } from './view-context.js';
import { gText, whText } from './view-energy.js';

/** A formatted figure; `best` marks the best of its column within the suite. */
export type Figure = { text: string; best: boolean; note: string | null };

export type MatrixRow = {
  model: string;
  cases: string;
  errors: string | null;
  /** Answers cut by the token limit, when any. */
  truncated: string | null;
  passRate: Figure;
  meanScore: Figure;
  latencyP50: Figure;
  latencyP95: Figure;
  ttftP50: Figure;
  wh: Figure;
  gCo2e: Figure;
  cost: Figure;
};

/** Corpus scores of one model on a translation suite (sacreBLEU's 0–100 scale; TER: lower is better). */
export type CorpusRow = { model: string; chrF: Figure; chrFpp: Figure; bleu: Figure; ter: Figure };

export type MatrixSuite = {
  title: string;
  community: string;
  classification: string;
  rows: MatrixRow[];
  /** Translation suites: corpus chrF, chrF++, BLEU and TER per model, with sacreBLEU's signatures. */
  corpus: { rows: CorpusRow[]; signatures: string } | null;
};

/**
 * Which values are the best of a column: all those equal to the best, and none when fewer than
 * two values are known or when all known values are equal (nothing stands out).
 */
export const markBest = (values: readonly (number | null)[], better: 'higher' | 'lower'): boolean[] => {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2 || known.every((v) => v === known[0])) return values.map(() => false);
  const best = better === 'higher' ? Math.max(...known) : Math.min(...known);
  return values.map((v) => v !== null && v === best);
};

export const matrixView = (ctx: ViewContext): MatrixSuite[] => {
  const { f, t, data } = ctx;
  const suites = [...new Set(ctx.communities.flatMap((c) => c.suites))];
  return suites.map((suite): MatrixSuite => {
    const cells = data.summary.cells.filter((c) => c.suite === suite);
    const energy = cells.map((c) => ctx.cellEnergy(c.suite, c.model));
    const column = (values: (number | null)[], better: 'higher' | 'lower', text: (v: number | null, i: number) => string, note?: (i: number) => string | null) => {
      const best = markBest(values, better);
      return values.map((v, i): Figure => ({ text: text(v, i), best: best[i]!, note: note?.(i) ?? null }));
    };
    const interval = (i: number): string | null => {
      const iv = data.summary.intervals?.find((x) => x.suite === suite && x.model === cells[i]!.model)?.passRate;
      return iv ? t.t('matrix.interval', { lo: f.percent(iv[0]), hi: f.percent(iv[1]) }) : null;
    };
    const pass = column(cells.map((c) => c.passRate), 'higher', (v) => f.percent(v), interval);
    const score = column(cells.map((c) => c.meanScore), 'higher', (v) => f.score(v));
    const p50 = column(cells.map((c) => c.latencyMs.p50), 'lower', (v) => f.durationMs(v));
    const p95 = column(cells.map((c) => c.latencyMs.p95), 'lower', (v) => f.durationMs(v));
    const ttft = column(cells.map((c) => c.ttftMs.p50), 'lower', (v) => f.durationMs(v));
    // Unknown energy names the missing fact (a remote model's size in energy.modelSizes), not only « non mesurée ».
    const unknownWhy = (i: number): string | null => {
      const u = cells[i]!.energy?.unknown?.[0];
      if (!u) return null;
      return u.reason === 'model-size-unknown' && u.missing ? t.t('energy.unknownModelSize', { setting: u.missing.setting, model: u.missing.key }) : u.reason;
    };
    const wh = column(energy.map((e) => e?.whPerCase ?? null), 'lower',
      (v) => (v === null ? t.t('energy.notMeasured') : whText(ctx, v)), (i) => (energy[i]?.whPerCase == null ? unknownWhy(i) : ctx.energyHow(energy[i]!)));
    const g = column(energy.map((e) => e?.gCo2ePerCase ?? null), 'lower', (v) => gText(ctx, v),
      (i) => (energy[i]?.carbonComputed && energy[i]?.gCo2ePerCase != null ? t.t('energy.carbonComputed', { intensity: f.approx(ctx.carbon.gPerKwh) }) : null));
    const cost = column(cells.map((c) => c.cost?.perCase ?? null), 'lower', (v, i) => f.money(v, cells[i]!.cost?.currency ?? 'EUR'));
    const first = cells[0];
    const translated = cells.filter((c) => c.translation);
    // One decimal on sacreBLEU's 0–100 scale, as sacreBLEU prints its scores.
    const oneDecimal = new Intl.NumberFormat(f.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const corpusColumn = (pick: (c: (typeof cells)[number]) => number | null, better: 'higher' | 'lower') =>
      column(translated.map(pick), better, (v) => (v === null ? '—' : oneDecimal.format(v)));
    const chrF = corpusColumn((c) => c.translation?.chrF ?? null, 'higher');
    const chrFpp = corpusColumn((c) => c.translation?.chrFpp ?? null, 'higher');
    const bleu = corpusColumn((c) => c.translation?.bleu ?? null, 'higher');
    const ter = corpusColumn((c) => c.translation?.ter ?? null, 'lower');
    const sig = translated[0]?.translation?.signatures;
    return {
      corpus: translated.length > 0 && sig
        ? {
            rows: translated.map((c, i) => ({ model: ctx.modelLabel(c.model), chrF: chrF[i]!, chrFpp: chrFpp[i]!, bleu: bleu[i]!, ter: ter[i]! })),
            signatures: `chrF ${sig.chrF} · chrF++ ${sig.chrFpp} · BLEU ${sig.bleu} · TER ${sig.ter}`,
          }
        : null,
      title: ctx.suiteTitle(suite),
      community: ctx.communityTitle(first?.community ?? ''),
      classification: ctx.classificationLabel(data.manifest.suites.find((s) => s.id === suite)?.classification),
      rows: cells.map((c, i) => ({
        model: ctx.modelLabel(c.model),
        cases: f.integer(c.n),
        errors: c.errors > 0 ? t.n('matrix.errors', c.errors, { count: f.integer(c.errors) }) : null,
        truncated: c.truncated ? t.n('matrix.truncated', c.truncated, { count: f.integer(c.truncated) }) : null,
        passRate: pass[i]!, meanScore: score[i]!, latencyP50: p50[i]!, latencyP95: p95[i]!, ttftP50: ttft[i]!,
        wh: wh[i]!, gCo2e: g[i]!, cost: cost[i]!,
      })),
    };
  });
};
