/**
 * `--junit FILE` of `run` and `merge`: the JUnit XML of a finished run folder, written atomically
 * (beside, then renamed). Two passes over results.jsonl: the first keeps, per result, its place in
 * the order and where its line is (not the result); the second reads each line again as its
 * testcase is written. Memory grows with the number of cases by a few dozen bytes each.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { forEachJsonLine, openLineReader } from '../core/file-lines.js';
import type { CaseResult, RunSummary } from '../core/types.js';
import { createJunitIndex, type JunitInterval } from '../reporters/junit.js';
import { runFile } from '../store/run-folder.js';
import { display, type CommandContext } from './context.js';

/** Characters gathered before each write(2). */
const FLUSH_CHARS = 1 << 16;

type Line = { offset: number; bytes: number };

export const writeJunitFile = async (ctx: CommandContext, runDir: string, fileArg: string): Promise<string> => {
  const resultsFile = runFile(runDir, 'results');
  const index = createJunitIndex<Line>();
  // A line torn by a crash is skipped: that case is redone on resume.
  forEachJsonLine<CaseResult>(resultsFile, (r, offset, bytes) => index.add(r, { offset, bytes }));
  const summary = JSON.parse(readFileSync(runFile(runDir, 'summary'), 'utf8')) as RunSummary & { intervals?: JunitInterval[]; level?: number };
  const file = resolve(ctx.cwd, fileArg);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = openSync(tmp, 'w');
  const reader = openLineReader(resultsFile);
  let closed = false;
  try {
    let pending = '';
    index.write(
      { runId: summary.runId, startedAt: summary.startedAt, cells: summary.cells, ...(summary.intervals ? { intervals: summary.intervals } : {}), ...(summary.level ? { level: summary.level } : {}) },
      (line) => JSON.parse(reader.read(line.offset, line.bytes)) as CaseResult,
      (text) => {
        pending += text;
        if (pending.length >= FLUSH_CHARS) {
          writeSync(out, pending);
          pending = '';
        }
      },
    );
    writeSync(out, pending);
    closeSync(out);
    closed = true;
    renameSync(tmp, file);
  } catch (e) {
    if (!closed) closeSync(out);
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    reader.close();
  }
  ctx.stdout.write(`Rapport JUnit : ${display(ctx, file)}\n`);
  return file;
};
