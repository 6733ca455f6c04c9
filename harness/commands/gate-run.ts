/**
 * The gates at the end of a campaign (`run`, `merge`): reads the baseline run given with
 * `--baseline`, checks every gate once the run folder is written, records the outcome in
 * `gates.json`, says what failed on stderr, and returns the exit code the process ends with.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import type { Suite } from '../core/types.js';
import { writeJsonAtomic } from '../store/files.js';
import { readJsonFile } from '../store/read-json.js';
import { runFile } from '../store/run-folder.js';
import { display, type CommandContext } from './context.js';
import { baselineRates, checkGates, modelsWithOnlyErrors, type GatedSummary, type GateOptions } from './gates.js';

/** Documented in README.md (« Codes de sortie ») and in `--help`. */
export const GATE_EXIT = { ok: 0, onlyErrors: 3, gateFailed: 4 } as const;

export type GateArgs = { failUnder?: number; baseline?: string; maxRegression?: number };

const SummaryCells = z.looseObject({
  cells: z.array(z.looseObject({ suite: z.string(), model: z.string(), passRate: z.number().nullable(), calibration: z.literal(true).optional() })),
});

/**
 * Checked before anything runs: a gate that could not be evaluated at the end (no baseline to
 * compare with) is an input error, never a silent pass.
 */
export const prepareGates = (ctx: CommandContext, args: GateArgs): GateOptions => {
  if (args.maxRegression !== undefined && !args.baseline) {
    throw new HarnessError('invalid-input', '--max-regression compare à une campagne de référence : ajoutez --baseline DOSSIER_DE_CAMPAGNE');
  }
  const opts: GateOptions = {
    ...(args.failUnder === undefined ? {} : { failUnder: args.failUnder }),
    ...(args.maxRegression === undefined ? {} : { maxRegressionPoints: args.maxRegression }),
  };
  if (!args.baseline) return opts;
  const dir = resolve(ctx.cwd, args.baseline);
  const file = runFile(dir, 'summary');
  if (!existsSync(file)) {
    throw new HarnessError('invalid-input', `--baseline ${args.baseline} : pas de summary.json dans ce dossier (chemin donné sur la ligne de commande)`, {
      hint: 'donnez le dossier d’une campagne terminée, par exemple reports/runs/2026-…',
    });
  }
  const summary = readJsonFile(file, display(ctx, file), SummaryCells, 'régénérez-le avec bac-a-sable report DOSSIER') as unknown as GatedSummary;
  return { ...opts, baseline: baselineRates(summary) };
};

/** Checks every gate on the finished run folder; prints what failed; returns the exit code. */
export const applyGates = (ctx: CommandContext, runDir: string, summary: GatedSummary, suites: readonly Pick<Suite, 'id' | 'gates'>[], opts: GateOptions): number => {
  const onlyErrors = modelsWithOnlyErrors(summary.cells);
  const failures = checkGates(summary, suites, opts);
  writeJsonAtomic(join(runDir, 'gates.json'), { onlyErrors, failures });
  for (const id of onlyErrors) ctx.stderr.write(`✗ ${id} : toutes les requêtes ont échoué (erreurs) : rien n’a été mesuré pour ce modèle — voir results.jsonl\n`);
  for (const f of failures) ctx.stderr.write(`✗ seuil non atteint — ${f.message}\n`);
  if (onlyErrors.length > 0) return GATE_EXIT.onlyErrors;
  return failures.length > 0 ? GATE_EXIT.gateFailed : GATE_EXIT.ok;
};
