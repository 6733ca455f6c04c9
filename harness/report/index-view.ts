/**
 * The observatory home page (`reports/index.html`, and `/` of `serve`): newest runs with one line
 * per candidate model, then trends per community and per model over time, egress per
 * classification and the suite changes that explain a break in a curve. Pure: the figures come
 * from `home-data.ts`, links from the caller. A pass rate never mixes models, and calibration
 * baselines never appear in a figure.
 */
import type { EgressTotal, ModelFigures, TrendPoint } from '../store/observatory/queries.js';
import { createFormat, DASH, type FormatOptions } from './format.js';
import type { HomeData, HomeLinks } from './home-data.js';
import { createTranslator } from './messages.js';

/** Requests are counted per 100: a figure a committee can picture (one service, one morning). */
export const PER_REQUESTS = 100;

/** One point of a chart: a run of one model. `value` null is drawn as a gap. */
export type ChartPoint = { date: string; runId: string; model: string; value: number | null; low?: number | null; high?: number | null };
export type ChartMarker = { date: string; label: string };
export type TrendChart = { id: string; caption: string; yTitle: string; percent: boolean; points: ChartPoint[]; markers: ChartMarker[] };

export type FigureCells = { passRate: string; interval: string; latency: string; energy: string; co2: string; method: string; cases: string };

export type RunRow = FigureCells & { date: string; runId: string; model: string; state: string; reportHref: string | null; reportNote: string; compareHref: string | null; compareLabel: string };
export type TrendRow = FigureCells & { date: string; runId: string; model: string; egress: string; marker: string };

const isoDate = (iso: string): string => iso.slice(0, 10);

export const buildIndexView = (data: HomeData, links: HomeLinks, opts: FormatOptions) => {
  const t = createTranslator(opts.lang);
  const f = createFormat(opts);
  const per = (x: number | null) => (x === null ? null : x * PER_REQUESTS);
  const cells = (x: ModelFigures): FigureCells => ({
    cases: f.integer(x.n),
    passRate: f.percent(x.passRate),
    interval: x.passRateInterval ? `${f.percent(x.passRateInterval[0])} – ${f.percent(x.passRateInterval[1])}` : DASH,
    latency: f.durationMs(x.latencyP50Ms),
    energy: f.withUnit(per(x.energyWhPerCase), 'Wh'),
    co2: f.withUnit(per(x.gCo2ePerCase), 'g'),
    method: x.energyWhPerCase === null ? DASH : x.energyMethods.join(', ') || t.t('index.methodUnknown'),
  });
  const egressText = (rows: readonly EgressTotal[]): string =>
    rows.length === 0 ? t.t('index.egressNone') : rows.map((e) => t.t('index.egressLine', {
      classification: e.classification ?? t.t('index.egressUnclassified'), cases: f.integer(e.cases), bytes: e.bytes === null ? DASH : f.integer(e.bytes),
    })).join(' ; ');
  const state = (r: { complete: boolean; interrupted: boolean }) => t.t(r.interrupted ? 'run.interrupted' : r.complete ? 'run.complete' : 'run.incomplete');

  // Newest runs: one row per candidate model; the compare link goes to the run just before.
  const runs = data.runs.flatMap((h, i): RunRow[] => {
    const previous = data.runs[i + 1];
    const base = {
      date: f.compactDate(h.run.createdAt), runId: h.run.runId, state: state(h.run), reportHref: links.report(h.run),
      reportNote: ((dir) => (dir ? t.t('index.missing', { dir }) : t.t('index.noReport')))(links.unreportedFolder?.(h.run) ?? null),
      compareHref: previous ? links.compare(previous.run.runId, h.run.runId) : null,
      compareLabel: previous ? t.t('index.compareWith', { previous: previous.run.runId }) : DASH,
    };
    if (h.perModel.length === 0) {
      const none = { cases: DASH, passRate: DASH, interval: DASH, latency: DASH, energy: DASH, co2: DASH, method: DASH };
      return [{ ...base, ...none, model: t.t('index.onlyCalibration', { models: h.calibration.join(', ') || DASH }) }];
    }
    return h.perModel.map((m) => ({ ...base, model: m.modelId, ...cells(m.figures) }));
  });

  const markersFor = (community: string | null): ChartMarker[] =>
    data.suiteChanges.filter((c) => community === null || c.community === community)
      .map((c) => ({ date: isoDate(c.createdAt), label: t.t('index.suiteChanged', { suite: c.suiteId }) }));
  const markerText = (p: TrendPoint, community: string | null): string =>
    data.suiteChanges.filter((c) => c.runId === p.runId && (community === null || c.community === community))
      .map((c) => t.t('index.suiteChangedLong', { suite: c.suiteId, before: c.before.slice(0, 8), after: c.after.slice(0, 8) })).join(' ; ');
  const row = (p: TrendPoint, community: string | null): TrendRow => ({
    date: f.compactDate(p.createdAt), runId: p.runId, model: p.modelId, ...cells(p.figures), egress: egressText(p.egress), marker: markerText(p, community),
  });
  const ratePoints = (points: readonly TrendPoint[]): ChartPoint[] => points.map((p) => ({
    date: isoDate(p.createdAt), runId: p.runId, model: p.modelId, value: p.figures.passRate,
    low: p.figures.passRateInterval?.[0] ?? null, high: p.figures.passRateInterval?.[1] ?? null,
  }));
  const passChart = (id: string, caption: string, points: readonly TrendPoint[], community: string | null): TrendChart => ({
    id, caption, yTitle: t.t('index.passRate'), percent: true, points: ratePoints(points), markers: markersFor(community),
  });

  const communityNames = [...new Set(data.communityTrends.map((p) => p.community ?? ''))].sort();
  const communities = communityNames.map((name, i) => {
    const points = data.communityTrends.filter((p) => p.community === name);
    return {
      name,
      chart: passChart(`tendance-communaute-${i}`, t.t('index.communityChart', { community: name || DASH }), points, name),
      rows: points.map((p) => row(p, name)),
    };
  });

  const metric = (id: string, caption: string, yTitle: string, pick: (x: ModelFigures) => number | null): TrendChart => ({
    id, caption, yTitle, percent: false, markers: markersFor(null),
    points: data.modelTrends.map((p) => ({ date: isoDate(p.createdAt), runId: p.runId, model: p.modelId, value: pick(p.figures) })),
  });
  const models = {
    passRate: passChart('tendance-modeles-reussite', t.t('index.modelPassChart'), data.modelTrends, null),
    latency: metric('tendance-modeles-latence', t.t('index.latencyChart'), t.t('index.latencyAxis'), (x) => x.latencyP50Ms),
    energy: metric('tendance-modeles-energie', t.t('index.energyChart', { per: PER_REQUESTS }), t.t('index.energyAxis'), (x) => per(x.energyWhPerCase)),
    co2: metric('tendance-modeles-co2', t.t('index.co2Chart', { per: PER_REQUESTS }), t.t('index.co2Axis'), (x) => per(x.gCo2ePerCase)),
    rows: data.modelTrends.map((p) => row(p, null)),
  };

  const classifications = [...new Set(data.egress.flatMap((r) => r.egress.map((e) => e.classification ?? t.t('index.egressUnclassified'))))].sort();
  const egress = {
    chart: {
      id: 'sorties-par-classification', caption: t.t('index.egressChart'), yTitle: t.t('index.egressAxis'), percent: false, markers: [],
      points: data.egress.flatMap((r) => r.egress.map((e) => ({ date: isoDate(r.createdAt), runId: r.runId, model: e.classification ?? t.t('index.egressUnclassified'), value: e.cases }))),
    } satisfies TrendChart,
    classifications,
    rows: [...data.egress].reverse().map((r) => ({
      date: f.compactDate(r.createdAt), runId: r.runId,
      values: classifications.map((c) => {
        const e = r.egress.find((x) => (x.classification ?? t.t('index.egressUnclassified')) === c);
        return e ? t.t('index.egressCell', { cases: f.integer(e.cases), bytes: e.bytes === null ? DASH : f.integer(e.bytes) }) : DASH;
      }),
    })),
  };

  const changes = [...data.suiteChanges].reverse().map((c) => ({
    date: f.compactDate(c.createdAt), runId: c.runId, suite: c.suiteId, community: c.community, before: c.before.slice(0, 12), after: c.after.slice(0, 12),
  }));

  return {
    lang: opts.lang,
    per: PER_REQUESTS,
    /** Links to the other pages of `serve`; false on the static page. */
    serveNav: false,
    caption: t.n('index.caption', data.runs.length, { count: f.integer(data.runs.length) }),
    empty: data.runs.length === 0,
    calibrationNote: data.runs.some((h) => h.calibration.length > 0) ? t.t('index.calibrationNote') : null,
    runs,
    communities,
    models,
    egress,
    changes,
  };
};

export type IndexView = ReturnType<typeof buildIndexView>;
