/** `--junit FILE` of `run` and `merge`: the JUnit XML of a finished run folder, written atomically. */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CaseResult, RunSummary } from '../core/types.js';
import { renderJunit, type JunitInterval } from '../reporters/junit.js';
import { writeFileAtomic } from '../store/files.js';
import { readResults } from '../store/jsonl.js';
import { runFile } from '../store/run-folder.js';
import { display, type CommandContext } from './context.js';

export const writeJunitFile = async (ctx: CommandContext, runDir: string, fileArg: string): Promise<string> => {
  const results: CaseResult[] = [];
  for await (const r of readResults(runFile(runDir, 'results'))) results.push(r);
  const summary = JSON.parse(readFileSync(runFile(runDir, 'summary'), 'utf8')) as RunSummary & { intervals?: JunitInterval[]; level?: number };
  const file = resolve(ctx.cwd, fileArg);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(
    file,
    renderJunit({ runId: summary.runId, startedAt: summary.startedAt, results, cells: summary.cells, ...(summary.intervals ? { intervals: summary.intervals } : {}), ...(summary.level ? { level: summary.level } : {}) }),
  );
  ctx.stdout.write(`Rapport JUnit : ${display(ctx, file)}\n`);
  return file;
};
