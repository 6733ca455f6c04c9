/**
 * The pages of the web observatory besides the home page: runs with filters, the choice of two
 * runs to compare, the history of one case. View models built from the store, rendered by strict
 * Handlebars templates (every value escaped). French only, like the committee's pages by default.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { createFormat } from '../report/format.js';
import { runHeadlines } from '../store/observatory/queries.js';
import type { ObservatoryStore, RunRecord } from '../store/observatory/types.js';
import { PER_REQUESTS } from '../report/index-view.js';
import { pageCsp } from './headers.js';

const here = (path: string): URL => new URL(path, import.meta.url);
const read = (path: string): string => readFileSync(here(path), 'utf8');

const hb = Handlebars.create();
for (const file of readdirSync(here('./templates/'))) {
  if (file.startsWith('layout-')) hb.registerPartial(file.slice(0, -4), read(`./templates/${file}`));
}
const templates = new Map<string, Handlebars.TemplateDelegate>();
const render = (name: string, view: Record<string, unknown>): string => {
  let tpl = templates.get(name);
  if (!tpl) templates.set(name, (tpl = hb.compile(read(`./templates/${name}.hbs`), { strict: true })));
  return tpl({ ...view, css: new Handlebars.SafeString(read('../report/styles.css')), csp: new Handlebars.SafeString(pageCsp) });
};

const f = createFormat({ lang: 'fr' });
export const reportHref = (runId: string): string => `/campagnes/${encodeURIComponent(runId)}/rapport`;
export const compareHref = (a: string, b: string): string => `/comparer?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
const state = (r: RunRecord) => (r.interrupted ? 'interrompue' : r.complete ? 'complète' : 'inachevée');

export type RunsQuery = { community?: string; model?: string; suite?: string; from?: string; to?: string };

/** Every community, model and suite the store knows (calibration baselines included in the choice of models). */
const choices = async (store: ObservatoryStore) => {
  const cells = await store.cells();
  const distinct = (xs: string[]) => [...new Set(xs)].sort();
  return { communities: distinct(cells.map((c) => c.community)), models: distinct(cells.map((c) => c.modelId)), suites: distinct(cells.map((c) => c.suiteId)) };
};
const options = (values: string[], selected: string | undefined) => values.map((value) => ({ value, selected: value === selected }));

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const runsPage = async (store: ObservatoryStore, q: RunsQuery): Promise<string> => {
  const filter = { ...(q.community ? { community: q.community } : {}), ...(q.model ? { model: q.model } : {}), ...(q.suite ? { suite: q.suite } : {}) };
  const from = q.from && DATE.test(q.from) ? q.from : undefined;
  const to = q.to && DATE.test(q.to) ? q.to : undefined;
  const all = await runHeadlines(store, filter);
  const heads = all.filter((h) => (!from || h.run.createdAt.slice(0, 10) >= from) && (!to || h.run.createdAt.slice(0, 10) <= to));
  const per = (x: number | null) => (x === null ? null : x * PER_REQUESTS);
  const rows = heads.flatMap((h, i) => {
    const previous = heads[i + 1];
    return h.perModel.map((m) => ({
      date: f.compactDate(h.run.createdAt), runId: h.run.runId, reportHref: reportHref(h.run.runId), model: m.modelId, state: state(h.run),
      cases: f.integer(m.figures.n), passRate: f.percent(m.figures.passRate),
      interval: m.figures.passRateInterval ? `${f.percent(m.figures.passRateInterval[0])} – ${f.percent(m.figures.passRateInterval[1])}` : '—',
      latency: f.durationMs(m.figures.latencyP50Ms), energy: f.withUnit(per(m.figures.energyWhPerCase), 'Wh'), co2: f.withUnit(per(m.figures.gCo2ePerCase), 'g'),
      compareHref: previous ? compareHref(previous.run.runId, h.run.runId) : null, compareLabel: previous ? `avec ${previous.run.runId}` : '',
    }));
  });
  const c = await choices(store);
  return render('runs', {
    title: 'Campagnes',
    caption: `${f.integer(heads.length)} campagne(s)`,
    rows,
    filter: { from: from ?? '', to: to ?? '' },
    options: { communities: options(c.communities, q.community), models: options(c.models, q.model), suites: options(c.suites, q.suite) },
  });
};

export const compareFormPage = async (store: ObservatoryStore, q: { a?: string; b?: string }, message: string | null): Promise<string> => {
  const runs = await store.listRuns();
  const b = q.b ?? runs[0]?.runId;
  const a = q.a ?? runs[1]?.runId;
  return render('compare-form', {
    title: 'Comparer deux campagnes',
    message,
    runs: runs.map((r) => ({ value: r.runId, label: `${r.runId} (${f.compactDate(r.createdAt)})`, selectedA: r.runId === a, selectedB: r.runId === b })),
  });
};

const STATUS = { passed: 'réussi', failed: 'échoué', error: 'erreur' } as const;

export const casePage = async (store: ObservatoryStore, q: { suite?: string; caseId?: string; model?: string }): Promise<string> => {
  const asked = Boolean(q.suite && q.caseId);
  const lines = asked ? await store.caseHistory(q.suite!, q.caseId!, q.model ? { model: q.model } : {}) : [];
  const runs = new Map<string, RunRecord>();
  for (const id of new Set(lines.map((l) => l.runId))) {
    const run = await store.getRun(id);
    if (run) runs.set(id, run);
  }
  const c = await choices(store);
  return render('case', {
    title: 'Historique d’un cas',
    asked,
    query: { caseId: q.caseId ?? '' },
    caption: asked ? `Cas ${q.caseId} de la suite ${q.suite}${q.model ? `, modèle ${q.model}` : ''} : ${lines.length} résultat(s), de la plus ancienne campagne à la plus récente` : '',
    rows: lines.map((l) => ({
      date: f.compactDate(runs.get(l.runId)?.createdAt), runId: l.runId, reportHref: reportHref(l.runId), model: l.modelId, repeat: String(l.repeat),
      status: STATUS[l.status], score: f.score(l.score), latency: f.durationMs(l.latencyMs),
    })),
    options: { suites: options(c.suites, q.suite), models: options(c.models, q.model) },
  });
};

export const messagePage = (title: string, message: string, opts: { askToken?: boolean; path?: string } = {}): string =>
  render('message', { title, message, askToken: Boolean(opts.askToken), path: opts.path ?? '/' });
