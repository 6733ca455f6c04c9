/**
 * The per-suite drill-down: every embedded case with its input, the model's output, the reference,
 * and each scorer's value and reason; errors and failures first. Long texts are cut so a large
 * run keeps a page that opens quickly; the note says where the rest is (results.csv). Pure.
 */
import type { CaseResult, CaseStatus, VarValue } from '../core/types.js';
import { displayPath, withoutAbsolutePaths } from './display-path.js';
import { parseResultEnergy } from './lenient.js';
import { reasonView } from './reasons.js';
import type { ViewContext } from './view-context.js';
import { whText } from './view-energy.js';

export const DEFAULT_MAX_TEXT_CHARS = 4000;
/**
 * Characters of case text the page embeds in all: with the per-cell caps, it keeps a 2,000-case
 * report under 5 MB whatever the length of prompts and outputs. Never below MIN_TEXT_CHARS a text.
 */
export const TEXT_BUDGET_CHARS = 2_400_000;
export const MIN_TEXT_CHARS = 300;

/** Characters kept per text when `cases` cases are embedded, each with up to three long texts. */
export const textCap = (cases: number, maxTextChars = DEFAULT_MAX_TEXT_CHARS): number =>
  cases === 0 ? maxTextChars : Math.min(maxTextChars, Math.max(MIN_TEXT_CHARS, Math.floor(TEXT_BUDGET_CHARS / (cases * 3))));

export type TextBlock = { text: string; cut: string | null };
/** `reasonLang`: set when the reason stays in the scorer's French (no pattern of the catalogue knew it). */
export type ScoreView = { type: string; value: string; passed: boolean; verdict: string; reason: string; reasonLang: string | null };
export type CaseView = {
  status: CaseStatus;
  statusText: string;
  statusSymbol: string;
  caseId: string;
  repeat: string | null;
  modelKey: string;
  model: string;
  score: string;
  latency: string;
  energy: string;
  prompt: TextBlock | null;
  vars: { name: string; value: TextBlock }[];
  output: TextBlock | null;
  reference: TextBlock | null;
  scores: ScoreView[];
  error: { code: string; message: string } | null;
  source: string;
};
export type DetailGroup = { model: string; modelKey: string; counts: string; capNote: string | null; cases: CaseView[] };
export type DetailSuite = { anchor: string; title: string; community: string; counts: string; groups: DetailGroup[] };
export type DetailsView = { suites: DetailSuite[]; models: { key: string; label: string }[]; csv: string };

const STATUS_ORDER: Record<CaseStatus, number> = { error: 0, failed: 1, passed: 2 };
const STATUS_SYMBOL: Record<CaseStatus, string> = { error: '⚠', failed: '✗', passed: '✓' };

/** Errors, then failures, then passes; the order met in results.jsonl within each. */
export const orderCases = (cases: readonly CaseResult[]): CaseResult[] =>
  cases.map((c, i) => ({ c, i })).sort((a, b) => STATUS_ORDER[a.c.status] - STATUS_ORDER[b.c.status] || a.i - b.i).map((x) => x.c);

const block = (ctx: ViewContext, text: string, max: number): TextBlock =>
  text.length <= max
    ? { text, cut: null }
    : { text: text.slice(0, max), cut: ctx.t.t('details.cut', { count: ctx.f.integer(text.length - max), csv: ctx.data.files.csv }) };

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}…`);

const varText = (v: VarValue): string => (typeof v === 'string' ? v : JSON.stringify(v));

const caseView = (ctx: ViewContext, r: CaseResult, modelKey: string, max: number): CaseView => {
  const { t, f } = ctx;
  const energy = parseResultEnergy(r.energy);
  return {
    status: r.status,
    statusText: t.t(`status.${r.status}`),
    statusSymbol: STATUS_SYMBOL[r.status],
    caseId: r.caseId,
    repeat: r.repeat > 1 ? t.t('details.repeat', { n: f.integer(r.repeat) }) : null,
    modelKey,
    model: ctx.modelLabel(r.model),
    score: f.score(r.score),
    latency: f.durationMs(r.latencyMs),
    energy: energy && energy.joules !== null
      ? `${whText(ctx, energy.joules / 3600)} (${ctx.energyHow({ methods: [energy.method], measured: energy.measured })})`
      : t.t('energy.notMeasured'),
    prompt: r.prompt ? block(ctx, r.prompt, max) : null,
    vars: r.prompt ? [] : Object.entries(r.vars ?? {}).map(([name, v]) => ({ name, value: block(ctx, varText(v), max) })),
    output: r.output === null ? null : block(ctx, r.output, max),
    reference: r.reference === null ? null : block(ctx, r.reference, max),
    scores: r.scores.map((s) => ({
      type: s.type,
      value: s.value === null ? t.t('details.notApplicable') : f.score(s.value),
      passed: s.pass,
      verdict: t.t(s.pass ? 'status.passed' : 'status.failed'),
      reason: clip(reasonView(ctx, s).text, max),
      reasonLang: reasonView(ctx, s).lang,
    })),
    error: r.error ? { code: r.error.code, message: withoutAbsolutePaths(r.error.message) } : null,
    source: `${displayPath(r.source.file)}:${r.source.line}`,
  };
};

export const detailsView = (ctx: ViewContext, maxTextChars = DEFAULT_MAX_TEXT_CHARS): DetailsView => {
  const { t, f, data } = ctx;
  const modelIds = [...new Set(data.digest.cells.map((d) => d.model))];
  const keyOf = (model: string) => `m${modelIds.indexOf(model) + 1}`;
  const suites = [...new Set([...ctx.communities.flatMap((c) => c.suites), ...data.digest.cells.map((d) => d.suite)])];
  const max = textCap(data.digest.cells.reduce((n, d) => n + d.kept.length, 0), maxTextChars);
  return {
    csv: data.files.csv,
    models: modelIds.map((m) => ({ key: keyOf(m), label: ctx.modelLabel(m) })),
    suites: suites.map((suite, i) => {
      const digests = data.digest.cells.filter((d) => d.suite === suite);
      const community = data.summary.cells.find((c) => c.suite === suite)?.community ?? digests[0]?.kept[0]?.community ?? '';
      const sum = (pick: (d: (typeof digests)[number]) => number) => digests.reduce((n, d) => n + pick(d), 0);
      const total = sum((d) => d.counts.passed + d.counts.failed + d.counts.error);
      return {
        anchor: `suite-${i + 1}`,
        title: ctx.suiteTitle(suite),
        community: ctx.communityTitle(community),
        counts: t.t('details.suiteCounts', { total: f.integer(total), notPassed: f.integer(sum((d) => d.counts.failed + d.counts.error)) }),
        groups: digests.map((d) => {
          const total = d.counts.passed + d.counts.failed + d.counts.error;
          const omitted = d.omitted.passed + d.omitted.other;
          return {
            model: ctx.modelLabel(d.model),
            modelKey: keyOf(d.model),
            counts: t.t('details.counts', {
              total: f.integer(total), failed: f.integer(d.counts.failed), errors: f.integer(d.counts.error), passed: f.integer(d.counts.passed),
            }),
            capNote: omitted === 0 ? null : t.t('details.capped', { shown: f.integer(total - omitted), total: f.integer(total), csv: data.files.csv }),
            cases: orderCases(d.kept).map((r) => caseView(ctx, r, keyOf(d.model), max)),
          };
        }),
      };
    }),
  };
};
