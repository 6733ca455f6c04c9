/**
 * Loads one suite file and every dataset it names into a validated Suite, collecting every problem
 * with its file:line:col. Nothing here runs a model; the caller decides what to do with issues.
 */
import { createHash } from 'node:crypto';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import type { Issue, Loaded, SourceLocation } from '../core/errors.js';
import type { Assertion, CaseAssertion, PromptSpec, Suite, TestCase, Vars } from '../core/types.js';
import { DATASET_EXTENSIONS, loadDatasetCases } from './load-dataset.js';
import type { ScorerLookup } from './load-csv.js';
import { locatedIssues } from './located-issues.js';
import { formatPath, locateInYaml, type PathSegment } from './locate.js';
import { parseYaml } from './parse-yaml.js';
import type { RawCase } from './raw-case.js';
import { readUserText } from './read-text.js';
import { InlineCaseSchema, SuiteFileSchema, type SuiteFile } from './schema.js';
import { promptVars } from './template.js';

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
};

const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
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
  const hash = createHash('sha256').update(read.bytes);

  // Gather raw cases from every source, in order.
  const raws: RawCase[] = [];
  const sources = typeof suiteFile.tests === 'string' ? [suiteFile.tests] : suiteFile.tests;
  sources.forEach((source, index) => {
    const testsPath: PathSegment[] = typeof suiteFile.tests === 'string' ? ['tests'] : ['tests', index];
    if (typeof source !== 'string') {
      const locate = (path: readonly PathSegment[], key?: string) => locateSuite([...testsPath, ...path], key);
      raws.push({ raw: source, source: locate([]), locate });
      return;
    }
    const at = locateSuite(testsPath);
    const target = resolve(dirname(absFile), source);
    if (!isInside(target, dirname(absFile)) && !isInside(target, resolve(opts.projectRoot))) {
      issues.push({ at, path: formatPath(testsPath), message: `chemin refusé : « ${source} » sort du dossier de la suite et du projet`, hint: 'placez le jeu de données sous datasets/ du projet' });
      return;
    }
    if (target === absFile) {
      issues.push({ at, path: formatPath(testsPath), message: 'la suite se désigne elle-même comme jeu de données', hint: 'indiquez un fichier CSV, JSONL ou YAML de cas' });
      return;
    }
    if (!DATASET_EXTENSIONS.includes(extname(target).toLowerCase() as (typeof DATASET_EXTENSIONS)[number])) {
      issues.push({ at, path: formatPath(testsPath), message: `format de jeu de données non reconnu : « ${extname(target) || source} »`, hint: `extensions admises : ${DATASET_EXTENSIONS.join(', ')}` });
      return;
    }
    const data = readUserText(target);
    if (!data.ok) {
      const where = data.message.startsWith('fichier introuvable')
        ? at
        : { file: shown(target), line: data.line, ...(data.column ? { column: data.column } : {}) };
      issues.push({ at: where, path: data.message.startsWith('fichier introuvable') ? formatPath(testsPath) : '', message: data.message, ...(data.hint ? { hint: data.hint } : {}) });
      return;
    }
    hash.update(data.bytes);
    const loaded = loadDatasetCases(data.text, shown(target), opts.scorers);
    issues.push(...loaded.issues);
    raws.push(...loaded.cases);
  });

  const prompt: PromptSpec = suiteFile.messages
    ? { kind: 'messages', messages: suiteFile.messages, ...(suiteFile.system ? { system: suiteFile.system } : {}) }
    : { kind: 'template', template: suiteFile.prompt ?? '', ...(suiteFile.system ? { system: suiteFile.system } : {}) };
  let needed: string[] = [];
  try {
    needed = promptVars(prompt);
  } catch (e) {
    issues.push({ at: locateSuite([suiteFile.messages ? 'messages' : 'prompt']), path: suiteFile.messages ? 'messages' : 'prompt', message: `gabarit de prompt invalide : ${(e as Error).message.split('\n')[0]}`, hint: 'les variables s’écrivent {{nom}}' });
  }

  const defaults = suiteFile.defaultTest ?? {};
  const defaultAsserts: CaseAssertion[] = [];
  (defaults.assert ?? []).forEach((a, i) => {
    for (const p of opts.scorers.check(a)) {
      const path: PathSegment[] = ['defaultTest', 'assert', i, ...toSegments(p.path)];
      issues.push({ at: locateSuite(path), path: formatPath(path), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
    }
    defaultAsserts.push({ ...a, at: locateSuite(['defaultTest', 'assert', i]) });
  });

  const cases: TestCase[] = [];
  const seen = new Map<string, SourceLocation>();
  raws.forEach((rawCase, index) => {
    const result = InlineCaseSchema.safeParse(rawCase.raw);
    if (!result.success) {
      issues.push(...locatedIssues(result.error.issues, rawCase.raw, rawCase.locate));
      return;
    }
    const c = result.data;
    const id = c.id === undefined ? `cas-${index + 1}` : String(c.id);
    const previous = seen.get(id);
    if (previous) {
      issues.push({ at: rawCase.locate(['id']), path: 'id', message: `identifiant de cas « ${id} » en double`, hint: `déjà utilisé en ${previous.file}:${previous.line}` });
    }
    seen.set(id, rawCase.source);
    const vars: Vars = { ...(defaults.vars ?? {}), ...(c.vars ?? {}) };
    for (const name of needed) {
      if (!(name in vars)) {
        issues.push({ at: rawCase.source, path: `vars.${name}`, message: `variable « ${name} » du prompt absente de ce cas`, hint: `ajoutez une colonne ou un champ « ${name} »` });
      }
    }
    const own: CaseAssertion[] = (c.assert ?? []).map((a, i) => {
      for (const p of opts.scorers.check(a)) {
        issues.push({ at: rawCase.locate(['assert', i, ...toSegments(p.path)]), path: formatPath(['assert', i, ...toSegments(p.path)]), message: p.message, ...(p.hint ? { hint: p.hint } : {}) });
      }
      return { ...a, at: rawCase.locate(['assert', i]) };
    });
    const threshold = c.threshold ?? defaults.threshold;
    const reference = normaliseReference(c.reference);
    cases.push({
      id,
      ...(c.description ? { description: c.description } : {}),
      vars,
      ...(reference === undefined ? {} : { reference }),
      assert: [...defaultAsserts, ...own],
      ...(threshold === undefined ? {} : { threshold }),
      ...(c.classification ? { classification: c.classification } : {}),
      source: { file: rawCase.source.file, line: rawCase.source.line },
    });
  });
  if (raws.length === 0 && issues.length === 0) issues.push({ at: locateSuite(['tests']), path: 'tests', message: 'la suite ne contient aucun cas' });
  if (issues.length > 0) return { ok: false, issues };

  return {
    ok: true,
    value: {
      id: suiteFile.id,
      title: suiteFile.title,
      community: suiteFile.community,
      ...(suiteFile.communityTitle === undefined ? {} : { communityTitle: suiteFile.communityTitle }),
      classification: suiteFile.classification,
      ...(suiteFile.description ? { description: suiteFile.description } : {}),
      prompt,
      options: suiteFile.options ?? {},
      cases,
      file: absFile,
      hash: hash.digest('hex'),
      ...(suiteFile.target === undefined ? {} : { target: suiteFile.target }),
      ...(suiteFile.margin === undefined ? {} : { margin: suiteFile.margin }),
      ...(suiteFile.redact === undefined ? {} : { redact: suiteFile.redact }),
      ...(suiteFile.judge === undefined ? {} : { judges: Array.isArray(suiteFile.judge) ? suiteFile.judge : [suiteFile.judge] }),
    },
  };
};
