/** Runs `main` in this process with captured output: the real CLI, without a process per call. */
import { Writable } from 'node:stream';
import type { CommandContext } from '../../harness/commands/context.js';
import { main } from '../../harness/main.js';

const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
};

export const runInProcess = async (argv: string[], cwd: string, env: Record<string, string> = {}) => {
  const out = sink();
  const err = sink();
  const ctx: CommandContext = {
    stdout: out.stream,
    stderr: err.stream,
    env,
    cwd,
    fetch: globalThis.fetch,
    now: () => performance.now(),
    date: () => new Date(),
    stopSignal: new AbortController().signal,
    abortSignal: new AbortController().signal,
  };
  const code = await main(argv, ctx);
  return { code, stdout: out.text(), stderr: err.text() };
};
