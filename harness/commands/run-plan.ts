/**
 * What a campaign will run, decided before anything starts: from the command line for a new run,
 * or from the run folder's manifest for `--resume` (same suites, models and repeats, refused if a
 * suite or the config changed since).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseOverride } from '../sovereignty/policy.js';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import type { Suite } from '../core/types.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { Config, ModelConfig } from '../config/schema.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { BUILTIN_CONFIG, display, loadSuites, readConfig, resolveSuiteFiles, type CommandContext } from './context.js';
import { readManifest } from './manifest-file.js';
import { appliesTo } from '../runner/plan.js';
import { applySelection, parseShard, planFingerprint, type Selection } from './select.js';

export type RunArgs = {
  suite: string[];
  model: string[];
  config?: string;
  out?: string;
  repeat?: number;
  concurrency?: number;
  resume?: string;
  retryErrors?: boolean;
  cache?: boolean;
  allowEgress?: string[];
  lang?: 'fr' | 'en';
  concurrentLocal?: boolean;
  /** Quality gates (gate-run.ts): minimum pass rate, baseline run and maximum regression in points. */
  failUnder?: number;
  baseline?: string;
  maxRegression?: number;
  /** `--junit FILE`: the JUnit XML report for CI test views. */
  junit?: string;
  /** Case selection and sharding (select.ts). */
  cases?: string[];
  limit?: number;
  sample?: number;
  seed?: number;
  shard?: string;
  /** `--format json`: the summary as JSON on stdout, human lines on stderr; `--quiet`: no progress. */
  format?: 'text' | 'json';
  quiet?: boolean;
};

/** The part of the manifest that lets `--resume` rebuild the same plan. */
export type PlanRecord = {
  configFile: string | null;
  configSha256: string;
  suiteFiles: string[];
  models: string[];
  repeat: number;
  concurrency?: number;
  cache: boolean;
  /** Explicit exceptions to the hosting policy, with who asked and when. */
  overrides: { suite: string; model: string; by: string; at: string }[];
  /** The cases chosen (select.ts): kept by `--resume`, checked by `merge`. */
  selection?: Selection;
  /** Identifies the plan whatever the shard: `merge` refuses shards of different plans. */
  planFingerprint?: string;
};

export type RunPlanSetup = {
  config: Config;
  suites: Suite[];
  models: ModelConfig[];
  record: PlanRecord;
  /** Set when resuming: the existing run folder. */
  resumeDir?: string;
};

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

const configHash = (config: Config): string => sha256(config.file ? readFileSync(config.file) : BUILTIN_CONFIG);

const selectModels = (all: readonly ModelConfig[], wanted: readonly string[]): ModelConfig[] => {
  const issues: Issue[] = [];
  const chosen = wanted.flatMap((id) => {
    const m = all.find((x) => x.id === id);
    if (!m) {
      issues.push({ at: { file: '(ligne de commande)', line: 1 }, path: '--model', message: `modèle « ${id} » absent de la configuration`, hint: `modèles : ${all.map((x) => x.id).join(', ')}` });
      return [];
    }
    return [m];
  });
  if (issues.length > 0) throw invalidInput(issues);
  return [...new Map(chosen.map((m) => [m.id, m])).values()];
};

const parseOverrides = (ctx: CommandContext, texts: readonly string[], suites: readonly Suite[], models: readonly ModelConfig[]): PlanRecord['overrides'] => {
  const issues: Issue[] = [];
  const at = ctx.date().toISOString();
  const by = userInfo().username;
  const out = texts.flatMap((text) => {
    const o = parseOverride(text);
    const problem = !o
      ? 'forme attendue SUITE:MODELE'
      : !suites.some((s) => s.id === o.suite)
        ? `suite « ${o.suite} » absente de la campagne`
        : !models.some((m) => m.id === o.model)
          ? `modèle « ${o.model} » absent de la campagne`
          : undefined;
    if (problem || !o) {
      issues.push({ at: { file: '(ligne de commande)', line: 1 }, path: '--allow-egress', message: `« ${text} » : ${problem}` });
      return [];
    }
    return [{ ...o, by, at }];
  });
  if (issues.length > 0) throw invalidInput(issues);
  return out;
};

export const planFromArgs = (ctx: CommandContext, args: RunArgs, providers: ProviderRegistry, checker: AssertionChecker): RunPlanSetup => {
  const config = readConfig(ctx, providers, args.config);
  const files = resolveSuiteFiles(ctx, config, args.suite);
  if (files.length === 0) {
    throw new HarnessError('invalid-input', `aucune suite trouvée dans ${config.defaults.suites}/`, { hint: 'créez-en une avec bac-a-sable new-suite, ou passez --suite CHEMIN' });
  }
  const loaded = loadSuites(ctx, files, checker, { suitesDir: config.defaults.suites, publicContacts: config.policy.publicContacts });
  if (loaded.issues.length > 0) throw invalidInput(loaded.issues);
  const selection: Selection = {
    ...(args.cases && args.cases.length > 0 ? { cases: args.cases } : {}),
    ...(args.limit === undefined ? {} : { limit: args.limit }),
    ...(args.sample === undefined ? {} : { sample: args.sample, seed: args.seed ?? 0 }),
    ...(args.shard === undefined ? {} : { shard: parseShard(args.shard) }),
  };
  const suites = applySelection(loaded.suites, selection);
  const models = selectModels(config.models, args.model.length > 0 ? args.model : config.defaults.models);
  // A model named on the command line that would run nothing is a mistake to say, not an empty campaign.
  const idle = args.model.length > 0 ? models.filter((m) => m.suites !== undefined && !suites.some((s) => appliesTo(m.suites, s))) : [];
  if (idle.length > 0) {
    throw invalidInput(
      idle.map((m) => ({
        at: { file: '(ligne de commande)', line: 1 },
        path: '--model',
        message: `« ${m.id} » ne lancerait rien : sa configuration le limite aux suites ${m.suites!.join(', ')} (champ suites:), et la campagne ne contient que ${suites.map((s) => s.id).join(', ')}`,
        hint: `ajoutez --suite ${m.suites![0]}, ou retirez ce modèle, ou élargissez son champ suites: dans la configuration`,
      })),
    );
  }
  const repeat = args.repeat ?? config.defaults.repeat;
  const configSha256 = configHash(config);
  const concurrency = args.concurrency ?? config.defaults.concurrency;
  return {
    config,
    suites,
    models,
    record: {
      configFile: config.file,
      configSha256,
      suiteFiles: suites.map((s) => s.file),
      models: models.map((m) => m.id),
      repeat,
      ...(concurrency ? { concurrency } : {}),
      // Repeats must be independent samples: a cache would return the first answer K times.
      cache: Boolean(args.cache) && repeat === 1,
      overrides: parseOverrides(ctx, args.allowEgress ?? [], suites, models),
      selection,
      planFingerprint: planFingerprint({ configSha256, suites, models: models.map((m) => m.id), repeat, selection }),
    },
  };
};

/**
 * Exceptions to the policy are never taken from manifest.json alone (a file anyone can edit): each
 * must be typed again with --allow-egress at resume, and none can be added there.
 */
const confirmOverrides = (recorded: PlanRecord['overrides'], typed: readonly string[], resumeArg: string): void => {
  const issues: Issue[] = [];
  const confirmed = typed.map((t) => ({ text: t, o: parseOverride(t) }));
  for (const o of recorded) {
    if (confirmed.some((c) => c.o?.suite === o.suite && c.o.model === o.model)) continue;
    issues.push({
      at: { file: '(ligne de commande)', line: 1 },
      path: '--allow-egress',
      message: `manifest.json contient l’exception ${o.suite}:${o.model} (inscrite au nom de ${o.by}, ${o.at}) : elle doit être confirmée à la reprise`,
      hint: `si vous l’avez bien demandée : bac-a-sable run --resume ${resumeArg} --allow-egress ${o.suite}:${o.model} ; sinon, manifest.json a été modifié : relancez une nouvelle campagne`,
    });
  }
  for (const c of confirmed) {
    if (c.o && recorded.some((o) => o.suite === c.o!.suite && o.model === c.o!.model)) continue;
    issues.push({ at: { file: '(ligne de commande)', line: 1 }, path: '--allow-egress', message: `« ${c.text} » : une exception ne s’ajoute pas à une campagne reprise`, hint: 'lancez une nouvelle campagne avec cette exception' });
  }
  if (issues.length > 0) throw invalidInput(issues);
};

export const planFromManifest = (ctx: CommandContext, runDirArg: string, providers: ProviderRegistry, checker: AssertionChecker, typedOverrides: readonly string[] = []): RunPlanSetup => {
  const runDir = resolve(ctx.cwd, runDirArg);
  const manifest = readManifest(runDir);
  const record = manifest.plan as PlanRecord | undefined;
  if (!record) throw new HarnessError('invalid-input', `${display(ctx, runDir)} : manifest.json sans plan (campagne d'une version antérieure)`, { hint: 'relancez la campagne sans --resume' });
  confirmOverrides(Array.isArray(record.overrides) ? record.overrides : [], typedOverrides, runDirArg);
  const config = readConfig(ctx, providers, record.configFile ?? undefined);
  const changed: string[] = [];
  if (configHash(config) !== record.configSha256) changed.push(record.configFile ? display(ctx, record.configFile) : 'configuration intégrée');
  const missing = record.suiteFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new HarnessError('invalid-input', `reprise impossible : suite(s) introuvable(s) : ${missing.map((f) => display(ctx, f)).join(', ')}`);
  const { suites, issues } = loadSuites(ctx, record.suiteFiles, checker, { suitesDir: config.defaults.suites, publicContacts: config.policy.publicContacts });
  if (issues.length > 0) throw invalidInput(issues);
  const hashes = new Map(((manifest.suites ?? []) as { id: string; sha256: string }[]).map((s) => [s.id, s.sha256]));
  for (const s of suites) if (hashes.get(s.id) !== s.hash) changed.push(display(ctx, s.file));
  if (changed.length > 0) {
    throw new HarnessError('invalid-input', `reprise refusée : modifié depuis le début de la campagne : ${changed.join(', ')}`, {
      hint: 'une reprise doit rejouer exactement le même plan ; lancez une nouvelle campagne (sans --resume)',
    });
  }
  // The same cases as when the campaign started (--cases, --limit, --sample, --shard).
  return { config, suites: applySelection(suites, record.selection ?? {}), models: selectModels(config.models, record.models), record, resumeDir: runDir };
};
