/**
 * The streams commands print to, with every write passed through `stripControls`: one gate for
 * everything the CLI prints (tables, progress lines, refusals, validation messages, errors),
 * whatever command wrote it. The progress bar is the only writer that needs real control sequences
 * (it redraws one line); it asks for the terminal behind the gate with `terminalOf`, and prints
 * nothing but numbers.
 */
import { stripControls } from './terminal-text.js';

/** A stream commands print to (`CommandContext['stdout']` has this shape). */
export type Output = NodeJS.WritableStream & { isTTY?: boolean };

const TERMINAL = Symbol('terminal behind the control-character gate');

/** `stream`, except that `write` strips control sequences. Already gated streams are returned as they are. */
export const gatedOutput = <T extends Output>(stream: T): T => {
  if ((stream as { [TERMINAL]?: Output })[TERMINAL]) return stream;
  // Bytes may split a UTF-8 character across writes: one decoder per stream keeps the tail.
  const decoder = new TextDecoder('utf-8');
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? decoder.decode(chunk, { stream: true }) : String(chunk);
    const [encodingOrCallback, callback] = rest;
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    return stream.write(stripControls(text), done as ((error?: Error | null) => void) | undefined);
  };
  // A proxy, not a copy: `isTTY`, `columns`, `on('drain')` and the rest stay the stream's own.
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return write;
      if (key === TERMINAL) return target;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
};

/** The terminal behind a gated stream (for the progress bar's own redrawing), or the stream itself. */
export const terminalOf = (stream: Output): Output => (stream as { [TERMINAL]?: Output })[TERMINAL] ?? stream;

/** `ctx` with both output streams gated. */
export const withGatedOutput = <C extends { stdout: Output; stderr: Output }>(ctx: C): C => ({ ...ctx, stdout: gatedOutput(ctx.stdout), stderr: gatedOutput(ctx.stderr) });
