/**
 * Output for machines: `--format json` prints one JSON document on stdout (the summary a pipeline
 * reads) while every human line goes to stderr; `--quiet` keeps only warnings and errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runFile } from '../store/run-folder.js';
import type { CommandContext } from './context.js';

export type OutputArgs = { format?: 'text' | 'json'; quiet?: boolean };

const discard = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });

/** The context the command writes its human lines to. */
export const humanContext = (ctx: CommandContext, args: OutputArgs): CommandContext =>
  args.format === 'json' ? { ...ctx, stdout: ctx.stderr } : args.quiet ? { ...ctx, stdout: discard() } : ctx;

const readJson = (file: string): unknown => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

/** The JSON document of `--format json`: stable field names, figures as in summary.json. */
export const machineSummary = (runDir: string, outcome: { interrupted: boolean; exitCode: number }) => {
  const summary = readJson(runFile(runDir, 'summary')) as { runId: string; complete: boolean; totals: unknown; cells: Record<string, unknown>[] } | null;
  return {
    runId: summary?.runId ?? null,
    runDir,
    exitCode: outcome.interrupted ? 130 : outcome.exitCode,
    interrupted: outcome.interrupted,
    complete: summary?.complete ?? false,
    totals: summary?.totals ?? null,
    cells: (summary?.cells ?? []).map((c) => ({
      suite: c.suite,
      model: c.model,
      n: c.n,
      passed: c.passed,
      failed: c.failed,
      errors: c.errors,
      passRate: c.passRate,
      ...(c.calibration ? { calibration: true } : {}),
      whPerRequest: (c.energy as { whPerCase?: number | null } | undefined)?.whPerCase ?? null,
    })),
    gates: readJson(join(runDir, 'gates.json')),
    files: { summary: runFile(runDir, 'summary'), report: join(runDir, 'report.html') },
  };
};
