/**
 * A real llama.cpp server for the integration tests: the binary built by build-llama-server.sh
 * (found through LLAMA_SERVER_BIN or the build cache), started on a free loopback port with a small
 * context per slot and the tiny stories260K model.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

const BUNDLE = join(REPO_ROOT, 'node_modules', 'node-llama-cpp', 'llama', 'gitRelease.bundle');

/** The cache folder of build-llama-server.sh (same rule as in the script). */
const cacheRoot = (): string => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bac-a-sable', 'llama-server');

/** Path of the llama-server binary, or undefined when it has not been built on this machine. */
export const findLlamaServer = (): string | undefined => {
  const fromEnv = process.env.LLAMA_SERVER_BIN;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['bundle', 'list-heads', BUNDLE], { encoding: 'utf8' }).split(/\s+/)[0];
  } catch {
    commit = undefined;
  }
  if (commit) {
    const exact = join(cacheRoot(), commit, 'llama-server');
    return existsSync(exact) ? exact : undefined;
  }
  // Without git: any cached build.
  if (!existsSync(cacheRoot())) return undefined;
  return readdirSync(cacheRoot()).map((d) => join(cacheRoot(), d, 'llama-server')).find((p) => existsSync(p));
};

export const STORIES = join(REPO_ROOT, 'models', 'stories260K.gguf');

/** A free loopback port (the kernel's pick, released just before the server takes it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

export type LlamaServer = { url: string; port: number; child: ChildProcess; log: () => string; stop(): Promise<void> };

/**
 * Starts llama-server and resolves once `/health` answers 200. `contextSize` is shared by the
 * `parallel` slots (each gets contextSize / parallel tokens).
 */
export const startLlamaServer = async (bin: string, opts: { port?: number; contextSize?: number; parallel?: number } = {}): Promise<LlamaServer> => {
  const port = opts.port ?? (await freePort());
  const args = ['-m', STORIES, '--host', '127.0.0.1', '--port', String(port), '-c', String(opts.contextSize ?? 512), '--parallel', String(opts.parallel ?? 2), '-t', '1', '--no-webui'];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-20_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server s'est arrêté au démarrage :\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`llama-server ne répond pas sur ${url}/health :\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};
