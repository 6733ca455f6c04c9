/** `bac-a-sable` alone: where to begin, on stdout, exit 0 (not a usage error). */
import { describe, expect, it } from 'vitest';
import { main } from '../../../harness/main.js';

const capture = () => {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
};

describe('bac-a-sable with no command', () => {
  it('prints « par où commencer » with init, run and report, and exits 0', async () => {
    const out = capture();
    const err = capture();
    const ac = new AbortController();
    const code = await main([], {
      stdout: out.stream, stderr: err.stream, env: {}, cwd: process.cwd(), fetch: globalThis.fetch,
      now: () => 0, date: () => new Date(0), stopSignal: ac.signal, abortSignal: ac.signal,
    } as never);
    expect(code).toBe(0);
    expect(out.text()).toContain('Par où commencer');
    for (const cmd of ['npx bac-a-sable init', 'npx bac-a-sable run', 'npx bac-a-sable report']) expect(out.text()).toContain(cmd);
    expect(out.text()).not.toContain('--concurrency');
    expect(err.text()).toBe('');
  });
});
