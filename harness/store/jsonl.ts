/**
 * The per-run result log: one JSON line per final result, appended and handed to the kernel as
 * each case finishes, so a crash (even kill -9) loses at most the cases in flight.
 */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CaseResult } from '../core/types.js';

export type ResultsLog = { append(result: CaseResult): void; close(): void };

/** Opens `file` for appending; every line is written with one write(2) call. */
export const openResultsLog = (file: string): ResultsLog => {
  const fd = openSync(file, 'a');
  let closed = false;
  return {
    append(result) {
      writeSync(fd, `${JSON.stringify(result)}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      fsyncSync(fd);
      closeSync(fd);
    },
  };
};

/**
 * Streams the results of a log. A last line cut short by a crash is skipped (it will be redone on
 * resume); any other unreadable line is reported through `onBadLine`.
 */
export async function* readResults(file: string, onBadLine?: (line: number, text: string) => void): AsyncGenerator<CaseResult> {
  if (!existsSync(file)) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let pending: { n: number; text: string } | undefined;
  for await (const text of lines) {
    lineNo++;
    if (pending) onBadLine?.(pending.n, pending.text);
    pending = undefined;
    if (text.trim() === '') continue;
    try {
      yield JSON.parse(text) as CaseResult;
    } catch {
      pending = { n: lineNo, text };
    }
  }
  // A malformed final line is the torn write of a crash: silently dropped.
}
