/**
 * JUnit XML for CI test views (Jenkins, GitLab, GitHub Actions reporters): one <testsuite> per
 * suite × model, one <testcase> per case × repeat. A failed case carries its scorers' reasons in
 * <failure>; a provider error is an <error>. Each testsuite's properties give its pass rate, the
 * interval around it and its energy, each figure saying how it was obtained.
 * Format: the Apache Ant JUnit report as Jenkins and GitLab read it (tests/fixtures/junit/junit.xsd
 * names the documentation it follows).
 */
import type { CaseResult, SummaryCell } from '../core/types.js';

export type JunitInterval = { suite: string; model: string; passRate: [number, number] | null; passRateMethod?: string };

export type JunitInput = {
  runId: string;
  startedAt: string;
  results: readonly CaseResult[];
  cells: readonly SummaryCell[];
  /** Confidence intervals of the analysis (summary.json `intervals`), by suite × model. */
  intervals?: readonly JunitInterval[];
  level?: number;
};

// XML 1.0 §2.2: characters outside this range cannot appear in a document, even escaped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const esc = (text: string): string =>
  text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

const escText = (text: string): string => text.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const seconds = (ms: number | null): string => ((ms ?? 0) / 1000).toFixed(3);

const key = (suite: string, model: string): string => `${suite}\t${model}`;

const failureText = (r: CaseResult): string =>
  r.scores
    .filter((s) => !s.pass)
    .map((s) => `${s.type} : ${s.reason}`)
    .join('\n');

const testcase = (r: CaseResult): string => {
  // The repeat in the name keeps each testcase distinct for the CI's view.
  const name = `${r.caseId} #${r.repeat}`;
  const head = `    <testcase name="${esc(name)}" classname="${esc(`${r.suite}.${r.model}`)}" time="${seconds(r.latencyMs)}" assertions="${r.scores.length}">`;
  if (r.status === 'passed') return `${head}</testcase>`;
  if (r.status === 'error') {
    return `${head}\n      <error message="${esc(r.error.message)}" type="${esc(r.error.code)}">${escText(`${r.error.code} : ${r.error.message}`)}</error>\n    </testcase>`;
  }
  const reasons = failureText(r) || 'score sous le seuil';
  const first = reasons.split('\n')[0] ?? reasons;
  return `${head}\n      <failure message="${esc(first)}" type="assertion">${escText(`${reasons}\n\nRéponse : ${r.output}`)}</failure>\n    </testcase>`;
};

const property = (name: string, value: string): string => `      <property name="${esc(name)}" value="${esc(value)}"/>`;

const properties = (cell: SummaryCell | undefined, interval: JunitInterval | undefined, level: number | undefined): string[] => {
  if (!cell) return [];
  const out = [property('passRate', cell.passRate === null ? 'inconnu' : String(cell.passRate))];
  if (interval?.passRate) {
    out.push(property('passRate.interval', `[${interval.passRate[0]}, ${interval.passRate[1]}]`));
    out.push(property('passRate.interval.method', `${interval.passRateMethod ?? 'wilson'}${level ? `, niveau ${level}` : ''}`));
  }
  if (cell.energy) {
    out.push(property('energy.whPerRequest', cell.energy.whPerCase === null ? 'inconnue' : String(cell.energy.whPerCase)));
    out.push(property('energy.method', `${cell.energy.measured ? 'mesurée' : 'estimée'} : ${cell.energy.methods.join(', ') || 'aucune'}`));
    if (cell.energy.gCo2ePerCase !== null) out.push(property('energy.gCo2ePerRequest', String(cell.energy.gCo2ePerCase)));
  } else {
    out.push(property('energy.whPerRequest', 'inconnue'));
  }
  return out;
};

/** The whole JUnit document of a run, deterministic for the same results. */
export const renderJunit = (input: JunitInput): string => {
  const groups = new Map<string, CaseResult[]>();
  const sorted = [...input.results].sort((a, b) => a.suite.localeCompare(b.suite) || a.model.localeCompare(b.model) || a.caseId.localeCompare(b.caseId) || a.repeat - b.repeat);
  for (const r of sorted) {
    const k = key(r.suite, r.model);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const cells = new Map(input.cells.map((c) => [key(c.suite, c.model), c]));
  const intervals = new Map((input.intervals ?? []).map((i) => [key(i.suite, i.model), i]));
  const timestamp = input.startedAt.replace(/\.\d+Z$|Z$/, '').slice(0, 19);
  let total = { tests: 0, failures: 0, errors: 0, time: 0 };
  const suites = [...groups].map(([k, rs], index) => {
    const [suite, model] = k.split('\t') as [string, string];
    const failures = rs.filter((r) => r.status === 'failed').length;
    const errors = rs.filter((r) => r.status === 'error').length;
    const timeMs = rs.reduce((t, r) => t + (r.latencyMs ?? 0), 0);
    total = { tests: total.tests + rs.length, failures: total.failures + failures, errors: total.errors + errors, time: total.time + timeMs };
    const props = properties(cells.get(k), intervals.get(k), input.level);
    return [
      `  <testsuite name="${esc(`${suite} × ${model}`)}" tests="${rs.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(timeMs)}" timestamp="${esc(timestamp)}" id="${index}" package="${esc(suite)}">`,
      ...(props.length > 0 ? ['    <properties>', ...props, '    </properties>'] : []),
      ...rs.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(`bac-a-sable ${input.runId}`)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${seconds(total.time)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
};
