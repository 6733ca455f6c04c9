/**
 * promptfoo tests → bac-à-sable cases: vars (with `file://` values read), assertions, threshold,
 * description, and the CSV columns `__expected…`, `__description`, `__threshold`, `__metric`.
 * Every test becomes exactly one case, so a suite runs as many cases as promptfoo would.
 */
import { dirname, resolve } from 'node:path';
import { isFileRef, readVarFile, resolveRef, type RawTestAt } from './file-refs.js';
import { hasTemplate, mapAssertion, renderValue } from './map-assertions.js';
import type { ImportReport } from './report.js';

type At = { file: string; line: number };
type Raw = Record<string, unknown>;

export type MappedCase = { description?: string; vars?: Record<string, unknown>; reference?: string; assert?: Raw[]; threshold?: number };

export type TestContext = { root: string; report: ImportReport; judges: ReadonlyMap<string, string> };

/** promptfoo's `__expected` cell: `type: value`, `type(threshold): value`, `grader: …`, or plain text (equals). */
export const parseExpectedCell = (cell: string): Raw => {
  const text = cell.trim();
  const m = /^(not-)?([a-z][a-z0-9-]*)(?:\((\d*\.?\d+)\))?(?::\s?([\s\S]*))?$/.exec(text);
  const aliases: Record<string, string> = { grader: 'llm-rubric', fn: 'javascript', eval: 'javascript' };
  if (m && (m[4] !== undefined || m[3] !== undefined || !text.includes(' '))) {
    const name = aliases[m[2]!] ?? m[2]!;
    const known = KNOWN_TYPES.has(name);
    if (known && (m[4] !== undefined || BARE_TYPES.has(name))) {
      return { type: `${m[1] ?? ''}${name}`, ...(m[4] !== undefined ? { value: m[4].trim() } : {}), ...(m[3] !== undefined ? { threshold: Number(m[3]) } : {}) };
    }
  }
  return { type: 'equals', value: text };
};

/** Assertion names promptfoo documents (for reading `__expected` cells; not all are mapped). */
const KNOWN_TYPES = new Set([
  'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'starts-with', 'regex',
  'is-json', 'contains-json', 'is-sql', 'is-xml', 'contains-xml', 'levenshtein', 'bleu', 'rouge-n', 'latency', 'cost', 'perplexity',
  'llm-rubric', 'factuality', 'model-graded-closedqa', 'answer-relevance', 'context-faithfulness', 'context-recall', 'context-relevance',
  'javascript', 'python', 'similar', 'webhook', 'classifier', 'moderation', 'g-eval',
]);
const BARE_TYPES = new Set(['is-json', 'contains-json', 'is-sql', 'is-xml', 'contains-xml']);

/** Reads `file://` var values (text, or parsed JSON/YAML) relative to the file that names them. */
const resolveVars = (vars: Raw, baseDir: string, at: At, ctx: TestContext): Raw => {
  const out: Raw = {};
  for (const [name, value] of Object.entries(vars)) {
    if (!isFileRef(value)) {
      out[name] = value;
      continue;
    }
    const file = resolveRef(value, baseDir, ctx.root, `${at.file}:${at.line}`);
    const content = readVarFile(file, ctx.root);
    if (content === undefined) {
      ctx.report.add({ status: 'dropped', ...at, what: `variable ${name} = ${value}`, note: 'valeur produite par un programme : non importée (la variable reste le texte file://…)' });
      out[name] = value;
    } else {
      ctx.report.add({ status: 'mapped', ...at, what: `variable ${name} = ${value}`, note: 'contenu du fichier recopié dans le cas' });
      out[name] = content;
    }
  }
  return out;
};

/** Maps a list of raw assertions, rendering `{{var}}` in values with the case's vars. */
export const mapAssertions = (list: unknown, at: At | ((index: number) => At), ctx: TestContext, vars: Raw | undefined): { assert: Raw[]; reference?: string } => {
  const assert: Raw[] = [];
  let reference: string | undefined;
  for (const [index, raw] of (Array.isArray(list) ? list : []).entries()) {
    if (!raw || typeof raw !== 'object') continue;
    const rendered = vars ? { ...(raw as Raw), value: renderValue((raw as Raw).value, vars) } : (raw as Raw);
    if ((raw as Raw).value === undefined) delete rendered.value;
    const mapped = mapAssertion(rendered, typeof at === 'function' ? at(index) : at, ctx.report, ctx.judges);
    if (mapped.assertion) assert.push(mapped.assertion);
    if (mapped.reference !== undefined) reference = mapped.reference;
  }
  return { assert, ...(reference !== undefined ? { reference } : {}) };
};

const IGNORED_CSV = new Set(['__prefix', '__suffix']);

/**
 * Maps one test. `templatedDefaults` are defaultTest assertions whose value reads a var: promptfoo
 * renders them per test, so they are rendered and added to each case here.
 */
export const mapTest = (item: RawTestAt, baseDir: string, ctx: TestContext, templatedDefaults: readonly { raw: Raw; at: At }[]): MappedCase[] => {
  const at = { file: item.file, line: item.line };
  const t = item.test;
  const out: MappedCase = {};
  let vars: Raw = {};
  const rawAssert: Raw[] = [];
  if (item.fromCsv) {
    for (const [column, cell] of Object.entries(t)) {
      const text = String(cell);
      if (column.startsWith('__expected')) {
        if (text.trim() !== '') rawAssert.push(parseExpectedCell(text));
      } else if (column === '__description') {
        if (text !== '') out.description = text;
      } else if (column === '__threshold') {
        if (text.trim() !== '') out.threshold = Number(text);
      } else if (column === '__metric') {
        if (text.trim() !== '') ctx.report.add({ status: 'approximated', ...at, what: `colonne __metric = ${text}`, note: 'nom de métrique non repris (résultats groupés par critère)' });
      } else if (column.startsWith('__')) {
        if (text.trim() !== '') ctx.report.add({ status: 'dropped', ...at, what: `colonne ${column}`, note: IGNORED_CSV.has(column) ? 'préfixe/suffixe de sortie : non repris' : 'colonne réservée inconnue' });
      } else vars[column] = text;
    }
  } else {
    for (const [key, value] of Object.entries(t)) {
      if (key === 'vars') {
        const given = isFileRef(value) ? (readVarFile(resolveRef(value, baseDir, ctx.root, `${at.file}:${at.line}`), ctx.root) as Raw) : (value as Raw);
        vars = { ...vars, ...(given && typeof given === 'object' ? given : {}) };
      } else if (key === 'assert') rawAssert.push(...(Array.isArray(value) ? (value as Raw[]) : []));
      else if (key === 'description' && typeof value === 'string') out.description = value;
      else if (key === 'threshold' && typeof value === 'number') out.threshold = value;
      else ctx.report.add({ status: 'dropped', ...at, what: `cas : champ ${key}`, note: 'champ sans équivalent dans un cas bac-à-sable (options, metadata, provider…)' });
    }
  }
  vars = resolveVars(vars, baseDir, at, ctx);
  const combinations = expandVars(vars);
  if (combinations.length > 1) {
    ctx.report.add({ status: 'mapped', ...at, what: 'variables en liste', note: `${combinations.length} cas, un par combinaison de valeurs, comme promptfoo` });
  }
  // CSV cells are on the row's line; structured tests point at each assertion's own line.
  const ownAssert = Array.isArray(t.assert) && !item.fromCsv;
  const silent: ImportReport = { add: () => undefined, items: () => [] };
  return combinations.map((combination, n) => {
    // Each assertion is reported once, for the first combination; the others map it the same way.
    const caseCtx = n === 0 ? ctx : { ...ctx, report: silent };
    const mapped = mapAssertions(rawAssert, (i) => (ownAssert && item.lineOf ? { file: item.file, line: item.lineOf(['assert', i]) } : at), caseCtx, combination);
    const fromDefaults = templatedDefaults.map((d) => mapAssertions([d.raw], d.at, { ...ctx, report: silent }, combination));
    const assert = [...mapped.assert, ...fromDefaults.flatMap((m) => m.assert)];
    const reference = mapped.reference ?? fromDefaults.find((m) => m.reference !== undefined)?.reference;
    const one: MappedCase = { ...out };
    if (Object.keys(combination).length > 0) one.vars = combination;
    if (assert.length > 0) one.assert = assert;
    if (reference !== undefined) one.reference = reference;
    return one;
  });
};

const isScalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** promptfoo turns a var whose value is a list of plain values into one test per value (every combination). */
export const expandVars = (vars: Raw): Raw[] => {
  let combos: Raw[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const values = Array.isArray(value) && value.length > 0 && value.every(isScalar) ? value : [value];
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return combos;
};

/** Splits defaultTest assertions: plain ones go to the suite's defaultTest, templated ones to each case. */
export const splitDefaults = (list: unknown): { plain: Raw[]; templated: Raw[] } => {
  const all = (Array.isArray(list) ? list : []).filter((a): a is Raw => !!a && typeof a === 'object');
  return { plain: all.filter((a) => !hasTemplate(a.value)), templated: all.filter((a) => hasTemplate(a.value)) };
};

export const dirOf = (file: string): string => dirname(resolve(file));
