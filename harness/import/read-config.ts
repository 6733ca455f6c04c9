/**
 * Reads a promptfoo configuration (`promptfooconfig.yaml` or `.json`) and turns it into what
 * bac-à-sable writes: one suite per prompt, one dataset shared by them (promptfoo runs every
 * test against every prompt), one model block per provider. Keys of the configuration that are
 * not imported each get a report line.
 */
import { dirname, resolve } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { JUDGE_TYPES } from '../scorers/judge/scorers.js';
import { templateVars } from '../suites/template.js';
import { isFileRef, readTestsFile, resolveRef, type RawTestAt } from './file-refs.js';
import { mapPromptEntry, type MappedPrompt } from './map-prompts.js';
import { mapProvider, slugModelId, type MappedModel } from './map-providers.js';
import { dirOf, mapAssertions, mapTest, splitDefaults, type MappedCase } from './map-tests.js';
import type { ImportReport } from './report.js';
import { readStructured, type SourceDoc } from './source-file.js';

export type ImportPlan = {
  description?: string;
  prompts: MappedPrompt[];
  models: MappedModel[];
  cases: MappedCase[];
  defaultTest?: { vars?: Record<string, unknown>; assert?: Record<string, unknown>[]; threshold?: number };
};

const HANDLED = new Set(['description', 'prompts', 'providers', 'targets', 'tests', 'defaultTest']);

const listOf = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The tests of `tests:` (inline items, `file://` files, or one file), each with where it was read. */
const collectTests = (doc: SourceDoc, configDir: string, root: string): { items: RawTestAt[]; baseOf: Map<RawTestAt, string> } => {
  const value = (doc.value as Record<string, unknown>).tests;
  const items: RawTestAt[] = [];
  const baseOf = new Map<RawTestAt, string>();
  const entries = listOf(value);
  entries.forEach((entry, i) => {
    const path = Array.isArray(value) ? ['tests', i] : ['tests'];
    const line = doc.lineOf(path);
    if (isFileRef(entry)) {
      const file = resolveRef(entry, configDir, root, `${doc.shown}:${line}`);
      for (const t of readTestsFile(file, root)) {
        items.push(t);
        baseOf.set(t, dirOf(file));
      }
    } else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const t: RawTestAt = { test: entry as Record<string, unknown>, line, file: doc.shown, fromCsv: false, lineOf: (sub) => doc.lineOf([...path, ...sub]) };
      items.push(t);
      baseOf.set(t, configDir);
    } else {
      throw new HarnessError('invalid-input', `${doc.shown}:${line} : test illisible (objet ou file://… attendu)`);
    }
  });
  return { items, baseOf };
};

/**
 * @param configFile absolute path of the promptfoo configuration; its folder bounds every file:// reference
 */
export const readPromptfooConfig = (configFile: string, report: ImportReport): ImportPlan => {
  const configDir = dirname(resolve(configFile));
  const root = configDir;
  const doc = readStructured(configFile, root);
  const config = doc.value;
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new HarnessError('invalid-input', `${doc.shown} : configuration promptfoo attendue (prompts, providers, tests)`);
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!HANDLED.has(key)) report.add({ status: 'dropped', file: doc.shown, line: doc.lineOf([key]), what: `clé ${key}`, note: 'non importée (bac-à-sable n’a pas cette notion, ou elle se règle ailleurs)' });
  }

  // promptfoo also takes `prompts: { 'file://a.txt': label }`: each key is a prompt, its value the label.
  const promptMap = c.prompts !== null && typeof c.prompts === 'object' && !Array.isArray(c.prompts) && !['raw', 'id', 'label'].some((k) => Object.hasOwn(c.prompts as object, k));
  if (promptMap) c.prompts = Object.entries(c.prompts as Record<string, unknown>).map(([raw, label]) => ({ raw, ...(typeof label === 'string' ? { label } : {}) }));
  const prompts = listOf(c.prompts).flatMap((entry, i) =>
    mapPromptEntry(entry, i, { file: doc.shown, line: doc.lineOf(Array.isArray(c.prompts) ? ['prompts', i] : ['prompts']) }, { configDir, root }, report),
  );
  if (prompts.length === 0) throw new HarnessError('invalid-input', `${doc.shown} : aucune consigne importable (prompts:)`, { hint: 'écrivez au moins une consigne en texte ou file://consigne.txt' });

  const providersKey = c.providers !== undefined ? 'providers' : 'targets';
  const rawProviders = c[providersKey];
  const models = listOf(rawProviders).flatMap((entry, i) => {
    const m = mapProvider(entry, { file: doc.shown, line: doc.lineOf(Array.isArray(rawProviders) ? [providersKey, i] : [providersKey]) }, report);
    return m ? [m] : [];
  });
  // Two providers with the same model name get distinct ids (`gpt-4o-mini`, `gpt-4o-mini-2`).
  const seen = new Set<string>();
  for (const m of models) {
    let id = String(m.block.id);
    for (let n = 2; seen.has(id); n++) id = `${String(m.block.id)}-${n}`;
    seen.add(id);
    m.block.id = id;
  }
  const judges = new Map<string, string>(models.flatMap((m) => m.names.map((n) => [n, String(m.block.id)] as [string, string])));
  const ctx = { root, report, judges };

  let defaultTest: ImportPlan['defaultTest'];
  let templated: { raw: Record<string, unknown>; at: { file: string; line: number } }[] = [];
  if (c.defaultTest !== undefined) {
    const dt = (isFileRef(c.defaultTest) ? readStructured(resolveRef(c.defaultTest, configDir, root, `${doc.shown}:${doc.lineOf(['defaultTest'])}`), root).value : c.defaultTest) as Record<string, unknown>;
    const at = { file: doc.shown, line: doc.lineOf(['defaultTest']) };
    defaultTest = {};
    for (const key of Object.keys(dt ?? {})) {
      if (!['vars', 'assert', 'threshold'].includes(key)) report.add({ status: 'dropped', ...at, what: `defaultTest : ${key}`, note: 'non importé (options, metadata, provider…)' });
    }
    if (dt?.vars && typeof dt.vars === 'object') defaultTest.vars = dt.vars as Record<string, unknown>;
    if (typeof dt?.threshold === 'number') defaultTest.threshold = dt.threshold;
    const split = splitDefaults(dt?.assert);
    const inline = !isFileRef(c.defaultTest);
    const atOf = (raw: Record<string, unknown>) => ({ file: doc.shown, line: inline ? doc.lineOf(['defaultTest', 'assert', (dt.assert as unknown[]).indexOf(raw)]) : at.line });
    templated = split.templated.map((raw) => ({ raw, at: atOf(raw) }));
    const plain = split.plain.flatMap((raw) => mapAssertions([raw], atOf(raw), ctx, undefined).assert);
    if (plain.length > 0) defaultTest.assert = plain;
    // Reported once here; rendered silently for each case by mapTest (promptfoo renders them per test).
    for (const t of templated) mapAssertions([t.raw], t.at, ctx, undefined);
  }

  const { items, baseOf } = collectTests(doc, configDir, root);
  const cases: MappedCase[] = items.length > 0 ? items.flatMap((t) => mapTest(t, baseOf.get(t) ?? configDir, ctx, templated)) : [{}];
  if (items.length === 0) report.add({ status: 'mapped', file: doc.shown, line: 1, what: 'tests', note: 'aucun test : un cas sans variables, comme promptfoo' });
  for (const m of models) m.block.id = slugModelId(String(m.block.id));
  // promptfoo grades with its own default model when none is named; bac-à-sable never picks one.
  const graded = [...(defaultTest?.assert ?? []), ...cases.flatMap((k) => k.assert ?? [])].filter((a) => JUDGE_TYPES.has(String(a.type)) && a.judge === undefined);
  if (graded.length > 0) {
    report.add({
      status: 'approximated',
      file: doc.shown,
      line: 1,
      what: `correcteur par défaut (${[...new Set(graded.map((a) => String(a.type)))].join(', ')})`,
      note: 'promptfoo note avec son modèle par défaut ; bac-à-sable n’en choisit aucun : ajoutez judge: à la suite ou defaults.judge à la configuration (run le demandera)',
    });
  }
  // promptfoo renders a var no case gives as empty text; bac-à-sable refuses it (strict templates):
  // the empty value is written in defaultTest so the meaning stays, and said in the report.
  const given = (k: MappedCase) => new Set([...Object.keys(defaultTest?.vars ?? {}), ...Object.keys(k.vars ?? {})]);
  const missing = new Set<string>();
  for (const p of prompts) {
    const texts = p.messages ? p.messages.map((m) => m.content) : [p.prompt ?? ''];
    const used = texts.flatMap((t) => {
      try {
        return templateVars(t);
      } catch {
        return [];
      }
    });
    for (const v of used) if (cases.some((k) => !given(k).has(v))) missing.add(v);
  }
  if (missing.size > 0) {
    defaultTest = { ...(defaultTest ?? {}), vars: { ...(defaultTest?.vars ?? {}), ...Object.fromEntries([...missing].map((v) => [v, ''])) } };
    for (const v of missing) {
      report.add({ status: 'approximated', file: doc.shown, line: doc.lineOf(['prompts']), what: `variable {{${v}}}`, note: 'absente de certains tests : promptfoo insère un texte vide, écrit ici en defaultTest.vars (valeur « »)' });
    }
  }
  return { ...(typeof c.description === 'string' ? { description: c.description } : {}), prompts, models, cases, ...(defaultTest ? { defaultTest } : {}) };
};
