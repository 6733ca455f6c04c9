/**
 * Data of the two charts and of their text alternatives (a table with the same numbers): accuracy
 * against energy per community with its Pareto front, and the latency distribution per model. Pure:
 * `charts/*.ts` turn this into vega-lite specs at render time.
 */
import { percentile } from '../stats/percentile.js';
import { aggregateModels } from './aggregate.js';
import { modelKind } from './model-kind.js';
import { paretoFront } from './pareto.js';
import type { ViewContext } from './view-context.js';
import { whText } from './view-energy.js';

export type AccuracyEnergyPoint = { label: string; wh: number; passRate: number; onFront: boolean };
export type AccuracyEnergyRow = { label: string; passRate: string; wh: string; how: string; front: string };

export type AccuracyEnergyChart = {
  id: string;
  title: string;
  available: boolean;
  logScale: boolean;
  xTitle: string;
  yTitle: string;
  caption: string;
  points: AccuracyEnergyPoint[];
  /** The front's points by increasing energy: the line drawn. */
  front: { wh: number; passRate: number }[];
  rows: AccuracyEnergyRow[];
};

export type LatencyBox = { label: string; min: number; p25: number; p50: number; p75: number; p95: number; max: number };
export type LatencyRow = { label: string; n: string; min: string; p25: string; p50: string; p75: string; p95: string; max: string };
export type LatencyChart = { id: string; available: boolean; logScale: boolean; xTitle: string; caption: string; boxes: LatencyBox[]; rows: LatencyRow[] };

/** Spread beyond which a logarithmic axis reads better (a frugal model at 0,002 Wh next to one at 0,8). */
const LOG_RATIO = 20;
const wantsLog = (xs: number[]): boolean => xs.length > 1 && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) > LOG_RATIO;

/**
 * One chart per suite (a front drawn through models that ran different cases would compare what
 * cannot be compared), for the suites where at least two models have both a pass rate and an
 * energy; calibration baselines are left out (they answer from the case itself).
 */
const accuracyEnergy = (ctx: ViewContext): AccuracyEnergyChart[] => {
  const { t, f } = ctx;
  const suites = ctx.communities.flatMap((c) => c.suites);
  return suites.flatMap((suite, i) => {
    const cells = ctx.data.summary.cells.filter((c) => c.suite === suite && !isCalibration(ctx, c.model));
    const models = aggregateModels(cells, ctx.energyMap);
    const known = models.filter((m) => m.passRate !== null && m.energy?.whPerCase != null);
    if (known.length < 2) return [];
    const front = new Set(paretoFront(known.map((m) => ({ key: m.model, energy: m.energy!.whPerCase!, accuracy: m.passRate! }))));
    // The label says « estimée » or « mesurée »: the chart never passes an estimate off as a measurement.
    const points = known.map((m) => ({
      label: chartLabel(`${ctx.modelLabel(m.model)} · ${t.t(m.energy!.measured ? 'energy.measured' : 'energy.estimated')}`),
      wh: m.energy!.whPerCase!, passRate: m.passRate!, onFront: front.has(m.model),
    }));
    const logScale = wantsLog(points.map((p) => p.wh));
    const community = cells[0]?.community ?? '';
    return [{
      id: `graphique-energie-${i + 1}`,
      title: t.t('charts.suiteTitle', { suite: ctx.suiteTitle(suite), community: ctx.communityTitle(community) }),
      available: true,
      logScale,
      xTitle: t.t(logScale ? 'charts.energyAxisLog' : 'charts.energyAxis'),
      yTitle: t.t('charts.passRateAxis'),
      caption: t.t('charts.accuracyEnergyCaption'),
      points,
      front: points.filter((p) => p.onFront).sort((a, b) => a.wh - b.wh).map((p) => ({ wh: p.wh, passRate: p.passRate })),
      rows: models.map((m) => ({
        label: ctx.modelLabel(m.model),
        passRate: f.percent(m.passRate),
        wh: m.energy?.whPerCase == null ? t.t('energy.notMeasured') : whText(ctx, m.energy.whPerCase),
        how: ctx.energyHow(m.energy),
        front: front.has(m.model) ? t.t('common.yes') : t.t('common.no'),
      })),
    }];
  });
};

const isCalibration = (ctx: ViewContext, id: string): boolean => modelKind(ctx.data.manifest.models.find((m) => m.id === id), id) === 'calibration';

/** Chart labels are never cut: a long one is broken, at spaces, into lines of about 22 characters (joined by \n). */
export const chartLabel = (text: string, width = 22): string => {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
};

const latency = (ctx: ViewContext): LatencyChart => {
  const { t, f } = ctx;
  const byModel = new Map<string, number[]>();
  for (const d of ctx.data.digest.cells.filter((c) => !isCalibration(ctx, c.model))) byModel.set(d.model, [...(byModel.get(d.model) ?? []), ...d.latenciesMs]);
  const boxes: (LatencyBox & { n: number; name: string })[] = [];
  for (const [model, values] of byModel) {
    const s = [...values].sort((a, b) => a - b);
    if (s.length === 0) continue;
    const q = (p: number) => percentile(s, p)!;
    boxes.push({ label: chartLabel(ctx.modelLabel(model)), name: ctx.modelLabel(model), n: s.length, min: s[0]!, p25: q(25), p50: q(50), p75: q(75), p95: q(95), max: s[s.length - 1]! });
  }
  const logScale = wantsLog(boxes.flatMap((b) => [b.min, b.max]));
  return {
    id: 'graphique-latence',
    available: boxes.length > 0,
    logScale,
    xTitle: t.t(logScale ? 'charts.latencyAxisLog' : 'charts.latencyAxis'),
    caption: t.t('charts.latencyCaption'),
    boxes: boxes.map(({ n: _n, name: _name, ...box }) => box),
    rows: boxes.map((b) => ({
      label: b.name, n: f.integer(b.n), min: f.durationMs(b.min), p25: f.durationMs(b.p25), p50: f.durationMs(b.p50),
      p75: f.durationMs(b.p75), p95: f.durationMs(b.p95), max: f.durationMs(b.max),
    })),
  };
};

export const chartsView = (ctx: ViewContext) => ({ accuracyEnergy: accuracyEnergy(ctx), latency: latency(ctx) });
export type ChartsView = ReturnType<typeof chartsView>;
