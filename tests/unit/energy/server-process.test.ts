/** `energy.process`: the meter is pointed at a model server of this machine, by name or pid file. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnergyConfigSchema } from '../../../harness/energy/config.js';
import { findServerProcess } from '../../../harness/energy/server-process.js';

const fakeProc = (entries: Record<string, string>): string => {
  const root = mkdtempSync(join(tmpdir(), 'bas-proc-'));
  for (const [pid, comm] of Object.entries(entries)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'comm'), `${comm}\n`);
  }
  return root;
};

describe('findServerProcess', () => {
  it('finds a single process by name, and refuses to guess among several', () => {
    expect(findServerProcess('llama-server', fakeProc({ '12': 'bash', '345': 'llama-server' }))).toEqual({ pid: 345, how: 'processus « llama-server »' });
    expect(findServerProcess('llama-server', fakeProc({ '3': 'llama-server', '4': 'llama-server' }))).toMatchObject({ pid: null, reason: expect.stringMatching(/fichier pid/) });
    expect(findServerProcess('ollama', fakeProc({ '1': 'init' }))).toMatchObject({ pid: null, reason: expect.stringMatching(/aucun processus/) });
  });

  it('reads a pid file, here the pid of a real running child', async () => {
    const child = spawn('sleep', ['30']);
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'bas-pid-')), 'server.pid');
      writeFileSync(file, `${child.pid}\n`);
      expect(findServerProcess(file)).toEqual({ pid: child.pid, how: `fichier ${file}` });
      expect(findServerProcess('/nulle/part.pid')).toMatchObject({ pid: null });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is a field of the energy config', () => {
    expect(EnergyConfigSchema.safeParse({ process: 'llama-server' }).success).toBe(true);
    expect(EnergyConfigSchema.safeParse({ process: '' }).success).toBe(false);
  });
});
