/**
 * `bac-a-sable run`: the composition root of a campaign. Loads and validates everything first
 * (nothing is written when input is invalid), builds providers, runs, then writes the run folder.
 * With `--resume RUN_DIR` it continues a campaign with the same plan, skipping what is done.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import type { CaseResult } from '../core/types.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { ModelConfig } from '../config/schema.js';
import { createConsoleReporter } from '../reporters/console.js';
import { renderSummaryTable } from '../reporters/table.js';
import type { Reporter } from '../runner/events.js';
import { jobKey } from '../runner/plan.js';
import { runPlan, type EvaluateCase, type RunModel } from '../runner/run.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { createDiskCache } from '../store/cache.js';
import { writeFileAtomic, writeJsonAtomic } from '../store/files.js';
import { openResultsLog, readResults } from '../store/jsonl.js';
import { newRunId, runFile } from '../store/run-folder.js';
import { display, modelSearchPath, type CommandContext } from './context.js';
import { finalizeRunFolder } from './finalize.js';
import { buildManifest } from './manifest.js';
import { planFromArgs, planFromManifest, type RunArgs } from './run-plan.js';
import { startModels } from './start-models.js';

export type { RunArgs };
export type RunDeps = { providers: ProviderRegistry; checker: AssertionChecker; evaluate: EvaluateCase };
export type RunOutcome = { runDir: string; interrupted: boolean };

/** After the first Ctrl-C, requests still running get this long to finish before they are cancelled. */
export const STOP_GRACE_MS = 20_000;

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

/**
 * Prepares an existing results log for appending: drops a line torn by a crash, and with
 * `retryErrors` removes the error lines so those cases run again. Returns the keys already done.
 */
const prepareResume = async (resultsFile: string, retryErrors: boolean): Promise<{ done: Set<string>; retried: number }> => {
  if (!existsSync(resultsFile)) return { done: new Set(), retried: 0 };
  const text = readFileSync(resultsFile, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline + 1 < text.length) truncateSync(resultsFile, Buffer.byteLength(text.slice(0, lastNewline + 1)));
  const kept: string[] = [];
  const done = new Set<string>();
  let retried = 0;
  for await (const r of readResults(resultsFile)) {
    const key = jobKey(r.suite, r.caseId, r.model, r.repeat);
    if (retryErrors && r.status === 'error') {
      retried++;
      continue;
    }
    if (done.has(key)) continue; // never two lines for one case
    done.add(key);
    kept.push(JSON.stringify(r));
  }
  if (retryErrors && retried > 0) writeFileAtomic(resultsFile, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  return { done, retried };
};

export const runCommand = async (ctx: CommandContext, args: RunArgs, deps: RunDeps): Promise<RunOutcome> => {
  if (args.retryErrors && !args.resume) {
    throw new HarnessError('invalid-input', '--retry-errors s’emploie avec --resume DOSSIER_DE_CAMPAGNE');
  }
  const setup = args.resume ? planFromManifest(ctx, args.resume, deps.providers, deps.checker) : planFromArgs(ctx, args, deps.providers, deps.checker);
  const { config, suites, models, record } = setup;
  checkSecrets(models, deps.providers, ctx.env, config.file ? display(ctx, config.file) : '(configuration intégrée)');

  const providerDeps = { env: ctx.env, fetch: ctx.fetch, now: ctx.now, projectRoot: ctx.cwd, modelSearchPath: modelSearchPath(ctx) };
  const { runModels, skippedModels, described } = await startModels(ctx, models, deps.providers, providerDeps);
  if (runModels.length === 0) throw new HarnessError('run-failed', 'aucun modèle utilisable pour cette campagne', { hint: 'voir les messages ci-dessus' });

  const startedAt = ctx.date();
  const runId = setup.resumeDir ? ((JSON.parse(readFileSync(runFile(setup.resumeDir, 'manifest'), 'utf8')) as { runId: string }).runId) : newRunId(startedAt);
  const runDir = setup.resumeDir ?? resolve(ctx.cwd, args.out ?? config.defaults.out, runId);
  let done = new Set<string>();
  if (setup.resumeDir) {
    const resumed = await prepareResume(runFile(runDir, 'results'), Boolean(args.retryErrors));
    done = resumed.done;
    if (resumed.retried > 0) ctx.stderr.write(`${resumed.retried} cas en erreur seront relancés.\n`);
  } else {
    mkdirSync(runDir, { recursive: true });
    writeJsonAtomic(
      runFile(runDir, 'manifest'),
      buildManifest({ runId, createdAt: startedAt.toISOString(), cwd: ctx.cwd, configFile: config.file, suites, models: models.filter((m) => !skippedModels.some((s) => s.id === m.id)), described, repeat: record.repeat, ...(record.concurrency ? { concurrency: record.concurrency } : {}), skippedModels, plan: record }),
    );
  }

  const log = openResultsLog(runFile(runDir, 'results'));
  const store: Reporter = { onCaseResult: (r: CaseResult) => log.append(r) };
  const reporters = [store, createConsoleReporter({ stream: ctx.stderr, tty: Boolean(ctx.stderr.isTTY) })];
  // The first Ctrl-C stops scheduling; requests in flight get a bounded grace, then are cancelled.
  const abort = new AbortController();
  const onStop = () => setTimeout(() => abort.abort(new HarnessError('cancelled', 'délai de grace dépassé')), STOP_GRACE_MS).unref();
  ctx.stopSignal.addEventListener('abort', onStop, { once: true });
  let end;
  try {
    end = await runPlan({
      runId,
      suites,
      models: runModels,
      repeat: record.repeat,
      ...(record.concurrency ? { concurrency: record.concurrency } : {}),
      evaluate: deps.evaluate,
      reporters,
      stopSignal: ctx.stopSignal,
      abortSignal: AbortSignal.any([ctx.abortSignal, abort.signal]),
      now: ctx.now,
      date: ctx.date,
      done,
      ...(record.cache ? { cache: createDiskCache(resolve(ctx.cwd, 'reports', 'cache')) } : {}),
    });
  } finally {
    ctx.stopSignal.removeEventListener('abort', onStop);
    log.close();
    for (const m of runModels) await m.provider.close?.();
  }
  const summary = await finalizeRunFolder(runDir, { startedAt: startedAt.toISOString(), ...end });
  ctx.stdout.write(`\n${renderSummaryTable(summary.cells)}\n\n`);
  if (end.interrupted) {
    ctx.stdout.write(`Campagne interrompue : ${summary.totals.n} résultat(s) enregistrés. Pour la reprendre :\n  npx bac-a-sable run --resume ${display(ctx, runDir)}\n`);
  }
  ctx.stdout.write(`Dossier de la campagne : ${display(ctx, runDir)}\n`);
  return { runDir: join(runDir), interrupted: end.interrupted };
};
