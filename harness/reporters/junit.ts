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

/** What the document says about the run as a whole, beside its results. */
export type JunitMeta = {
  runId: string;
  startedAt: string;
  cells: readonly SummaryCell[];
  /** Confidence intervals of the analysis (summary.json `intervals`), by suite × model. */
  intervals?: readonly JunitInterval[];
  level?: number;
};

/** The fields of a result that place and count it; the rest is read again when its testcase is written. */
export type JunitKey = Pick<CaseResult, 'suite' | 'model' | 'caseId' | 'repeat' | 'status' | 'latencyMs'>;

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

type Entry<L> = { caseId: string; repeat: number; locator: L };
type Group<L> = { suite: string; model: string; entries: Entry<L>[]; failures: number; errors: number; timeMs: number };

/**
 * The JUnit document of a run, built without holding its results: `add` keeps, per result, its
 * place in the order and a `locator` (where to read it again); `write` sorts (suite, model, case,
 * repeat), then loads each result by its locator as its testcase is written. Deterministic for the
 * same results, whatever their order in the file.
 */
export const createJunitIndex = <L>() => {
  const groups = new Map<string, Group<L>>();
  return {
    add(r: JunitKey, locator: L): void {
      const k = key(r.suite, r.model);
      let g = groups.get(k);
      if (!g) {
        g = { suite: r.suite, model: r.model, entries: [], failures: 0, errors: 0, timeMs: 0 };
        groups.set(k, g);
      }
      g.entries.push({ caseId: r.caseId, repeat: r.repeat, locator });
      if (r.status === 'failed') g.failures++;
      if (r.status === 'error') g.errors++;
      g.timeMs += r.latencyMs ?? 0;
    },
    write(meta: JunitMeta, load: (locator: L) => CaseResult, write: (text: string) => void): void {
      // One collator for every comparison: the order of String.prototype.localeCompare, much cheaper.
      const { compare } = new Intl.Collator();
      const sorted = [...groups.values()].sort((a, b) => compare(a.suite, b.suite) || compare(a.model, b.model));
      const cells = new Map(meta.cells.map((c) => [key(c.suite, c.model), c]));
      const intervals = new Map((meta.intervals ?? []).map((i) => [key(i.suite, i.model), i]));
      const timestamp = meta.startedAt.replace(/\.\d+Z$|Z$/, '').slice(0, 19);
      const total = sorted.reduce((t, g) => ({ tests: t.tests + g.entries.length, failures: t.failures + g.failures, errors: t.errors + g.errors, time: t.time + g.timeMs }), { tests: 0, failures: 0, errors: 0, time: 0 });
      write('<?xml version="1.0" encoding="UTF-8"?>\n');
      write(`<testsuites name="${esc(`bac-a-sable ${meta.runId}`)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" time="${seconds(total.time)}">\n`);
      sorted.forEach((g, index) => {
        const k = key(g.suite, g.model);
        write(`  <testsuite name="${esc(`${g.suite} × ${g.model}`)}" tests="${g.entries.length}" failures="${g.failures}" errors="${g.errors}" skipped="0" time="${seconds(g.timeMs)}" timestamp="${esc(timestamp)}" id="${index}" package="${esc(g.suite)}">\n`);
        const props = properties(cells.get(k), intervals.get(k), meta.level);
        if (props.length > 0) write(`${['    <properties>', ...props, '    </properties>'].join('\n')}\n`);
        g.entries.sort((a, b) => compare(a.caseId, b.caseId) || a.repeat - b.repeat);
        for (const e of g.entries) write(`${testcase(load(e.locator))}\n`);
        write('  </testsuite>\n');
      });
      write('</testsuites>\n');
    },
  };
};
