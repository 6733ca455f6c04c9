/**
 * The first screen: the committee's three questions answered per community — which model, at
 * what energy, with which data risk — then « ce qu'il faut retenir » in three sentences at most,
 * all generated from the figures. A run made only of calibration baselines and demo models says
 * so plainly instead of listing communities without a verdict. Pure.
 */
import { wilsonInterval } from '../stats/wilson.js';
import { aggregateModels, type ModelAggregate } from './aggregate.js';
import type { Interval } from './view-types.js';
import { ledBulbMs, type EnergyFigure } from './energy.js';
import { modelKind } from './model-kind.js';
import type { ViewContext } from './view-context.js';
import { dataWhere } from './view-sovereignty.js';
import { readVerdicts, type CommunityVerdict, type SuiteVerdict } from './verdicts.js';

export type DecisionState = 'recommended' | 'per-suite' | 'energy-unknown' | 'indeterminate' | 'insufficient' | 'no-candidate';

export type DecisionFacts = { passRate: string; energy: string };
export type DecisionSuiteLine = { title: string; verdict: string; facts: DecisionFacts | null };

export type DecisionLine = {
  /** Anchor of the community's detailed block further down. */
  anchor: string;
  community: string;
  state: DecisionState;
  /** A symbol with the words: the state never rests on colour alone. */
  symbol: string;
  verdict: string;
  facts: DecisionFacts | null;
  data: string;
  suites: DecisionSuiteLine[];
};

export type DecisionView = {
  /** The bare-run notice, or null when at least one real model ran. */
  bare: string | null;
  lines: DecisionLine[];
  takeaways: string[];
  /** Where the everyday equivalent comes from, said once under the lines. */
  equivalenceSource: string;
};

const SYMBOL: Record<DecisionState, string> = { recommended: '✓', 'per-suite': '✓', 'energy-unknown': '!', indeterminate: '?', insufficient: '✗', 'no-candidate': '—' };

/** « 71 % des 24 cas réussis (très probablement entre 52 % et 85 %) ». */
const passRateText = (ctx: ViewContext, m: ModelAggregate, given?: Interval): string => {
  const { t, f } = ctx;
  // The rule's interval when it gives one (over the compared cases), else Wilson over the model's own cases.
  const iv = given ?? (m.n > 0 ? wilsonInterval(m.passed, m.n) : null);
  const base = t.n('decision.passRate', m.n, { pass: f.percent(m.passRate), count: f.integer(m.n) });
  return iv ? t.t('decision.passRateInterval', { base, lo: f.percent(iv[0]), hi: f.percent(iv[1]) }) : base;
};

/** « 0,2 Wh pour 100 requêtes (estimée d'après le temps de calcul), soit une ampoule LED de 5 W allumée 2 min 24 s ». */
export const energyPer100Text = (ctx: ViewContext, e: EnergyFigure | null): string => {
  const { t, f } = ctx;
  if (e === null || e.whPerCase === null) return t.t('decision.energyUnknown');
  const wh100 = e.whPerCase * 100;
  return t.t('decision.energy', { wh: f.withUnit(wh100, 'Wh'), how: ctx.energyPlain(e), led: f.durationMs(ledBulbMs(wh100)) });
};

const facts = (ctx: ViewContext, m: ModelAggregate | undefined, interval?: Interval): DecisionFacts | null =>
  m ? { passRate: passRateText(ctx, m, interval), energy: energyPer100Text(ctx, m.energy) } : null;

const suiteModel = (ctx: ViewContext, v: SuiteVerdict): ModelAggregate | undefined =>
  v.model === null ? undefined : aggregateModels(ctx.data.summary.cells.filter((c) => c.suite === v.suite && c.model === v.model), ctx.energyMap)[0];

const labels = (ctx: ViewContext, ids: readonly string[]): string => ids.map(ctx.modelLabel).join(', ');

export const suiteVerdictText = (ctx: ViewContext, v: SuiteVerdict): string => {
  const { t, f } = ctx;
  switch (v.state) {
    case 'recommended':
      return t.t(v.tested ? 'decision.recommended' : 'decision.recommendedUntested', { model: ctx.modelLabel(v.model!) });
    case 'energy-unknown':
      return t.t('decision.energyUnknownVerdict', {
        list: labels(ctx, v.goodEnough),
        missing: labels(ctx, v.missingEnergy.map((m) => m.model)),
        facts: [...new Set(v.missingEnergy.map((m) => m.missing))].join(', '),
      });
    case 'indeterminate':
      return v.casesNeeded === null ? t.t('decision.indeterminate') : t.t('decision.indeterminateNeeded', { count: f.integer(v.casesNeeded) });
    case 'insufficient':
      return v.best ? t.t('decision.insufficientBest', { model: ctx.modelLabel(v.best) }) : t.t('decision.insufficient');
    default:
      return t.t('decision.noCandidate');
  }
};

const suiteFacts = (ctx: ViewContext, v: SuiteVerdict): DecisionFacts | null => {
  const shown = v.state === 'recommended' ? v.model : v.state === 'insufficient' ? v.best : null;
  if (shown === null) return null;
  const m = aggregateModels(ctx.data.summary.cells.filter((c) => c.suite === v.suite && c.model === shown), ctx.energyMap)[0];
  return facts(ctx, m, v.intervals.get(shown));
};

/** The community's state: its one model, else the common state of its suites, else one line per suite. */
const stateOf = (v: CommunityVerdict): DecisionState => {
  if (v.model !== null) return 'recommended';
  const states = new Set(v.suites.map((s) => s.state));
  if (states.size === 1) {
    const only = [...states][0]!;
    return only === 'recommended' ? 'per-suite' : only;
  }
  return 'per-suite';
};

const lineView = (ctx: ViewContext, v: CommunityVerdict, i: number): DecisionLine => {
  const { t } = ctx;
  const state = stateOf(v);
  const agg = ctx.communities.find((c) => c.community === v.community);
  const alone = v.suites.length === 1 ? v.suites[0]! : null;
  let verdict: string;
  let shown: DecisionFacts | null = null;
  if (alone) {
    verdict = suiteVerdictText(ctx, alone);
    shown = suiteFacts(ctx, alone);
  } else if (state === 'recommended') {
    verdict = t.t(v.suites.every((s) => s.tested) ? 'decision.recommended' : 'decision.recommendedUntested', { model: ctx.modelLabel(v.model!) });
    shown = facts(ctx, agg?.models.find((m) => m.model === v.model));
  } else {
    verdict = t.label(`decision.community.${state}`);
  }
  const detailed = alone === null && state !== 'recommended' && state !== 'no-candidate';
  return {
    anchor: `communaute-${i + 1}`,
    community: ctx.communityTitle(v.community),
    state,
    symbol: SYMBOL[state],
    verdict,
    facts: shown,
    data: dataWhere(ctx, v.suites.map((s) => s.suite)),
    suites: detailed ? v.suites.map((s) => ({ title: ctx.suiteTitle(s.suite), verdict: suiteVerdictText(ctx, s), facts: suiteFacts(ctx, s) })) : [],
  };
};

/** True when no model of the run can carry a verdict: the bare run of calibration and demo models. */
export const isBareRun = (ctx: ViewContext): boolean =>
  ctx.data.summary.cells.every((c) => modelKind(ctx.data.manifest.models.find((m) => m.id === c.model), c.model) !== 'candidate');

const takeaways = (ctx: ViewContext, lines: DecisionLine[], bare: boolean): string[] => {
  const { t, f } = ctx;
  const out: string[] = [];
  const decided = lines.filter((l) => l.state === 'recommended' || l.state === 'per-suite');
  const open = lines.filter((l) => l.state === 'indeterminate' || l.state === 'insufficient' || l.state === 'energy-unknown');
  const empty = lines.filter((l) => l.state === 'no-candidate');
  if (bare) out.push(t.t('retenir.bare'));
  else {
    out.push(decided.length === 0
      ? t.t('retenir.noneDecided', { total: f.integer(lines.length) })
      : t.n('retenir.decided', decided.length, { count: f.integer(decided.length), total: f.integer(lines.length), list: decided.map((l) => l.community).join(', ') }));
    if (open.length + empty.length > 0) {
      out.push(t.t(open.length > 0 ? 'retenir.open' : 'retenir.empty', { list: [...open, ...empty].map((l) => l.community).join(', ') }));
    }
  }
  const figures = [...ctx.energyMap.values()].filter((e): e is EnergyFigure => e !== null && e.whPerCase !== null);
  if (figures.length > 0 && out.length < 3) {
    out.push(t.t(figures.every((e) => !e.measured) ? 'retenir.energyEstimated' : figures.every((e) => e.measured) ? 'retenir.energyMeasured' : 'retenir.energyMixed'));
  }
  if (out.length < 3) out.push(dataTakeaway(ctx));
  return out.slice(0, 3);
};

const dataTakeaway = (ctx: ViewContext): string => {
  const away = ctx.communities.filter((c) => dataWhere(ctx, c.suites) !== ctx.t.t('decision.dataLocal') && dataWhere(ctx, c.suites) !== ctx.t.t('decision.dataHome'));
  return away.length === 0 ? ctx.t.t('retenir.dataHome') : ctx.t.t(ctx.data.egress === null ? 'retenir.dataAwayNoLedger' : 'retenir.dataAway', { list: away.map((c) => ctx.communityTitle(c.community)).join(', ') });
};

export const decisionView = (ctx: ViewContext): DecisionView => {
  const verdicts = readVerdicts({ manifest: ctx.data.manifest, summary: ctx.data.summary, energy: ctx.energyMap, communities: ctx.communities });
  const lines = verdicts.map((v, i) => lineView(ctx, v, i));
  const bare = isBareRun(ctx);
  return {
    bare: bare ? ctx.t.t('decision.bare') : null,
    lines,
    takeaways: takeaways(ctx, lines, bare),
    equivalenceSource: ctx.t.t('decision.equivalenceSource'),
  };
};
