/**
 * 1,000 cases against a loopback server that fails on purpose: 10 % answered 429 with Retry-After,
 * 5 % 500, 3 % hang past the timeout, 2 % malformed JSON or a broken stream, 1 % connection reset —
 * each on the first attempt only, so retries recover them — plus 4 cases that always fail. The run
 * must end with exactly one line per case, the transient faults recovered, and 4 errors.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type ChatReply, type OpenAIServer } from '../helpers/openai-server.js';

const N = 1000;
const ALWAYS_FAILING = new Set([97, 398, 611, 904]);
const SENTINEL = 'sk-fault-SENTINEL-4c1d9e';

/** Deterministic fault plan: case n's first attempt gets fault(n). */
const faultOf = (n: number): string | undefined => {
  const r = (n * 7919) % 100; // spreads faults over the cases, reproducibly
  if (r < 10) return 'rate';
  if (r < 15) return 'server';
  if (r < 18) return 'hang';
  if (r < 19) return 'malformed';
  if (r < 20) return 'broken';
  if (r < 21) return 'reset';
  return undefined;
};

describe('fault injection', () => {
  let server: OpenAIServer;
  let dir: string;
  const attempts = new Map<number, number>();
  beforeAll(async () => {
    server = await startOpenAIServer({
      apiKey: SENTINEL,
      respond: (body): ChatReply => {
        const n = Number(/Q-(\d+)/.exec(body.messages.at(-1)?.content ?? '')?.[1]);
        const attempt = (attempts.get(n) ?? 0) + 1;
        attempts.set(n, attempt);
        if (ALWAYS_FAILING.has(n)) return { status: 500, body: { error: { message: 'panne durable', type: 'server_error' } } };
        if (attempt === 1) {
          switch (faultOf(n)) {
            case 'rate': return { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests' } }, headers: { 'retry-after': '1' } };
            case 'server': return { status: 500, body: { error: { message: 'boom', type: 'server_error' } } };
            case 'hang': return { hang: true };
            case 'malformed': return { malformed: true };
            case 'broken': return { reset: true, afterTokens: 1 };
            case 'reset': return { reset: true };
          }
        }
        return { text: `R-${n}`, usage: { promptTokens: 3, completionTokens: 1 } };
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'bas-faults-'));
    writeFileSync(join(dir, 'cases.jsonl'), Array.from({ length: N }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { q: `Q-${i}` }, reference: `R-${i}` })).join('\n'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: fautes\ntitle: Fautes\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: equals }]\ntests: cases.jsonl\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: fragile, provider: openai-compatible, baseUrl: "${server.url}", model: m, apiKeyEnv: FAULT_KEY, hosting: on-prem, concurrency: 32, timeoutMs: 800, maxRetries: 3 }\n`);
  });
  afterAll(() => server.close());

  it('ends with exactly one line per case, transient faults recovered, durable ones counted', { timeout: 200_000 }, async () => {
    const r = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'out'], { cwd: dir, env: { FAULT_KEY: SENTINEL }, timeoutMs: 180_000 });
    expect(r.code, r.stderr.slice(-1500)).toBe(0);
    const [runId] = readdirSync(join(dir, 'out'));
    const runDir = join(dir, 'out', runId!);
    const lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(N);
    expect(new Set(lines.map((l) => l.caseId)).size).toBe(N);
    const errors = lines.filter((l) => l.status === 'error');
    expect(errors.map((l) => Number(l.caseId.slice(1))).sort((a, b) => a - b)).toEqual([...ALWAYS_FAILING].sort((a, b) => a - b));
    expect(lines.filter((l) => l.status === 'passed')).toHaveLength(N - ALWAYS_FAILING.size);
    const faulty = [...Array(N).keys()].filter((n) => faultOf(n) && !ALWAYS_FAILING.has(n));
    expect(faulty.length).toBeGreaterThan(150);
    for (const n of faulty) expect(attempts.get(n), `case ${n}`).toBeGreaterThanOrEqual(2);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.totals).toMatchObject({ n: N, errors: ALWAYS_FAILING.size });
    // The key went to the server only.
    for (const f of readdirSync(runDir)) expect(readFileSync(join(runDir, f), 'utf8')).not.toContain(SENTINEL);
    expect(r.stdout + r.stderr).not.toContain(SENTINEL);
  });
});
