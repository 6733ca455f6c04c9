/**
 * Run data → everything the report page shows, every figure already formatted for the language:
 * the templates only display. Pure: no I/O, no clock (the run's own dates are used).
 */
import type { FormatOptions } from './format.js';
import { chartsView } from './view-charts.js';
import { createViewContext } from './view-context.js';
import { decisionView } from './view-decision.js';
import { detailsView } from './view-details.js';
import { glossaryView } from './view-glossary.js';
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
  // The run id is stamped from manifest.createdAt (store/run-folder.ts, Paris time): the title uses
  // the same instant so that the two always agree.
  const date = f.date(manifest.createdAt || summary.startedAt);
  const suites = new Set(summary.cells.map((c) => c.suite)).size;
  const models = new Set(summary.cells.map((c) => c.model)).size;
  const cases = summary.cells.reduce((n, c) => n + c.n, 0);
  return {
    lang: opts.lang,
    title: t.t('page.title', { date }),
    runId: manifest.runId || summary.runId,
    timeNote: t.t('page.timeZone'),
    statusNote: summary.interrupted ? t.t('page.interrupted') : summary.complete ? null : t.t('page.incomplete'),
    headline: [
      t.n('page.suites', suites, { count: f.integer(suites) }),
      t.n('page.models', models, { count: f.integer(models) }),
      t.n('page.cases', cases, { count: f.integer(cases) }),
    ],
    decision: decisionView(ctx),
    synthesis: synthesisView(ctx),
    matrix: matrixView(ctx),
    charts: chartsView(ctx),
    details: detailsView(ctx, opts.maxTextChars),
    methodology: methodologyView(ctx),
    glossary: glossaryView(ctx),
    sovereignty: sovereigntyView(ctx),
  };
};

export type RunView = ReturnType<typeof buildRunView>;
