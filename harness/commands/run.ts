/**
 * `bac-a-sable run`: the composition root of a campaign. Loads and validates everything first
 * (nothing is written when input is invalid), builds providers, runs, then writes the run folder.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import type { CaseResult } from '../core/types.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { ModelConfig } from '../config/schema.js';
import { createConsoleReporter } from '../reporters/console.js';
import { renderSummaryTable } from '../reporters/table.js';
import type { Reporter } from '../runner/events.js';
import { runPlan, type EvaluateCase, type RunModel } from '../runner/run.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { writeJsonAtomic } from '../store/files.js';
import { openResultsLog } from '../store/jsonl.js';
import { newRunId, runFile } from '../store/run-folder.js';
import { display, loadSuites, modelSearchPath, readConfig, resolveSuiteFiles, type CommandContext } from './context.js';
import { finalizeRunFolder } from './finalize.js';
import { buildManifest } from './manifest.js';

export type RunArgs = {
  suite: string[];
  model: string[];
  config?: string;
  out?: string;
  repeat?: number;
  concurrency?: number;
};

export type RunDeps = { providers: ProviderRegistry; checker: AssertionChecker; evaluate: EvaluateCase };

export type RunOutcome = { runDir: string; interrupted: boolean };

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

/** Every secret the chosen models need must be in the environment before anything runs. */
const checkSecrets = (models: readonly ModelConfig[], providers: ProviderRegistry, env: CommandContext['env'], configFile: string): void => {
  const issues: Issue[] = [];
  for (const m of models) {
    for (const name of providers[m.provider]?.requiredEnv?.(m.settings as never) ?? []) {
      if (!env[name]) {
        issues.push({ at: { file: configFile, line: 1 }, path: `models[${m.id}]`, message: `la variable d'environnement ${name} n'est pas définie`, hint: `export ${name}=… avant de lancer, ou retirez « ${m.id} » avec --model` });
      }
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
};

export const runCommand = async (ctx: CommandContext, args: RunArgs, deps: RunDeps): Promise<RunOutcome> => {
  const config = readConfig(ctx, deps.providers, args.config);
  const files = resolveSuiteFiles(ctx, config, args.suite);
  if (files.length === 0) {
    throw new HarnessError('invalid-input', `aucune suite trouvée dans ${config.defaults.suites}/`, { hint: 'créez-en une avec bac-a-sable new-suite, ou passez --suite CHEMIN' });
  }
  const { suites, issues } = loadSuites(ctx, files, deps.checker);
  if (issues.length > 0) throw invalidInput(issues);
  const models = selectModels(config.models, args.model.length > 0 ? args.model : config.defaults.models);
  checkSecrets(models, deps.providers, ctx.env, config.file ? display(ctx, config.file) : '(configuration intégrée)');

  const repeat = args.repeat ?? config.defaults.repeat;
  const concurrency = args.concurrency ?? config.defaults.concurrency;
  const providerDeps = { env: ctx.env, fetch: ctx.fetch, now: ctx.now, projectRoot: ctx.cwd, modelSearchPath: modelSearchPath(ctx) };
  const runModels: RunModel[] = [];
  const skippedModels: { id: string; reason: string }[] = [];
  const described = new Map<string, Record<string, unknown>>();
  for (const m of models) {
    const def = deps.providers[m.provider]!;
    const provider = def.create({ ...m, ...m.settings } as never, providerDeps);
    const check = await provider.check?.(ctx.abortSignal);
    if (check && !check.ok) {
      skippedModels.push({ id: m.id, reason: check.reason });
      ctx.stderr.write(`⚠ ${m.id} ignoré : ${check.reason}${check.hint ? `\n  → ${check.hint}` : ''}\n`);
      await provider.close?.();
      continue;
    }
    try {
      described.set(m.id, (await provider.describe?.(ctx.abortSignal)) ?? {});
    } catch (e) {
      described.set(m.id, { describeError: e instanceof Error ? e.message : String(e) });
    }
    runModels.push({
      id: m.id,
      hosting: m.hosting,
      providerName: m.provider,
      provider,
      ...(m.options ? { options: m.options } : {}),
      ...(m.timeoutMs ? { timeoutMs: m.timeoutMs } : {}),
      ...(m.maxRetries !== undefined ? { maxRetries: m.maxRetries } : {}),
      ...(m.concurrency ? { concurrency: m.concurrency } : {}),
      ...(m.suites ? { suites: m.suites } : {}),
    });
  }
  if (runModels.length === 0) throw new HarnessError('run-failed', 'aucun modèle utilisable pour cette campagne', { hint: 'voir les messages ci-dessus' });

  const startedAt = ctx.date();
  const runId = newRunId(startedAt);
  const runDir = resolve(ctx.cwd, args.out ?? config.defaults.out, runId);
  mkdirSync(runDir, { recursive: true });
  writeJsonAtomic(
    runFile(runDir, 'manifest'),
    buildManifest({ runId, createdAt: startedAt.toISOString(), cwd: ctx.cwd, configFile: config.file, suites, models: models.filter((m) => !skippedModels.some((s) => s.id === m.id)), described, repeat, ...(concurrency ? { concurrency } : {}), skippedModels }),
  );
  const log = openResultsLog(runFile(runDir, 'results'));
  const store: Reporter = { onCaseResult: (r: CaseResult) => log.append(r) };
  const reporters = [store, createConsoleReporter({ stream: ctx.stderr, tty: Boolean(ctx.stderr.isTTY) })];
  let end;
  try {
    end = await runPlan({
      runId,
      suites,
      models: runModels,
      repeat,
      ...(concurrency ? { concurrency } : {}),
      evaluate: deps.evaluate,
      reporters,
      stopSignal: ctx.stopSignal,
      abortSignal: ctx.abortSignal,
      now: ctx.now,
      date: ctx.date,
    });
  } finally {
    log.close();
    for (const m of runModels) await m.provider.close?.();
  }
  const summary = await finalizeRunFolder(runDir, { startedAt: startedAt.toISOString(), ...end });
  ctx.stdout.write(`\n${renderSummaryTable(summary.cells)}\n\n`);
  if (end.interrupted) {
    ctx.stdout.write(`Campagne interrompue : ${summary.totals.n} résultat(s) enregistrés.\n`);
  }
  ctx.stdout.write(`Dossier de la campagne : ${display(ctx, runDir)}\n`);
  return { runDir: join(runDir), interrupted: end.interrupted };
};
