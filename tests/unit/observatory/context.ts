/** A CommandContext with captured output, for calling commands directly. */
import { Writable } from 'node:stream';
import type { CommandContext } from '../../../harness/commands/context.js';

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

export const testContext = (cwd: string) => {
  const out = sink();
  const err = sink();
  const ctx: CommandContext = {
    stdout: out.stream, stderr: err.stream, env: {}, cwd, fetch: globalThis.fetch,
    now: () => 0, date: () => new Date('2026-06-01T08:00:00.000Z'),
    stopSignal: new AbortController().signal, abortSignal: new AbortController().signal,
  };
  return { ctx, stdout: out.text, stderr: err.text };
};
