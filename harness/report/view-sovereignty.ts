/**
 * « Qui a vu quelles données ? »: a section that renders only when the run folder has an
 * egress.json (the ledger written by sovereignty/egress.ts): every host that received case data,
 * the policy's refusals and the exceptions asked for. Also the one-line data verdict of each
 * community in the synthesis. Pure.
 */
import { DASH } from './format.js';
import type { ViewContext } from './view-context.js';

/** Hostings where data stays with the city (product brief: « Sur ce poste », « Serveurs de la collectivité »). */
const AT_HOME = ['local', 'on-prem'];

export type EgressRow = { host: string; hosting: string; models: string; suites: string; cases: string; redactions: string; size: string };
export type SovereigntyView = { rows: EgressRow[]; refusals: string[]; overrides: string[] };

export const sovereigntyView = (ctx: ViewContext): SovereigntyView | null => {
  const { egress } = ctx.data;
  if (egress === null) return null;
  const { t, f } = ctx;
  const hosting = (h: string | undefined) => (h ? (t.maybe(`hosting.${h}`) ?? h) : DASH);
  return {
    rows: egress.hosts.map((h) => ({
      host: h.host,
      hosting: hosting(h.hosting),
      models: h.models.map(ctx.modelLabel).join(', ') || DASH,
      suites: h.suites.map(ctx.suiteTitle).join(', ') || DASH,
      cases: Object.entries(h.cases).map(([c, n]) => `${ctx.classificationLabel(c)}${t.t('common.colon')}${f.integer(n)}`).join(' ; ') || DASH,
      redactions: f.integer(h.redactions),
      size: typeof h.bytes === 'number' ? f.withUnit(h.bytes / 1000, t.t('units.kb')) : DASH,
    })),
    // The policy writes its reasons in French: another language gets the catalogue's own words.
    refusals: egress.refusals.map((r) =>
      t.t('sovereignty.refusal', {
        suite: ctx.suiteTitle(r.suite), model: ctx.modelLabel(r.model), cases: f.integer(r.cases),
        reason: t.lang === 'fr' && r.reason ? r.reason : t.t('sovereignty.refusalReason'),
      })),
    overrides: egress.overrides.map((o) =>
      t.t('sovereignty.override', { suite: ctx.suiteTitle(o.suite), model: ctx.modelLabel(o.model), by: o.by ?? DASH, at: f.date(o.at) })),
  };
};

/** Where a community's data went, in one sentence; null without an egress ledger. */
export const communityDataNote = (ctx: ViewContext, suites: readonly string[]): string | null => {
  const { egress } = ctx.data;
  if (egress === null) return null;
  const hosts = egress.hosts.filter((h) => h.suites.some((s) => suites.includes(s)));
  const away = hosts.filter((h) => !AT_HOME.includes(h.hosting ?? ''));
  if (away.length === 0) return ctx.t.t('synthesis.dataHome');
  const list = away.map((h) => `${h.hosting ? (ctx.t.maybe(`hosting.${h.hosting}`) ?? h.hosting) : DASH} (${h.host})`).join(', ');
  return ctx.t.t('synthesis.dataAway', { list });
};

/**
 * Where a community's case data went, in a few words for the first screen: from the egress ledger
 * when the run has one, else from the hosting of every model that ran the community's suites.
 */
export const dataWhere = (ctx: ViewContext, suites: readonly string[]): string => {
  const { t, data } = ctx;
  const hostingText = (h: string | undefined) => (h ? (t.maybe(`hosting.${h}`) ?? h) : t.t('common.unknown'));
  let places: { hosting: string | undefined; host: string | null }[];
  if (data.egress !== null) {
    places = data.egress.hosts.filter((h) => h.suites.some((s) => suites.includes(s))).map((h) => ({ hosting: h.hosting, host: h.host }));
  } else {
    const models = new Set(data.summary.cells.filter((c) => suites.includes(c.suite)).map((c) => c.model));
    places = [...models].map((id) => ({ hosting: data.manifest.models.find((m) => m.id === id)?.hosting, host: null }));
  }
  if (places.every((p) => p.hosting === 'local')) return t.t('decision.dataLocal');
  const away = places.filter((p) => !AT_HOME.includes(p.hosting ?? ''));
  if (away.length === 0) return t.t('decision.dataHome');
  const list = [...new Set(away.map((p) => (p.host ? `${hostingText(p.hosting)} (${p.host})` : hostingText(p.hosting))))].join(', ');
  return t.t('decision.dataAway', { list });
};
