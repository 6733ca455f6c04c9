/**
 * The synthesis: one block per community with the recommended (frugal) model, the most accurate
 * one, a verdict in plain words, traffic-light badges with text, and energy made concrete.
 * Calibration baselines and demo models are listed, tagged, and never recommended. Pure.
 */
import type { ModelAggregate } from './aggregate.js';
import { fallbackPick } from './fallback-pick.js';
import { modelKind } from './model-kind.js';
import { suiteVerdictText } from './view-decision.js';
import { readVerdicts, type CommunityVerdict } from './verdicts.js';
import type { Badge, ViewContext } from './view-context.js';
import { energyRatio, energyView, type EnergyView } from './view-energy.js';
import { communityDataNote } from './view-sovereignty.js';

export type ModelCard = { label: string; hosting: string; badge: Badge; passRate: string; meanScore: string; cases: string; energy: EnergyView };
export type ModelLine = { label: string; kind: string | null; badge: Badge; passRate: string; energy: EnergyView; isRecommended: boolean; isMostAccurate: boolean };
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

const suiteVerdicts = (ctx: ViewContext, verdict: CommunityVerdict): SuiteVerdict[] =>
  verdict.suites.length < 2 ? [] : verdict.suites.map((v) => ({ title: ctx.suiteTitle(v.suite), text: suiteVerdictText(ctx, v) }));

const kindTag = (ctx: ViewContext, id: string): string | null => {
  const kind = modelKind(ctx.data.manifest.models.find((m) => m.id === id), id);
  return kind === 'candidate' ? null : ctx.t.t(`synthesis.kind.${kind}`);
};

/**
 * Per community, folded under its verdict: the recommended and most accurate models side by side
 * and every model tested. Verdicts come from `verdicts.ts`, the same as the first screen's.
 */
export const synthesisView = (ctx: ViewContext): CommunityBlock[] => {
  const verdicts = readVerdicts({ manifest: ctx.data.manifest, summary: ctx.data.summary, energy: ctx.energyMap, communities: ctx.communities });
  return ctx.communities.map((agg, i): CommunityBlock => {
    const { t, f } = ctx;
    const title = ctx.communityTitle(agg.community);
    const verdict = verdicts.find((v) => v.community === agg.community)!;
    const candidates = agg.models.filter((m) => kindTag(ctx, m.model) === null);
    const recId = verdict.model;
    // « Le plus précis » compares models on the same cases only: a community of one suite.
    const bestId = verdict.suites.length === 1 ? verdict.suites[0]!.best : null;
    const rec = agg.models.find((m) => m.model === recId);
    const best = candidates.find((m) => m.model === bestId);
    const goal = ctx.target(agg.community);
    const anyGood = candidates.some((m) => ctx.badge(m.passRate, agg.community).level === 'good');
    const sorted = [...agg.models].sort((a, b) => (b.passRate ?? -1) - (a.passRate ?? -1));
    return {
      anchor: `communaute-${i + 1}`,
      title,
      suitesText: t.n('synthesis.suites', agg.suites.length, { count: f.integer(agg.suites.length), list: agg.suites.map(ctx.suiteTitle).join(', ') }),
      verdict: recId ? t.t('synthesis.verdict', { community: title, model: ctx.modelLabel(recId) }) : t.t('synthesis.noVerdict', { community: title }),
      reason: rec ? fallbackReason(ctx, rec, best) : '',
      methodNote: recId !== null && verdict.suites.some((s) => !s.tested) ? t.t('synthesis.noStats') : null,
      warning: anyGood || candidates.length === 0 ? null : t.t('synthesis.noneGood', { target: f.percent(goal.value) }),
      dataNote: communityDataNote(ctx, agg.suites),
      targetText: t.t(goal.declared ? 'synthesis.target' : 'synthesis.targetDefault', { target: f.percent(goal.value) }),
      recommended: rec ? card(ctx, rec, agg.community) : null,
      mostAccurate: best && best.model !== rec?.model ? card(ctx, best, agg.community) : null,
      models: sorted.map((m) => ({
        label: ctx.modelLabel(m.model),
        kind: kindTag(ctx, m.model),
        badge: ctx.badge(m.passRate, agg.community),
        passRate: f.percent(m.passRate),
        energy: energyView(ctx, m.energy),
        isRecommended: m.model === rec?.model,
        isMostAccurate: m.model === best?.model,
      })),
      suiteVerdicts: suiteVerdicts(ctx, verdict),
    };
  });
};
