/**
 * Renders views to HTML with Handlebars in strict mode (a missing field throws instead of printing
 * nothing). Templates only display: every figure is formatted by the view model. All data goes
 * through double-stash escaping; the only raw markup inserted is ours: the CSS, the filter script,
 * the CSP and the chart SVGs produced by vega (which escapes the labels it draws).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { accuracyEnergySpec } from './charts/accuracy-energy.js';
import { latencySpec } from './charts/latency.js';
import { renderSvg } from './charts/render-svg.js';
import { trendSpec } from './charts/trend.js';
import type { Lang } from './format.js';
import type { IndexView, TrendChart } from './index-view.js';
import { createTranslator } from './messages.js';
import type { RunView } from './view-model.js';
import { COMPILE_OPTIONS, loadPrecompiled, type PrecompiledTemplates } from './templates-compiled.js';

const here = (path: string): URL => new URL(path, import.meta.url);
const read = (path: string): string => readFileSync(here(path), 'utf8');

/**
 * Templates to render with: precompiled (dist/, templates-compiled.ts), or null to compile them
 * now; by default, the precompiled ones when they exist.
 */
export type RenderOptions = { templates?: PrecompiledTemplates | null };

const templatesOf = async (opts: RenderOptions): Promise<PrecompiledTemplates | null> => (opts.templates === undefined ? loadPrecompiled() : opts.templates);

/** One Handlebars environment per language, so the `t` helper never leaks between renders. */
const createEnv = (lang: Lang, pre: PrecompiledTemplates | null) => {
  const hb = Handlebars.create();
  const { label } = createTranslator(lang);
  hb.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => label(key, options.hash as Record<string, string>));
  if (pre) {
    for (const [name, spec] of Object.entries(pre.partials)) hb.registerPartial(name, hb.template(spec));
  } else {
    for (const file of readdirSync(here('./templates/partials/'))) {
      if (file.endsWith('.hbs')) hb.registerPartial(file.slice(0, -4), read(`./templates/partials/${file}`));
    }
  }
  return (name: string) => {
    const spec = pre?.templates[name];
    return spec ? hb.template(spec) : hb.compile(read(`./templates/${name}`), COMPILE_OPTIONS);
  };
};

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * No network at all, and only our own script (by hash): even if escaping failed somewhere, an
 * injected script would not run and nothing could leave the page.
 */
export const csp = (script: string | null): string =>
  [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    script === null ? "script-src 'none'" : `script-src 'sha256-${sha256(script)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

const raw = (html: string) => new Handlebars.SafeString(html);

export const renderRunReport = async (view: RunView, opts: RenderOptions = {}): Promise<string> => {
  const script = read('./filter.js');
  const accuracyEnergy = await Promise.all(
    view.charts.accuracyEnergy.map(async (c) => ({
      ...c,
      svg: c.available ? raw(await renderSvg(accuracyEnergySpec(c), view.lang, `${c.id}-legende`)) : null,
    })),
  );
  const l = view.charts.latency;
  const latency = { ...l, svg: l.available ? raw(await renderSvg(latencySpec(l), view.lang, `${l.id}-legende`)) : null };
  return createEnv(view.lang, await templatesOf(opts))('report.hbs')({
    ...view,
    charts: { accuracyEnergy, latency },
    css: raw(read('./styles.css')),
    script: raw(script),
    csp: raw(csp(script)),
  });
};

/** The observatory home page: every chart rendered to inline SVG, no script, same CSP as the run report. */
export const renderReportsIndex = async (view: IndexView, opts: RenderOptions = {}): Promise<string> => {
  const svg = async (chart: TrendChart, bars = false) =>
    ({ ...chart, svg: chart.points.some((p) => p.value !== null) ? raw(await renderSvg(trendSpec(chart, { bars }), view.lang, `${chart.id}-legende`)) : null });
  const communities = [];
  for (const c of view.communities) communities.push({ ...c, chart: await svg(c.chart) });
  const m = view.models;
  const models = { ...m, passRate: await svg(m.passRate), latency: await svg(m.latency), energy: await svg(m.energy), co2: await svg(m.co2) };
  const egress = { ...view.egress, chart: await svg(view.egress.chart, true) };
  return createEnv(view.lang, await templatesOf(opts))('index.hbs')({ ...view, communities, models, egress, css: raw(read('./styles.css')), csp: raw(csp(null)) });
};
