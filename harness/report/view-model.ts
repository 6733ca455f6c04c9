/**
 * Run data → everything the report page shows, every figure already formatted for the language:
 * the templates only display. Pure: no I/O, no clock (the run's own dates are used).
 */
import type { FormatOptions } from './format.js';
import { chartsView } from './view-charts.js';
import { createViewContext } from './view-context.js';
import { detailsView } from './view-details.js';
import { matrixView } from './view-matrix.js';
import { methodologyView } from './view-methodology.js';
import { sovereigntyView } from './view-sovereignty.js';
import { synthesisView } from './view-synthesis.js';
import type { RunData } from './view-types.js';

export type ViewOptions = FormatOptions & { maxTextChars?: number };

export const buildRunView = (data: RunData, opts: ViewOptions) => {
  const ctx = createViewContext(data, opts);
  const { t, f } = ctx;
  const { summary, manifest } = data;
  const date = f.date(summary.startedAt || manifest.createdAt);
  const totals = summary.totals;
  const suites = new Set(summary.cells.map((c) => c.suite)).size;
  const models = new Set(summary.cells.map((c) => c.model)).size;
  return {
    lang: opts.lang,
    title: t.t('page.title', { date }),
    runId: manifest.runId || summary.runId,
    statusNote: summary.interrupted ? t.t('page.interrupted') : summary.complete ? null : t.t('page.incomplete'),
    headline: [
      t.n('page.suites', suites, { count: f.integer(suites) }),
      t.n('page.models', models, { count: f.integer(models) }),
      t.n('page.cases', totals.n, { count: f.integer(totals.n) }),
      t.t('page.passRate', { pass: f.percent(totals.n === 0 ? null : totals.passed / totals.n) }),
    ],
    synthesis: synthesisView(ctx),
    matrix: matrixView(ctx),
    charts: chartsView(ctx),
    details: detailsView(ctx, opts.maxTextChars),
    methodology: methodologyView(ctx),
    sovereignty: sovereigntyView(ctx),
  };
};

export type RunView = ReturnType<typeof buildRunView>;
