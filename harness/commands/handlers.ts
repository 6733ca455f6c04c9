/**
 * Builds the CLI handlers: the one place where registries and commands are put together. Each
 * command's module is imported when that command runs, so a `run` does not load what only
 * `compare` (the report's charts), `history` (SQLite), `serve` (the HTTP server) or `init` need.
 */
import type { Handlers } from '../cli.js';
import { providers } from '../providers/registry.js';
import { createCaseEvaluator } from '../scorers/evaluate.js';
import { judgeScorers } from '../scorers/judge/scorers.js';
import { noPiiScorer } from '../scorers/no-pii.js';
import { structuredScorers } from '../scorers/registry-structured.js';
import { translationScorers } from '../scorers/registry-translation.js';
import { coreScorers, scorerTypes } from '../scorers/registry.js';
import type { CommandContext } from './context.js';
import { createAssertionChecker } from './scorer-checker.js';

export const createCommandHandlers = (ctx: CommandContext, onRunEnd: (interrupted: boolean, exitCode?: number) => void): Handlers => {
  const scorers = { ...coreScorers, ...translationScorers, ...structuredScorers, ...judgeScorers, 'no-pii': noPiiScorer };
  const checker = createAssertionChecker(scorers);
  const evaluator = createCaseEvaluator(scorers);
  return {
    run: async (args) => {
      // PII detection (libphonenumber's metadata) is only needed once a campaign runs.
      const [{ runCommand }, { hasPii, detectPii }, { createRedactor }] = await Promise.all([import('./run.js'), import('../sovereignty/detect.js'), import('../sovereignty/redact.js')]);
      const outcome = await runCommand(ctx, args, { providers, checker, evaluate: (a, o, c, t) => evaluator.evaluate(a, o, c, t), pii: { createRedactor, hasPii, findPii: detectPii } });
      onRunEnd(outcome.interrupted, outcome.exitCode);
    },
    merge: async (args) => {
      const outcome = await (await import('./merge.js')).mergeCommand(ctx, args);
      onRunEnd(false, outcome.exitCode);
    },
    validate: async (args) => (await import('./validate.js')).validateCommand(ctx, args, { providers, checker }),
    list: async (args) => (await import('./list.js')).listCommand(ctx, args, { providers, checker, scorers, scorerTypes: scorerTypes(scorers) }),
    score: async (args) => (await import('./score.js')).scoreCommand(ctx, args, scorers),
    report: async (args) => (await import('./report.js')).reportCommand(ctx, args),
    modelsPull: async (args) => (await import('./models.js')).pullCommand(ctx, args),
    init: async (args) => (await import('./init.js')).initCommand(ctx, args),
    history: async (args) => (await import('./history.js')).historyCommand(ctx, args),
    historyImport: async (args) => (await import('./history.js')).historyImportCommand(ctx, args),
    historyExport: async (args) => (await import('./history.js')).historyExportCommand(ctx, args),
    compare: async (args) => (await import('./compare.js')).compareCommand(ctx, args),
    energyProbe: async (args) => (await import('./energy-probe.js')).energyProbeCommand(ctx, args, providers),
    newSuite: async (args) => (await import('./new-suite.js')).newSuiteCommand(ctx, args),
    // The HTTP server is loaded only for this command.
    serve: async (args) => (await import('./serve.js')).serveCommand(ctx, args),
    importConfig: async (args) => (await import('./import.js')).importCommand(ctx, args),
  };
};
