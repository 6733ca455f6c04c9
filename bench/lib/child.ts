/**
 * Runs one measured program in its own process: wall time from spawn to exit (as a user waits for
 * it) and the peak RSS and CPU time the process reports about itself at exit (rss-at-exit.mjs,
 * preloaded), so neither the bench driver nor the loopback server is counted against it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(REPO_ROOT, 'harness', 'bin.mjs');
const RSS_PRELOAD = fileURLToPath(new URL('./rss-at-exit.mjs', import.meta.url));

export type Measured = {
  code: number | null;
  wallMs: number;
  /** Peak resident set of the process, MB (10^6 bytes); null when it died before reporting. */
  peakRssMb: number | null;
  cpuMs: number | null;
  stdout: string;
  stderr: string;
  /** With `rssPollMs`: the child's RSS read from /proc/<pid>/status, from outside, with wall-clock times. */
  rssTrace: { at: number; rssMb: number }[];
};

export type SpawnOptions = {
  cwd?: string;
  env?: Record<string, string>;
  /** Extra node flags before the script (e.g. `--heap-prof`). */
  nodeArgs?: string[];
  timeoutMs?: number;
  /**
   * Poll the child's RSS from this process every so many ms (/proc/<pid>/status, VmRSS). Unlike a
   * timer inside the child, it also sees the steps that block the child's event loop.
   */
  rssPollMs?: number;
};

const readRssMb = (pid: number): number | null => {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : (Number(kb) * 1024) / 1e6;
  } catch {
    return null;
  }
};

/** `node [nodeArgs] --import rss-at-exit script args…`, measured. Rejects on a non-zero exit. */
export const runNode = (script: string, args: string[], opts: SpawnOptions = {}): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const tmp = mkdtempSync(join(tmpdir(), 'bench-rss-'));
    const rssFile = join(tmp, 'rss.jsonl');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...opts.env,
      BENCH_RSS_FILE: rssFile,
    };
    const t0 = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', RSS_PRELOAD, script, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const rssTrace: Measured['rssTrace'] = [];
    const poll = opts.rssPollMs
      ? setInterval(() => {
          const rssMb = child.pid === undefined ? null : readRssMb(child.pid);
          if (rssMb !== null) rssTrace.push({ at: Date.now(), rssMb });
        }, opts.rssPollMs)
      : undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let usage: { maxRssKb: number; userMs: number; systemMs: number } | undefined;
      try {
        // The last line is the main process's (a worker thread would share the same process).
        const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
        usage = JSON.parse(lines.at(-1) ?? 'null') as typeof usage;
      } catch {
        usage = undefined;
      }
      rmSync(tmp, { recursive: true, force: true });
      const m: Measured = {
        code,
        wallMs,
        // ru_maxrss is in kilobytes (1024 bytes) on Linux.
        peakRssMb: usage ? (usage.maxRssKb * 1024) / 1e6 : null,
        cpuMs: usage ? usage.userMs + usage.systemMs : null,
        stdout,
        stderr,
        rssTrace,
      };
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} : code ${code}\n${stderr.slice(-2000)}`));
      else resolve(m);
    });
  });

/** Runs the real CLI (`node harness/bin.mjs …`), measured. */
export const runCli = (args: string[], opts: SpawnOptions = {}): Promise<Measured> => runNode(BIN, args, opts);
