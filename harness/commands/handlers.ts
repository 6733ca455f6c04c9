/** Builds the CLI handlers: the one place where registries and commands are put together. */
import type { Handlers } from '../cli.js';
import { providers } from '../providers/registry.js';
import { createCaseEvaluator } from '../scorers/evaluate.js';
import { judgeScorers } from '../scorers/judge/scorers.js';
import { noPiiScorer } from '../scorers/no-pii.js';
import { structuredScorers } from '../scorers/registry-structured.js';
import { translationScorers } from '../scorers/registry-translation.js';
import { coreScorers, scorerTypes } from '../scorers/registry.js';
import type { CommandContext } from './context.js';
import { compareCommand } from './compare.js';
import { energyProbeCommand } from './energy-probe.js';
import { importCommand } from './import.js';
import { newSuiteCommand } from './new-suite.js';
import { historyCommand, historyExportCommand, historyImportCommand } from './history.js';
import { listCommand } from './list.js';
import { pullCommand } from './models.js';
import { initCommand } from './init.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { createAssertionChecker } from './scorer-checker.js';
import { scoreCommand } from './score.js';
import { validateCommand } from './validate.js';

export const createCommandHandlers = (ctx: CommandContext, onRunEnd: (interrupted: boolean, exitCode?: number) => void): Handlers => {
  const scorers = { ...coreScorers, ...translationScorers, ...structuredScorers, ...judgeScorers, 'no-pii': noPiiScorer };
  const checker = createAssertionChecker(scorers);
  const evaluator = createCaseEvaluator(scorers);
  return {
    run: async (args) => {
      // PII detection (libphonenumber's metadata) is only needed once a campaign runs.
      const [{ hasPii, detectPii }, { createRedactor }] = await Promise.all([import('../sovereignty/detect.js'), import('../sovereignty/redact.js')]);
      const outcome = await runCommand(ctx, args, { providers, checker, evaluate: (a, o, c, t) => evaluator.evaluate(a, o, c, t), pii: { createRedactor, hasPii, findPii: detectPii } });
      onRunEnd(outcome.interrupted, outcome.exitCode);
    },
    validate: async (args) => validateCommand(ctx, args, { providers, checker }),
    list: async (args) => listCommand(ctx, args, { providers, checker, scorers, scorerTypes: scorerTypes(scorers) }),
    score: (args) => scoreCommand(ctx, args, scorers),
    report: (args) => reportCommand(ctx, args),
    modelsPull: (args) => pullCommand(ctx, args),
    init: (args) => initCommand(ctx, args),
    history: async (args) => historyCommand(ctx, args),
    historyImport: (args) => historyImportCommand(ctx, args),
    historyExport: async (args) => historyExportCommand(ctx, args),
    compare: (args) => compareCommand(ctx, args),
    energyProbe: (args) => energyProbeCommand(ctx, args, providers),
    newSuite: async (args) => newSuiteCommand(ctx, args),
    // The HTTP server is loaded only for this command.
    serve: async (args) => (await import('./serve.js')).serveCommand(ctx, args),
    importConfig: async (args) => importCommand(ctx, args),
  };
};
