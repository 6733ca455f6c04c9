/**
 * Loads one suite file and every dataset it names into a validated Suite, collecting every problem
 * with its file:line:col. Nothing here runs a model; the caller decides what to do with issues.
 */
import { createHash } from 'node:crypto';
import { dirname, extname, relative, resolve } from 'node:path';
import type { Issue, Loaded, SourceLocation } from '../core/errors.js';
import type { Assertion, CaseAssertion, Classification, PromptSpec, Suite, TestCase, Vars } from '../core/types.js';
import { CLASSIFICATION_LABELS } from '../core/labels.js';
import { classificationRank, highestClassification, type DatasetFloor } from '../sovereignty/classification.js';
import { DATASET_EXTENSIONS, loadDatasetCases } from './load-dataset.js';
import type { ScorerLookup } from './load-csv.js';
import { locatedIssues } from './located-issues.js';
import { formatPath, locateInYaml, type PathSegment } from './locate.js';
import { parseYaml } from './parse-yaml.js';
import type { RawCase } from './raw-case.js';
import { readUserText } from './read-text.js';
import { InlineCaseSchema, SuiteFileSchema, type SuiteFile } from './schema.js';
import { promptVars } from './template.js';
import { realPathOf, resolveUserPath } from './user-path.js';

/** What the loader needs to know about scorers, injected so suites never import the registry. */
export type AssertionChecker = ScorerLookup & {
  /** Problems of one assertion; `path` is relative to the assertion (`value`, `threshold`…). */
  check(assertion: Assertion): { path: string; message: string; hint?: string }[];
};

export type SuiteLoadOptions = {
  /** Datasets may live under the suite's folder or under this root, nowhere else. */
  projectRoot: string;
  scorers: AssertionChecker;
  /** Display paths relative to this folder (default: projectRoot). */
  displayRoot?: string;
  /** The highest classification other suites of the project give a dataset file (by real path). */
  datasetFloor?: (realPath: string) => DatasetFloor | undefined;
  /** false: cases are checked then dropped (validate, bounded memory); `Suite.cases` stays empty. */
  keepCases?: boolean;
  /** Extra checks on each valid case, with its effective classification (the PII scan of validate/run). */
  checkCase?: (testCase: TestCase, locate: RawCase['locate']) => Issue[];
  /** Extra checks on the suite's own texts (prompt, system, messages), with their location. */
  checkSuiteText?: (text: string, at: SourceLocation, classification: Classification) => Issue[];
};

/** Deeper than this, a case's structure is refused before validation (it would exhaust the stack). */
export const MAX_CASE_DEPTH = 64;

/** Problems reported per suite beyond which the rest are only counted (a million bad rows stay readable). */
export const MAX_ISSUES_PER_SUITE = 200;

/** Whether `value` nests arrays/objects deeper than `max` levels; iterative, so any depth is safe. */
export const nestsDeeperThan = (value: unknown, max: number): boolean => {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
};

const toSegments = (path: string): PathSegment[] =>
  path === '' ? [] : path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const normaliseReference = (ref: string | number | undefined): string | undefined =>
  ref === undefined ? undefined : String(ref);

export const loadSuite = (file: string, opts: SuiteLoadOptions): Loaded<Suite> => {
  const absFile = resolve(file);
  const shown = (p: string) => {
    const rel = relative(opts.displayRoot ?? opts.projectRoot, p);
    return rel.startsWith('..') ? p : rel;
  };
  const displayFile = shown(absFile);
  const realSuite = realPathOf(absFile);
  const read = readUserText(absFile);
  if (!read.ok) {
    return { ok: false, issues: [{ at: { file: displayFile, line: read.line, ...(read.column ? { column: read.column } : {}) }, path: '', message: read.message, ...(read.hint ? { hint: read.hint } : {}) }] };
  }
  const parsed = parseYaml(read.text, displayFile);
  if (!parsed.ok) return parsed;
  const { doc, lineCounter, value } = parsed.value;
  const locateSuite = (path: readonly PathSegment[], key?: string) => locateInYaml(doc, lineCounter, displayFile, path, key);
  const checked = SuiteFileSchema.safeParse(value);
  if (!checked.success) return { ok: false, issues: locatedIssues(checked.error.issues, value, locateSuite) };
  const suiteFile: SuiteFile = checked.data;
  const issues: Issue[] = [];
  let dropped = 0;
  const report = (issue: Issue) => {
    if (issues.length < MAX_ISSUES_PER_SUITE) issues.push(issue);
    else dropped++;
  };
  const hash = createHash('sha256').update(read.bytes);
  const declared = suiteFile.classification;
  const keep = opts.keepCases ?? true;

  // The prompt and defaults first: each case is then checked as soon as it is read, and dropped
  // when the caller does not keep cases, so no source is ever held whole as cases.
  const prompt: PromptSpec = suiteFile.messages
    ? { kind: 'messages', messages: suiteFile.messages, ...(suiteFile.system ? { system: suiteFile.system } : {}) }
    : { kind: 'template', template: suiteFile.prompt ?? '', ...(suiteFile.system ? { system: suiteFile.system } : {}) };
  let needed: string[] = [];
  try {
    needed = promptVars(prompt);
  } catch (e) {
    report({ at: locateSuite([suiteFile.messages ? 'messages' : 'prompt']), path: suiteFile.messages ? 'messages' : 'prompt', message: `gabarit de prompt invalide : ${(e as Error).message.split('\n')[0]}`, hint: 'les variables s’écrivent {{nom}}' });
  }
  if (opts.checkSuiteText) {
    const texts: [string, PathSegment[]][] = [
      ...(suiteFile.prompt ? [[suiteFile.prompt, ['prompt']] as [string, PathSegment[]]] : []),
      ...(suiteFile.system ? [[suiteFile.system, ['system']] as [string, PathSegment[]]] : []),
      ...(suiteFile.messages ?? []).map((m, i) => [m.content, ['messages', i, 'content']] as [string, PathSegment[]]),
    ];
    for (const [text, path] of texts) opts.checkSuiteText(text, locateSuite(path), declared).forEach(report);
  }

  const defaults = suiteFile.defaultTest ?? {};
  const defaultAsserts: CaseAssertion[] = [];
  (defaults.assert ?? []).forEach((a, i) => {
    for (const p of opts.scorers.check(a)) {
      const path: PathSegment[] = ['defaultTest', 'assert', i, ...toSegments(p.path)];
      report({ at: locateSuite(path), path: formatPath(path), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
    }
    defaultAsserts.push({ ...a, at: locateSuite(['defaultTest', 'assert', i]) });
  });

  const cases: TestCase[] = [];
  const datasets: string[] = [];
  // Where each id was first seen, as sourceIndex × 1e9 + line: a number per case, not an object.
  const seen = new Map<string, number>();
  const sourceFiles: string[] = [];
  let caseCount = 0;
  let rawCount = 0;

  /** Checks one raw case against the schema and the suite, then keeps it (run) or drops it (validate). */
  const takeCase = (rawCase: RawCase, floor: DatasetFloor | undefined) => {
    const index = rawCount++;
    if (nestsDeeperThan(rawCase.raw, MAX_CASE_DEPTH)) {
      report({ at: rawCase.source, path: '', message: `structure imbriquée sur plus de ${MAX_CASE_DEPTH} niveaux`, hint: 'un cas de test est un objet simple : variables, référence, critères' });
      return;
    }
    const result = InlineCaseSchema.safeParse(rawCase.raw);
    if (!result.success) {
      locatedIssues(result.error.issues, rawCase.raw, rawCase.locate).forEach(report);
      return;
    }
    const c = result.data;
    const id = c.id === undefined ? `cas-${index + 1}` : String(c.id);
    const previous = seen.get(id);
    if (previous !== undefined) report({ at: rawCase.locate(['id']), path: 'id', message: `identifiant de cas « ${id} » en double`, hint: `déjà utilisé en ${sourceFiles[Math.floor(previous / 1e9)]}:${previous % 1e9}` });
    else {
      if (sourceFiles.at(-1) !== rawCase.source.file) sourceFiles.push(rawCase.source.file);
      seen.set(id, (sourceFiles.length - 1) * 1e9 + rawCase.source.line);
    }
    // A case may raise the classification of its data, never lower it (sovereignty/classification.ts).
    const floorOfSuite = highestClassification(declared, floor?.classification);
    if (c.classification !== undefined && classificationRank(c.classification) < classificationRank(floorOfSuite)) {
      report({
        at: rawCase.locate(['classification']),
        path: 'classification',
        message: `« ${c.classification} » abaisserait la classification de ces données (« ${floorOfSuite} », ${floor && classificationRank(floor.classification) > classificationRank(declared) ? `donnée par ${shown(floor.suiteFile)}` : 'celle de la suite'}) : un cas peut seulement la relever`,
        hint: `retirez __classification / classification de ce cas, ou mettez « ${floorOfSuite} » ou plus`,
      });
      return;
    }
    const vars: Vars = { ...(defaults.vars ?? {}), ...(c.vars ?? {}) };
    for (const name of needed) {
      if (!(name in vars)) report({ at: rawCase.source, path: `vars.${name}`, message: `variable « ${name} » du prompt absente de ce cas`, hint: `ajoutez une colonne ou un champ « ${name} »` });
    }
    const own: CaseAssertion[] = (c.assert ?? []).map((a, i) => {
      for (const p of opts.scorers.check(a)) {
        report({ at: rawCase.locate(['assert', i, ...toSegments(p.path)]), path: formatPath(['assert', i, ...toSegments(p.path)]), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
      }
      return { ...a, at: rawCase.locate(['assert', i]) };
    });
    const threshold = c.threshold ?? defaults.threshold;
    const reference = normaliseReference(c.reference);
    const testCase: TestCase = {
      id,
      ...(c.description ? { description: c.description } : {}),
      vars,
      ...(reference === undefined ? {} : { reference }),
      assert: [...defaultAsserts, ...own],
      ...(threshold === undefined ? {} : { threshold }),
      // Always the effective classification: the policy, the guard and the judges read this one.
      classification: highestClassification(floorOfSuite, c.classification),
      source: { file: rawCase.source.file, line: rawCase.source.line },
    };
    opts.checkCase?.(testCase, rawCase.locate).forEach(report);
    caseCount++;
    if (keep) cases.push(testCase);
  };

  const sources = typeof suiteFile.tests === 'string' ? [suiteFile.tests] : suiteFile.tests;
  sources.forEach((source, index) => {
    const testsPath: PathSegment[] = typeof suiteFile.tests === 'string' ? ['tests'] : ['tests', index];
    if (typeof source !== 'string') {
      const locate = (path: readonly PathSegment[], key?: string) => locateSuite([...testsPath, ...path], key);
      takeCase({ raw: source, source: locate([]), locate }, undefined);
      return;
    }
    const at = locateSuite(testsPath);
    const resolved = resolveUserPath(source, dirname(absFile), [dirname(absFile), opts.projectRoot]);
    if (!resolved.ok) {
      report({ at, path: formatPath(testsPath), message: resolved.message, hint: resolved.hint });
      return;
    }
    const target = resolved.path;
    if (target === absFile || resolved.real === realSuite) {
      report({ at, path: formatPath(testsPath), message: 'la suite se désigne elle-même comme jeu de données', hint: 'indiquez un fichier CSV, JSONL ou YAML de cas' });
      return;
    }
    if (!DATASET_EXTENSIONS.includes(extname(target).toLowerCase() as (typeof DATASET_EXTENSIONS)[number])) {
      report({ at, path: formatPath(testsPath), message: `format de jeu de données non reconnu : « ${extname(target) || source} »`, hint: `extensions admises : ${DATASET_EXTENSIONS.join(', ')}` });
      return;
    }
    const data = readUserText(target);
    if (!data.ok) {
      const where = data.message.startsWith('fichier introuvable')
        ? at
        : { file: shown(target), line: data.line, ...(data.column ? { column: data.column } : {}) };
      report({ at: where, path: data.message.startsWith('fichier introuvable') ? formatPath(testsPath) : '', message: data.message, ...(data.hint ? { hint: data.hint } : {}) });
      return;
    }
    hash.update(data.bytes);
    datasets.push(resolved.real);
    // Another suite of the project reads this file at a higher classification: this one may not lower it.
    const floor = opts.datasetFloor?.(resolved.real);
    if (floor && classificationRank(floor.classification) > classificationRank(declared)) {
      report({
        at: locateSuite(['classification']),
        path: 'classification',
        message: `suite classée « ${declared} », mais son jeu de données ${shown(target)} est aussi lu par ${shown(floor.suiteFile)}, classée « ${floor.classification} » (${CLASSIFICATION_LABELS[floor.classification]}) : une suite ne peut pas abaisser la classification de données`,
        hint: `classez cette suite « ${floor.classification} » (classification: ${floor.classification})`,
      });
    }
    loadDatasetCases(data.text, shown(target), opts.scorers, (raw) => takeCase(raw, floor)).forEach(report);
  });

  if (rawCount === 0 && issues.length === 0) report({ at: locateSuite(['tests']), path: 'tests', message: 'la suite ne contient aucun cas' });
  if (dropped > 0) issues.push({ at: { file: displayFile, line: 1 }, path: '', message: `… et ${dropped} autre(s) problème(s) non affiché(s)`, hint: 'corrigez d’abord ceux ci-dessus, puis relancez validate' });
  if (issues.length > 0) return { ok: false, issues };

  return {
    ok: true,
    value: {
      id: suiteFile.id,
      title: suiteFile.title,
      community: suiteFile.community,
      ...(suiteFile.communityTitle === undefined ? {} : { communityTitle: suiteFile.communityTitle }),
      classification: declared,
      ...(suiteFile.description ? { description: suiteFile.description } : {}),
      prompt,
      options: suiteFile.options ?? {},
      cases,
      caseCount,
      file: absFile,
      hash: hash.digest('hex'),
      datasets,
      ...(suiteFile.target === undefined ? {} : { target: suiteFile.target }),
      ...(suiteFile.margin === undefined ? {} : { margin: suiteFile.margin }),
      // Only masking can be asked for here: relaxing it is the operator's decision, in the config.
      ...(suiteFile.redact === true ? { redact: true } : {}),
      ...(suiteFile.judge === undefined ? {} : { judges: Array.isArray(suiteFile.judge) ? suiteFile.judge : [suiteFile.judge] }),
      ...(suiteFile.gates === undefined ? {} : { gates: suiteFile.gates }),
    },
  };
};
