/**
 * The synthesis: one block per community with the recommended (frugal) model, the most accurate
 * one, a verdict in plain words, traffic-light badges with text, and energy made concrete.
 * Uses summary.json's recommendations when present, else the report's own pick (said so). Pure.
 */
import { aggregateModels, type CommunityAggregate, type ModelAggregate } from './aggregate.js';
import { fallbackPick } from './fallback-pick.js';
import type { Badge, ViewContext } from './view-context.js';
import { energyRatio, energyView, type EnergyView } from './view-energy.js';
import { communityDataNote } from './view-sovereignty.js';

export type ModelCard = { label: string; hosting: string; badge: Badge; passRate: string; meanScore: string; cases: string; energy: EnergyView };
export type ModelLine = { label: string; badge: Badge; passRate: string; energy: EnergyView; isRecommended: boolean; isMostAccurate: boolean };
export type SuiteVerdict = { title: string; text: string };

export type CommunityBlock = {
  anchor: string;
  title: string;
  suitesText: string;
  verdict: string;
  reason: string;
  /** Shown when the pick was made without a statistical test. */
  methodNote: string | null;
  warning: string | null;
  /** Where the community's data went, when the run has an egress ledger. */
  dataNote: string | null;
  targetText: string;
  recommended: ModelCard | null;
  mostAccurate: ModelCard | null;
  models: ModelLine[];
  suiteVerdicts: SuiteVerdict[];
  energyHungry: string | null;
};

const card = (ctx: ViewContext, m: ModelAggregate, community: string): ModelCard => ({
  label: ctx.modelLabel(m.model),
  hosting: ctx.hostingLabel(m.model),
  badge: ctx.badge(m.passRate, community),
  passRate: ctx.f.percent(m.passRate),
  meanScore: ctx.f.score(m.meanScore),
  // Every card says how many cases errored (issue 22 item 4): errors count as failures.
  cases: m.errors > 0 ? `${ctx.f.integer(m.n)} (${ctx.t.n('matrix.errors', m.errors, { count: ctx.f.integer(m.errors) })})` : ctx.f.integer(m.n),
  energy: energyView(ctx, m.energy),
});

const fallbackReason = (ctx: ViewContext, rec: ModelAggregate, best: ModelAggregate | undefined): string => {
  const { t, f } = ctx;
  const e = energyView(ctx, rec.energy);
  const params = { n: f.integer(rec.n), model: ctx.modelLabel(rec.model), pass: f.percent(rec.passRate), energy: e.perRequest, how: e.how };
  const first = t.t(e.known ? 'synthesis.reason' : 'synthesis.reasonNoEnergy', params);
  if (!best || best.model === rec.model) return `${first} ${t.t('synthesis.alsoMostAccurate')}`;
  const ratio = energyRatio(ctx, rec.energy, best.energy);
  const other = { model: ctx.modelLabel(best.model), pass: f.percent(best.passRate) };
  return `${first} ${ratio ? t.t('synthesis.bestCostsMore', { ...other, ratio }) : t.t('synthesis.best', other)}`;
};

const suiteVerdicts = (ctx: ViewContext, agg: CommunityAggregate): SuiteVerdict[] => {
  if (agg.suites.length < 2) return [];
  const given = ctx.data.summary.recommendations?.suites ?? [];
  return agg.suites.map((suite) => {
    const stats = given.find((r) => r.suite === suite);
    const cells = ctx.data.summary.cells.filter((c) => c.suite === suite);
    const picked = stats ? stats.recommended : fallbackPick(aggregateModels(cells, ctx.energyMap)).recommended;
    const model = picked ? ctx.modelLabel(picked) : ctx.t.t('synthesis.none');
    return { title: ctx.suiteTitle(suite), text: stats?.reason ? `${model} — ${stats.reason}` : model };
  });
};

export const synthesisView = (ctx: ViewContext): CommunityBlock[] =>
  ctx.communities.map((agg, i): CommunityBlock => {
    const { t, f } = ctx;
    const title = ctx.communityTitle(agg.community);
    const stats = ctx.data.summary.recommendations?.communities.find((r) => r.community === agg.community);
    const pick = fallbackPick(agg.models);
    const recId = stats ? stats.recommended : pick.recommended;
    // With statistics, the community names no « most accurate » model: its suites ran different cases.
    const bestId = stats ? (stats.mostAccurate ?? null) : pick.mostAccurate;
    const rec = agg.models.find((m) => m.model === recId);
    const best = agg.models.find((m) => m.model === bestId);
    const goal = ctx.target(agg.community);
    const anyGood = agg.models.some((m) => ctx.badge(m.passRate, agg.community).level === 'good');
    const sorted = [...agg.models].sort((a, b) => (b.passRate ?? -1) - (a.passRate ?? -1));
    return {
      anchor: `communaute-${i + 1}`,
      title,
      suitesText: t.n('synthesis.suites', agg.suites.length, { count: f.integer(agg.suites.length), list: agg.suites.map(ctx.suiteTitle).join(', ') }),
      verdict: recId ? t.t('synthesis.verdict', { community: title, model: ctx.modelLabel(recId) }) : t.t('synthesis.noVerdict', { community: title }),
      reason: stats?.reason ?? (rec ? fallbackReason(ctx, rec, best) : ''),
      methodNote: stats ? null : t.t('synthesis.noStats'),
      warning: anyGood ? null : t.t('synthesis.noneGood', { target: f.percent(goal.value) }),
      dataNote: communityDataNote(ctx, agg.suites),
      targetText: t.t(goal.declared ? 'synthesis.target' : 'synthesis.targetDefault', { target: f.percent(goal.value) }),
      recommended: rec ? card(ctx, rec, agg.community) : null,
      mostAccurate: best && best.model !== rec?.model ? card(ctx, best, agg.community) : null,
      models: sorted.map((m) => ({
        label: ctx.modelLabel(m.model),
        badge: ctx.badge(m.passRate, agg.community),
        passRate: f.percent(m.passRate),
        energy: energyView(ctx, m.energy),
        isRecommended: m.model === rec?.model,
        isMostAccurate: m.model === best?.model,
      })),
      suiteVerdicts: suiteVerdicts(ctx, agg),
      energyHungry: stats?.energyHungry?.length
        ? t.t('synthesis.energyHungry', { list: stats.energyHungry.map(ctx.modelLabel).join(', ') })
        : null,
    };
  });
