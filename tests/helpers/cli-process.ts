/** Starts the real CLI as a child the test can signal (SIGINT, SIGKILL) while it runs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

export type LiveCli = { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

export const startCli = (args: string[], opts: { cwd: string; env?: Record<string, string> }): LiveCli => {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
};

/** Resolves once `predicate` holds, polling every 20 ms (bounded). */
export const waitFor = async (predicate: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const t0 = Date.now();
  while (!predicate()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('waitFor: délai dépassé');
    await new Promise((r) => setTimeout(r, 20));
  }
};
