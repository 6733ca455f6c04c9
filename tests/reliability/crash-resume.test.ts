/**
 * Crash and resume: a run killed with SIGKILL at random points, then `--resume`, yields exactly the
 * planned set of results — none lost, none duplicated. Ctrl-C: the first stops scheduling, lets the
 * requests in flight finish, writes the summary and prints the resume command (exit 130).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startCli, waitFor } from '../helpers/cli-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const N = 60;

/** The lines of results.jsonl; none while the run has not created it yet. */
const resultLines = (runDir: string) => {
  const file = join(runDir, 'results.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
};

/**
 * Lines written so far under `out`, without racing the run that creates its folder: 0 until the
 * run folder and its results.jsonl exist (the CLI creates them after loading everything).
 */
const linesSoFar = (out: string): number => {
  if (!existsSync(out)) return 0;
  const [runId] = readdirSync(out);
  return runId === undefined ? 0 : resultLines(join(out, runId)).length;
};

describe('crash, interrupt and resume', { timeout: 400_000 }, () => {
  let server: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    server = await startOpenAIServer({ tokenDelayMs: 15, respond: (b) => `R-${/Q-(\d+)/.exec(b.messages.at(-1)?.content ?? '')?.[1]} fin` });
    dir = mkdtempSync(join(tmpdir(), 'bas-crash-'));
    writeFileSync(join(dir, 'cases.jsonl'), Array.from({ length: N }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { q: `Q-${i}` }, reference: `R-${i} fin` })).join('\n'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: reprise\ntitle: Reprise\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: equals }]\ntests: cases.jsonl\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: lent, provider: openai-compatible, baseUrl: "${server.url}", model: m, hosting: on-prem, concurrency: 3 }\n  - { id: reference, provider: reference, hosting: local }\n`);
  });
  afterAll(() => server.close());

  for (const seed of [1, 2, 3]) {
    it(`SIGKILL at a random point (seed ${seed}) then --resume gives exactly the planned results`, async () => {
      const out = join(dir, `out-kill-${seed}`);
      const live = startCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', out], { cwd: dir });
      const killAfter = 5 + ((seed * 17) % 40); // results written before the kill
      await waitFor(() => linesSoFar(out) >= killAfter, 180_000);
      live.child.kill('SIGKILL');
      await live.exited;
      const runDir = join(out, readdirSync(out)[0]!);
      const before = resultLines(runDir).length;
      expect(before).toBeLessThan(2 * N);
      const r = await runCli(['run', '--resume', runDir], { cwd: dir, timeoutMs: 240_000 });
      expect(r.code, r.stderr).toBe(0);
      const lines = resultLines(runDir).map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2 * N);
      expect(new Set(lines.map((l) => `${l.model}/${l.caseId}`)).size).toBe(2 * N);
      expect(lines.every((l) => l.status === 'passed')).toBe(true);
      const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
      // The reference baseline calibrates the scorers: its cells are kept apart from the campaign's totals.
      expect(summary.totals).toMatchObject({ n: N, passed: N });
      expect(summary.cells.map((c: { model: string; n: number }) => [c.model, c.n]).sort()).toEqual([['lent', N], ['reference', N]]);
    });
  }

  it('refuses to resume when a suite changed since', async () => {
    const out = join(dir, 'out-changed');
    const first = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--model', 'reference', '--out', out], { cwd: dir, timeoutMs: 240_000 });
    expect(first.code).toBe(0);
    const runDir = join(out, readdirSync(out)[0]!);
    const original = readFileSync(join(dir, 'cases.jsonl'), 'utf8');
    writeFileSync(join(dir, 'cases.jsonl'), `${original}\n${JSON.stringify({ id: 'nouveau', vars: { q: 'Q-999' } })}`);
    try {
      const r = await runCli(['run', '--resume', runDir], { cwd: dir, timeoutMs: 240_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/reprise refusée : modifié depuis le début de la campagne : suite\.yaml/);
    } finally {
      writeFileSync(join(dir, 'cases.jsonl'), original);
    }
  });

  it('first Ctrl-C finishes what is in flight, writes the summary and prints how to resume (exit 130)', async () => {
    const out = join(dir, 'out-int');
    const live = startCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--model', 'lent', '--out', out], { cwd: dir });
    await waitFor(() => linesSoFar(out) >= 6, 180_000);
    live.child.kill('SIGINT');
    const { code } = await live.exited;
    expect(code).toBe(130);
    const runDir = join(out, readdirSync(out)[0]!);
    expect(live.stdout()).toContain(`npx bac-a-sable run --resume out-int/${readdirSync(out)[0]}`);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    const lines = resultLines(runDir).map((l) => JSON.parse(l));
    expect(lines.length).toBeLessThan(N);
    expect(lines.every((l) => l.status === 'passed')).toBe(true); // in-flight requests finished, none cancelled
    const resumed = await runCli(['run', '--resume', runDir], { cwd: dir, timeoutMs: 240_000 });
    expect(resumed.code).toBe(0);
    expect(resultLines(runDir)).toHaveLength(N);
  });

  it('a second Ctrl-C exits at once and leaves a resumable folder', async () => {
    const out = join(dir, 'out-int2');
    const live = startCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--model', 'lent', '--out', out], { cwd: dir });
    await waitFor(() => linesSoFar(out) >= 3, 180_000);
    live.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 50));
    live.child.kill('SIGINT');
    const { code } = await live.exited;
    expect(code).toBe(130);
    const runDir = join(out, readdirSync(out)[0]!);
    const resumed = await runCli(['run', '--resume', runDir], { cwd: dir, timeoutMs: 240_000 });
    expect(resumed.code).toBe(0);
    const lines = resultLines(runDir).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => l.caseId)).size).toBe(N);
  });
});
