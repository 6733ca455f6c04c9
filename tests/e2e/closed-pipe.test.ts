/**
 * `run … | head -1`: the reader of the console goes away after one line. The run must neither crash
 * on EPIPE nor stop early: it finishes, writes summary.json and report.html, and exits 0. Driven
 * through a real shell pipeline, so the pipe is closed by a real `head`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const N = 12;

const shell = (script: string, cwd: string): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });

describe('a console reader that goes away', () => {
  let server: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    // Slow enough that most progress lines are written after `head` has exited.
    server = await startOpenAIServer({ tokenDelayMs: 10, respond: (b) => `R-${/Q-(\d+)/.exec(b.messages.at(-1)?.content ?? '')?.[1]} fin` });
    dir = mkdtempSync(join(tmpdir(), 'bas-pipe-'));
    writeFileSync(join(dir, 'cases.jsonl'), Array.from({ length: N }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { q: `Q-${i}` }, reference: `R-${i} fin` })).join('\n'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: tuyau\ntitle: Tuyau\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: equals }]\ntests: cases.jsonl\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: serveur, provider: openai-compatible, baseUrl: "${server.url}", model: m, hosting: on-prem }\n`);
  });
  afterAll(() => server.close());

  for (const [label, redirect] of [['stdout and stderr', '2>&1'], ['stdout only', '2>/dev/null']] as const) {
    it(`run … ${redirect} | head -1 finishes the run folder (${label})`, async () => {
      const out = join(dir, `out-${label.replace(/\W+/g, '-')}`);
      const script = `"${process.execPath}" "${BIN}" run --suite suite.yaml --config config.yaml --out "${out}" ${redirect} | head -1 >/dev/null; echo "\${PIPESTATUS[0]}" > "${out}.rc"`;
      const r = await shell(script, dir);
      expect(r.code).toBe(0);
      expect(readFileSync(`${out}.rc`, 'utf8').trim(), r.stderr).toBe('0');
      const runDir = join(out, readdirSync(out)[0]!);
      expect(existsSync(join(runDir, 'report.html'))).toBe(true);
      const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { complete: boolean; totals: { n: number; passed: number } };
      expect(summary).toMatchObject({ complete: true, totals: { n: N, passed: N } });
    }, 240_000);
  }
});
