/**
 * `bac-a-sable run`: the composition root of a campaign. Loads and validates everything first
 * (nothing is written when input is invalid), builds providers, runs, then writes the run folder.
 * With `--resume RUN_DIR` it continues a campaign with the same plan, skipping what is done.
 */
import { setMaxListeners } from 'node:events';
import { loopbackServerWarnings } from './loopback-server.js';
import { parseYaml } from '../suites/parse-yaml.js';
import { locateInYaml } from '../suites/locate.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import { HOSTING_LABELS } from '../core/labels.js';
import { openEgressLog } from '../sovereignty/egress.js';
import { createSecretScrubber, type SecretScrubber } from '../sovereignty/secrets.js';
import { admit } from '../sovereignty/policy.js';
import { appliesTo, sampleCases } from '../runner/plan.js';
import type { CaseResult } from '../core/types.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { ModelConfig } from '../config/schema.js';
import { createConsoleReporter } from '../reporters/console.js';
import { renderSummaryTable } from '../reporters/table.js';
import type { Reporter } from '../runner/events.js';
import { runPlan, type EvaluateCase } from '../runner/run.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { createDiskCache } from '../store/cache.js';
import { writeJsonAtomic } from '../store/files.js';
import { openResultsLog } from '../store/jsonl.js';
import { newRunId, runFile } from '../store/run-folder.js';
import { fetchMissingModels } from './fetch-models.js';
import { display, modelSearchPath, resolveOutputRoot, type CommandContext } from './context.js';
import { readManifest } from './manifest-file.js';
import { buildManifest } from './manifest.js';
import { planFromArgs, planFromManifest, type RunArgs } from './run-plan.js';
import { startModels } from './start-models.js';
import { prepareResume } from './resume.js';
import { warmUp } from './warm-up.js';
import { setupEnergy } from './energy-setup.js';
import { recordInObservatory } from './record-observatory.js';
import { planJudges } from './judges-plan.js';
import { createRequestGuard, type GuardOptions } from '../sovereignty/guard.js';
import { createRouter } from './egress-route.js';
import { EGRESS_LOG, writeEgressSummary } from './egress-files.js';
import { applyGates, prepareGates } from './gate-run.js';
import { writeJunitFile } from './junit-file.js';
import { humanContext, machineSummary } from './run-output.js';
import type { GatedSummary } from './gates.js';

/**
 * The signal every request of the campaign listens to. Each request in flight adds one abort
 * listener and removes it when it settles, so their number is bounded by the concurrency; Node's
 * default warning at 11 listeners would only print noise on stderr at `--concurrency 16`.
 */
const runSignal = (...signals: AbortSignal[]): AbortSignal => {
  const signal = AbortSignal.any(signals);
  setMaxListeners(0, signal);
  return signal;
};

export type { RunArgs };
export type RunDeps = { providers: ProviderRegistry; checker: AssertionChecker; evaluate: EvaluateCase; pii?: Pick<GuardOptions, 'createRedactor' | 'hasPii' | 'findPii'> };
/** `exitCode`: 0, or 3 / 4 from the gates (gate-run.ts); an interrupted run ends with 130 whatever it is. */
export type RunOutcome = { runDir: string; interrupted: boolean; exitCode: number };

/** After the first Ctrl-C, requests still running get this long to finish before they are cancelled. */
export const STOP_GRACE_MS = 20_000;

/** Every secret the chosen models need must be in the environment before anything runs. */
/** Where a model is written in the config file (its `- id:` line), so the message points at it, not at line 1. */
const modelLine = (configPath: string | null, id: string): { line: number; column?: number } => {
  if (!configPath) return { line: 1 };
  try {
    const parsed = parseYaml(readFileSync(configPath, 'utf8'), configPath);
    if (!parsed.ok) return { line: 1 };
    const list = (parsed.value.value as { models?: { id?: unknown }[] } | null)?.models ?? [];
    const index = list.findIndex((m) => m?.id === id);
    if (index < 0) return { line: 1 };
    const at = locateInYaml(parsed.value.doc, parsed.value.lineCounter, configPath, ['models', index]);
    return { line: at.line, ...(at.column === undefined ? {} : { column: at.column }) };
  } catch {
    return { line: 1 };
  }
};

const checkSecrets = (models: readonly ModelConfig[], providers: ProviderRegistry, env: CommandContext['env'], configFile: string, configPath: string | null = null): void => {
  const issues: Issue[] = [];
  for (const m of models) {
    for (const name of providers[m.provider]?.requiredEnv?.(m.settings as never) ?? []) {
      if (!env[name]) {
        issues.push({ at: { file: configFile, ...modelLine(configPath, m.id) }, path: `models[${m.id}]`, message: `la variable d'environnement ${name} n'est pas définie`, hint: `export ${name}=… avant de lancer, ou retirez « ${m.id} » avec --model` });
      }
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
};

const countPlanned = (suites: readonly { id: string; community: string; cases: readonly unknown[] }[], models: readonly ModelConfig[], repeat: number): number =>
  models.reduce((n, m) => n + suites.reduce((k, s) => k + (appliesTo(m.suites, s as never) ? sampleCases(s.cases, m.samplePerSuite).length * repeat : 0), 0), 0);

/**
 * Every secret the config can use (API keys, header values from the environment), for the one
 * scrubber all messages and files go through, whether or not the model takes part in this run.
 */
const secretScrubber = (models: readonly ModelConfig[], providers: ProviderRegistry, env: CommandContext['env']): SecretScrubber =>
  createSecretScrubber(models.flatMap((m) => (providers[m.provider]?.requiredEnv?.(m.settings as never) ?? []).map((name) => env[name])));

/** The same error, with no secret left in its message, hint or issues (the cause, which may quote one, is dropped). */
const scrubError = (e: unknown, secrets: SecretScrubber): unknown => {
  if (e instanceof HarnessError) {
    return new HarnessError(e.code, secrets.scrub(e.message), {
      ...(e.at ? { at: e.at } : {}),
      ...(e.hint ? { hint: secrets.scrub(e.hint) } : {}),
      ...(e.issues ? { issues: secrets.scrubDeep(e.issues) } : {}),
      ...(e.retryAfterS === undefined ? {} : { retryAfterS: e.retryAfterS }),
    });
  }
  if (e instanceof Error) {
    const clean = new Error(secrets.scrub(e.message));
    clean.stack = secrets.scrub(e.stack ?? '');
    return clean;
  }
  return new Error(secrets.scrub(String(e)));
};

const warnSequential = (ctx: CommandContext, id: string): void => {
  ctx.stderr.write(`ℹ ${id} (sur ce poste) : une requête à la fois, pour que l’énergie mesurée de chaque cas soit la sienne.\n`);
};


export const runCommand = async (ctx: CommandContext, args: RunArgs, deps: RunDeps): Promise<RunOutcome> => {
  let secrets: SecretScrubber | undefined;
  try {
    const outcome = await runCampaign(humanContext(ctx, args), args, deps, (s) => (secrets = s));
    if (args.format === 'json') ctx.stdout.write(`${JSON.stringify(machineSummary(outcome.runDir, outcome), null, 2)}\n`);
    return outcome;
  } catch (e) {
    throw secrets ? scrubError(e, secrets) : e;
  }
};

const runCampaign = async (outer: CommandContext, args: RunArgs, deps: RunDeps, onSecrets: (s: SecretScrubber) => void): Promise<RunOutcome> => {
  let ctx = outer;
  if (args.retryErrors && !args.resume) {
    throw new HarnessError('invalid-input', '--retry-errors s’emploie avec --resume DOSSIER_DE_CAMPAGNE');
  }
  const setup = args.resume ? planFromManifest(ctx, args.resume, deps.providers, deps.checker, args.allowEgress ?? []) : planFromArgs(ctx, args, deps.providers, deps.checker);
  const { config, suites, models, record } = setup;
  const gateOptions = prepareGates(ctx, args);
  // Checked before anything is contacted: a run folder behind a link to outside the project is refused.
  const outRoot = setup.resumeDir ? undefined : resolveOutputRoot(ctx, config, args.out);
  checkSecrets(models, deps.providers, ctx.env, config.file ? display(ctx, config.file) : '(configuration intégrée)', config.file);
  // From here on, no secret reaches the terminal, a file or an error message.
  const secrets = secretScrubber(config.models, deps.providers, ctx.env);
  onSecrets(secrets);
  ctx = { ...ctx, stdout: secrets.wrap(ctx.stdout), stderr: secrets.wrap(ctx.stderr) };

  // Sovereignty: decided before the first request; refused pairs are never sent.
  const admission = admit(config.policy, suites, models, record.overrides, HOSTING_LABELS);
  for (const r of admission.refusals) {
    ctx.stderr.write(`⛔ ${r.suite} × ${r.model} : ${r.cases} cas non envoyé(s) — ${r.reason}. Pour passer outre : --allow-egress ${r.suite}:${r.model}\n`);
  }
  const planned = countPlanned(suites, models, record.repeat);
  if (planned > 0 && admission.refusedCount * record.repeat >= planned) {
    throw new HarnessError('policy-refused', 'la politique d’hébergement refuse tous les envois de cette campagne : rien n’a été lancé', {
      hint: 'choisissez un modèle local ou sur les serveurs de la collectivité, ou ajoutez --allow-egress SUITE:MODELE',
    });
  }
  for (const o of record.overrides) ctx.stderr.write(`⚠ exception à la politique : ${o.suite} → ${o.model} (demandée par ${o.by}, ${o.at})\n`);

  const judging = planJudges(suites, config, record.overrides);
  const judgeConfigs = judging.ids.filter((id) => !models.some((m) => m.id === id)).map((id) => config.models.find((m) => m.id === id)!);
  checkSecrets(judgeConfigs, deps.providers, ctx.env, config.file ? display(ctx, config.file) : '(configuration intégrée)', config.file);
  for (const w of judging.warnings) ctx.stderr.write(`⛔ ${w}\n`);

  // The embedded demo model fetches itself when missing (or says how to get it, and the run goes on).
  await fetchMissingModels(ctx, [...models, ...judgeConfigs], config.models);
  const providerDeps = { env: ctx.env, fetch: ctx.fetch, now: ctx.now, projectRoot: ctx.cwd, modelSearchPath: modelSearchPath(ctx) };
  const started = await startModels(ctx, [...models, ...judgeConfigs], deps.providers, providerDeps, config.models);
  const { skippedModels, described } = started;
  // Local models share this machine's meter: one request at a time, so that each case's window holds
  // its own work only (overlapping windows would count the same CPU seconds twice).
  const runModels = started.runModels
    .filter((m) => models.some((c) => c.id === m.id))
    .map((m) => (m.hosting === 'local' && (m.concurrency ?? 1) > 1 && !args.concurrentLocal ? (warnSequential(ctx, m.id), { ...m, concurrency: 1 }) : m));
  for (const warning of loopbackServerWarnings(runModels)) ctx.stderr.write(`${warning}\n`);
  for (const m of runModels.filter((x) => x.samplePerSuite)) {
    ctx.stderr.write(`ℹ ${m.id} : échantillon de ${m.samplePerSuite} cas par suite, répartis sur toute la suite (samplePerSuite dans la configuration ; retirez-le pour tous les cas).\n`);
  }
  const judgeModels = new Map(started.runModels.filter((m) => judging.ids.includes(m.id)).map((m) => [m.id, m]));
  if (runModels.length === 0) throw new HarnessError('run-failed', 'aucun modèle utilisable pour cette campagne', { hint: 'voir les messages ci-dessus' });

  const energy = await setupEnergy(config.energy, ctx.now);
  const startedAt = ctx.date();
  const runId = setup.resumeDir ? readManifest(setup.resumeDir).runId : newRunId(startedAt);
  const runDir = setup.resumeDir ?? join(outRoot!, runId);
  let done = new Set<string>();
  if (setup.resumeDir) {
    const resumed = await prepareResume(runFile(runDir, 'results'), Boolean(args.retryErrors));
    done = resumed.done;
    if (resumed.retried > 0) ctx.stderr.write(`${resumed.retried} cas en erreur seront relancés.\n`);
  } else {
    mkdirSync(runDir, { recursive: true });
    writeJsonAtomic(
      runFile(runDir, 'manifest'),
      secrets.scrubDeep(buildManifest({ runId, createdAt: startedAt.toISOString(), cwd: ctx.cwd, configFile: config.file, policy: config.policy, suites, models: models.filter((m) => !skippedModels.some((s) => s.id === m.id)), described, repeat: record.repeat, ...(record.concurrency ? { concurrency: record.concurrency } : {}), skippedModels, plan: record, energy: energy.manifest, ...(config.communities ? { communities: config.communities } : {}) })),
    );
  }

  // The ledger: one line per request, written before it leaves; egress.json is derived from it.
  const egressHead = { runId, policy: config.policy, overrides: record.overrides, refusals: admission.refusals };
  writeEgressSummary(runDir, egressHead);
  const egressLog = openEgressLog(join(runDir, EGRESS_LOG));
  const settingsOf = new Map(config.models.map((m) => [m.id, m]));
  const judgeRefusal = judging.refusal(config.policy);
  const guard = createRequestGuard({
    policy: config.policy,
    ledger: egressLog,
    route: createRouter(config.models),
    modelRedact: (id) => settingsOf.get(id)?.redact,
    // Candidates: the admission decided above; judges: the same policy, checked for judges.
    refusal: (model, suite, testCase, purpose) =>
      purpose === 'judge' ? judgeRefusal(model, suite, testCase) : admission.accepts(model.id, suite.id, testCase.id) ? undefined : 'données non autorisées vers cet hébergement par la politique',
    date: ctx.date,
    suites,
    ...(deps.pii ?? {}),
  });
  const log = openResultsLog(runFile(runDir, 'results'));
  const store: Reporter = { onCaseResult: (r: CaseResult) => log.append(r) };
  const reporters = [store, ...(args.quiet ? [] : [createConsoleReporter({ stream: ctx.stderr, tty: Boolean(ctx.stderr.isTTY) })])];
  // The first Ctrl-C stops scheduling; requests in flight get a bounded grace, then are cancelled.
  const abort = new AbortController();
  const onStop = () => setTimeout(() => abort.abort(new HarnessError('cancelled', 'délai de grace dépassé')), STOP_GRACE_MS).unref();
  ctx.stopSignal.addEventListener('abort', onStop, { once: true });
  energy.start();
  let end;
  try {
    const warmups = await warmUp(runModels, suites, energy, ctx.abortSignal, { accepts: admission.accepts, guard });
    if (warmups.length > 0) writeJsonAtomic(join(runDir, 'warmup.json'), secrets.scrubDeep(warmups));
    const baseline = await energy.baseline();
    if (baseline) writeJsonAtomic(join(runDir, 'baseline.json'), baseline);
    end = await runPlan({
      runId,
      suites,
      models: runModels,
      repeat: record.repeat,
      ...(record.concurrency ? { concurrency: record.concurrency } : {}),
      evaluate: deps.evaluate,
      reporters,
      stopSignal: ctx.stopSignal,
      abortSignal: runSignal(ctx.abortSignal, abort.signal),
      now: ctx.now,
      date: ctx.date,
      done,
      accepts: admission.accepts,
      ...(args.concurrentLocal ? { sharedLocalEnergy: true } : {}),
      energy: {
        begin: (m) => energy.hooks.begin({ id: m.id, hosting: m.hosting, providerName: m.providerName, settings: m.settings ?? {} }),
        end: (token, outcome) => energy.hooks.end(token as Parameters<typeof energy.hooks.end>[0], outcome),
      },
      judges: judgeModels,
      judgesFor: (suite) => suite.judges ?? config.defaults.judges,
      judgeRefusal,
      guard,
      scrub: secrets.scrubDeep,
      ...(record.cache ? { cache: createDiskCache(resolve(ctx.cwd, 'reports', 'cache')) } : {}),
    });
  } finally {
    ctx.stopSignal.removeEventListener('abort', onStop);
    energy.stop();
    log.close();
    egressLog.close();
    writeEgressSummary(runDir, egressHead);
    for (const m of started.runModels) await m.provider.close?.();
  }
  // No request is sent past this point: the cases, loaded by this campaign for its requests, are let
  // go before the end-of-run pass, which reads results.jsonl (100,000 cases ≈ 50 MB of case texts
  // would otherwise stay in the heap through it). The gates below need each suite's id and gates only.
  for (const suite of suites) suite.cases = [];
  // The home page is rebuilt once, from the observatory, by recordInObservatory.
  // The end-of-run pass (statistics, CSV, report) is loaded when the requests are done, not at start-up.
  const { finalizeRunFolder } = await import('./finalize.js');
  const { summary, report, cases } = await finalizeRunFolder(runDir, { startedAt: startedAt.toISOString(), ...end }, { lang: args.lang ?? 'fr', index: false });
  await recordInObservatory(ctx, runDir, args.lang ?? 'fr', cases);
  ctx.stdout.write(`\n${renderSummaryTable(summary.cells)}\n\n`);
  if (end.interrupted) {
    ctx.stdout.write(`Campagne interrompue : ${summary.totals.n} résultat(s) enregistrés. Pour la reprendre :\n  npx bac-a-sable run --resume ${display(ctx, runDir)}\n`);
  }
  ctx.stdout.write(`Dossier de la campagne : ${display(ctx, runDir)}\n`);
  ctx.stdout.write(`Rapport : ${display(ctx, report)}\n`);
  if (args.junit) await writeJunitFile(ctx, runDir, args.junit);
  // Gates last: the run folder is complete whatever they say.
  const exitCode = end.interrupted ? 0 : applyGates(ctx, runDir, summary as GatedSummary, suites, gateOptions);
  return { runDir: join(runDir), interrupted: end.interrupted, exitCode };
};
