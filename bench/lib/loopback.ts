/** Starts the loopback server (workers/loopback-server.ts) in a child process and returns its URL. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './child.js';

const SERVER = fileURLToPath(new URL('../workers/loopback-server.ts', import.meta.url));

export type Loopback = { url: string; pid: number; close(): Promise<void> };

export const startLoopback = (): Promise<Loopback> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = '';
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    child.on('error', reject);
    const onData = (d: string) => {
      buffer += d;
      const line = buffer.split('\n')[0];
      if (!buffer.includes('\n') || line === undefined) return;
      child.stdout.off('data', onData);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        pid: child.pid!,
        close: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`serveur loopback arrêté (code ${code})`)));
  });
