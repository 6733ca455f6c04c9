/**
 * A run comparison in French words, for the terminal and the HTML page: every figure already
 * formatted (decimal comma, units), so templates never see a number or a null. Pure.
 */
import { createFormat } from './format.js';
import type { CaseStatus } from '../core/types.js';
import { ALPHA, type CaseChange, type CellDelta, type RunComparison } from '../store/observatory/diff.js';
import type { RunRecord } from '../store/observatory/types.js';

const f = createFormat({ lang: 'fr' });
const STATUS_FR: Record<CaseStatus, string> = { passed: 'réussi', failed: 'échoué', error: 'erreur' };

export type Tone = 'worse' | 'better' | 'same';
export type RunView = { runId: string; date: string; who: string; state: string };
export type RowView = {
  suite: string; model: string; community: string; cases: string; passRate: string; passRateDelta: string; score: string;
  latency: string; energy: string; significance: string; tone: Tone; note: string;
};
export type CaseView = { suite: string; model: string; caseId: string; change: string; score: string };
export type CompareView = { a: RunView; b: RunView; rows: RowView[]; regressions: CaseView[]; improvements: CaseView[]; alpha: string };

const runView = (r: RunRecord): RunView => ({
  runId: r.runId,
  date: f.date(r.createdAt),
  who: r.who ?? '—',
  state: r.complete ? 'complète' : r.interrupted ? 'interrompue' : 'inachevée',
});

const arrow = (a: string, b: string) => `${a} → ${b}`;
const signed = (x: number | null, fmt: (v: number) => string): string => (x === null ? '—' : x === 0 ? '=' : `${x > 0 ? '+' : '−'}${fmt(Math.abs(x))}`);

/** « p = 0,031 », « p < 0,001 »: two significant digits are enough to read a p-value. */
export const pText = (p: number): string => (p < 0.001 ? 'p < 0,001' : `p = ${f.approx(p)}`);

const significance = (d: CellDelta): { text: string; tone: Tone } => {
  if (d.paired === null) return { text: d.a && d.b ? 'non testé (résultats par cas absents)' : 'présent dans une seule campagne', tone: 'same' };
  const { pairs, regressed, improved, pValue } = d.paired;
  const counts = `${pairs} cas appariés, ${regressed} en baisse, ${improved} en hausse`;
  if (pValue >= ALPHA) return { text: `${pText(pValue)}, écart non significatif (${counts})`, tone: 'same' };
  return regressed > improved
    ? { text: `${pText(pValue)}, baisse significative (${counts})`, tone: 'worse' }
    : { text: `${pText(pValue)}, hausse significative (${counts})`, tone: 'better' };
};

const rowView = (d: CellDelta): RowView => {
  const s = significance(d);
  const ms = (x: number | null | undefined) => f.durationMs(x);
  return {
    suite: d.suiteId,
    model: d.modelId,
    community: d.community,
    cases: arrow(d.a ? f.integer(d.a.n) : '—', d.b ? f.integer(d.b.n) : '—'),
    passRate: arrow(f.percent(d.a?.passRate), f.percent(d.b?.passRate)),
    passRateDelta: signed(d.passRateDelta === null ? null : d.passRateDelta * 100, (v) => `${f.approx(v)}${f.unitSep}pts`),
    score: arrow(f.score(d.a?.meanScore), f.score(d.b?.meanScore)),
    latency: `${arrow(ms(d.a?.latencyP50Ms), ms(d.b?.latencyP50Ms))} (${signed(d.latencyP50DeltaMs, (v) => f.durationMs(v))})`,
    energy: (d.a?.energyWhPerCase ?? null) === null && (d.b?.energyWhPerCase ?? null) === null
      ? 'non mesurée'
      : arrow(f.withUnit(d.a?.energyWhPerCase, 'Wh'), f.withUnit(d.b?.energyWhPerCase, 'Wh')),
    significance: s.text,
    tone: s.tone,
    note: d.suiteChanged ? 'la suite a changé entre les deux campagnes : cas peut-être différents' : '',
  };
};

const caseView = (c: CaseChange): CaseView => ({
  suite: c.suiteId,
  model: c.modelId,
  caseId: c.caseId,
  change: arrow(STATUS_FR[c.a.status], STATUS_FR[c.b.status]),
  score: arrow(f.score(c.a.score), f.score(c.b.score)),
});

export const compareView = (cmp: RunComparison): CompareView => ({
  a: runView(cmp.a),
  b: runView(cmp.b),
  rows: cmp.cells.map(rowView),
  regressions: cmp.regressions.map(caseView),
  improvements: cmp.improvements.map(caseView),
  alpha: f.approx(ALPHA),
});

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

const caseLines = (cases: CaseView[]): string[] => cases.map((c) => `  ${c.suite} / ${c.model} / ${c.caseId} : ${c.change} (score ${c.score})`);

/** The comparison as the terminal shows it. */
export const renderCompareText = (v: CompareView): string => {
  const head = [['suite', 'modèle', 'cas', 'réussite', 'écart', 'score', 'latence p50', 'énergie/cas', 'test de McNemar exact']];
  const rows = v.rows.map((r) => [r.suite, r.model, r.cases, r.passRate, r.passRateDelta, r.score, r.latency, r.energy, r.significance]);
  return [
    `Campagne A : ${v.a.runId} (${v.a.date}, ${v.a.state})`,
    `Campagne B : ${v.b.runId} (${v.b.date}, ${v.b.state})`,
    '',
    table([...head, ...rows]),
    ...v.rows.filter((r) => r.note).map((r) => `! ${r.suite} : ${r.note}`),
    '',
    `Régressions (réussi dans A, échoué ou en erreur dans B) : ${v.regressions.length}`,
    ...caseLines(v.regressions),
    `Améliorations (échoué ou en erreur dans A, réussi dans B) : ${v.improvements.length}`,
    ...caseLines(v.improvements),
  ].join('\n');
};
