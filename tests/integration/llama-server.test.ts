/**
 * Against a real llama.cpp server (built from the source node-llama-cpp ships, serving
 * stories260K): streaming and not, real usage, a prompt too long for the context as an input error
 * while other cases pass, stop sequences, explicit greedy decoding (repeats identical), cancellation,
 * and a server killed mid-run then `--resume --retry-errors`. Skipped with a message when the binary
 * has not been built (bash tests/integration/build-llama-server.sh); in CI its absence fails.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../harness/core/types.js';
import { OpenAICompatibleConfigSchema, openaiCompatibleProvider } from '../../harness/providers/openai-compatible.js';
import type { CompletionRequest, Provider } from '../../harness/providers/types.js';
import { runCli } from '../helpers/cli.js';
import { startCli, waitFor } from '../helpers/cli-process.js';
import { providerDeps } from '../helpers/provider-deps.js';
import { findLlamaServer, startLlamaServer, type LlamaServer } from './llama-server.js';

const bin = findLlamaServer();
const inCi = process.env.CI === 'true';

if (!bin && !inCi) {
  console.warn('tests/integration : llama-server absent, tests sautés (construisez-le : bash tests/integration/build-llama-server.sh)');
}

describe.runIf(inCi && !bin)('llama-server in CI', () => {
  it('is built by .ci/run before the tests', () => {
    expect(bin, 'bash tests/integration/build-llama-server.sh aurait dû construire llama-server').toBeDefined();
  });
});

/** About 1 500 tokens for stories260K's 512-token vocabulary: far beyond a 256-token slot. */
const LONG = 'Madame, Monsieur, je vous écris au sujet de la demande de subvention déposée par notre association. '.repeat(30);
const SHORT = (i: number) => `Il était une fois un petit chat numéro ${i}.`;

const resultsOf = (runDir: string): CaseResult[] =>
  readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CaseResult);

const onlyRun = (out: string): string => join(out, readdirSync(out)[0]!);

describe.runIf(bin)('a real llama-server', () => {
  let server: LlamaServer;
  let provider: Provider;
  let dir: string;

  const request = (over: Partial<CompletionRequest> = {}): CompletionRequest => ({
    messages: [{ role: 'user', content: SHORT(1) }],
    prompt: SHORT(1),
    params: { temperature: 0, maxTokens: 24, seed: 0 },
    signal: new AbortController().signal,
    ...over,
  });
  const make = (stream: boolean): Provider =>
    openaiCompatibleProvider.create(
      { id: 'llama-server', provider: 'openai-compatible', hosting: 'on-prem', ...OpenAICompatibleConfigSchema.parse({ baseUrl: `${server.url}/v1`, model: 'stories260K', stream }) },
      providerDeps(),
    );

  beforeAll(async () => {
    // 512 tokens shared by 2 slots: 256 per request.
    server = await startLlamaServer(bin!, { contextSize: 512, parallel: 2 });
    provider = make(true);
    dir = mkdtempSync(join(tmpdir(), 'bas-llama-'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers streamed and not alike, with its own token counts, timings and identity', async () => {
    const streamed = await provider.complete(request());
    const whole = await make(false).complete(request());
    expect(streamed.text.length).toBeGreaterThan(0);
    expect(whole.text).toBe(streamed.text);
    expect(streamed.usage?.estimated).toBeUndefined();
    expect(streamed.usage?.outputTokens).toBeGreaterThan(0);
    expect(streamed.timings.ttftMs).toBeGreaterThanOrEqual(0);
    // system_fingerprint is llama.cpp's build (b<number>-<commit>).
    expect(streamed.modelIdentity).toMatch(/\(b\d+-\w+\)/);
    const facts = await provider.describe?.(new AbortController().signal);
    expect(facts).toMatchObject({ server: { id: expect.stringContaining('stories260K'), owned_by: 'llamacpp' } });
  });

  it('says when the token limit cut the answer', async () => {
    const cut = await provider.complete(request({ params: { temperature: 0, maxTokens: 3, seed: 0 } }));
    expect(cut.truncated).toBe(true);
    expect(cut.usage?.outputTokens).toBe(3);
  });

  it('classes a prompt too long for the context as an input error with the server’s words', async () => {
    for (const p of [provider, make(false)]) {
      const e = await p.complete(request({ messages: [{ role: 'user', content: LONG }], prompt: LONG })).then(() => undefined, (err: unknown) => err);
      expect(e).toMatchObject({ code: 'invalid-input' });
      expect((e as Error).message).toMatch(/context size/);
    }
  });

  it('stops before a stop sequence', async () => {
    const free = await provider.complete(request({ params: { temperature: 0, maxTokens: 24, seed: 0 } }));
    const words = free.text.trim().split(/\s+/);
    const stopWord = words[Math.min(3, words.length - 1)]!;
    const stopped = await provider.complete(request({ params: { temperature: 0, maxTokens: 24, seed: 0, stop: [stopWord] } }));
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stopWord)));
    expect(stopped.truncated).toBe(false);
  });

  it('cancels a generation in flight, and the server serves the next request', async () => {
    const controller = new AbortController();
    let first = true;
    const pending = provider.complete(request({ params: { temperature: 1, maxTokens: 200, seed: 0 }, signal: controller.signal }));
    setTimeout(() => {
      if (first) controller.abort();
      first = false;
    }, 50);
    const e = await pending.then(() => undefined, (err: unknown) => err);
    // A request that finished within 50 ms is fine too: the server was just fast.
    if (e) expect(e).toMatchObject({ code: 'cancelled' });
    expect((await provider.complete(request())).text.length).toBeGreaterThan(0);
  });

  it('acceptance: a suite with prompts too long then one without; the second is complete with 0 errors, its repeats identical', async () => {
    writeFileSync(join(dir, 'trop-long.jsonl'), [0, 1, 2, 3, 4, 5].map((i) => JSON.stringify({ id: `c${i}`, vars: { texte: i % 3 === 0 ? SHORT(i) : `${LONG} ${i}` } })).join('\n'));
    writeFileSync(join(dir, 'court.jsonl'), [0, 1, 2].map((i) => JSON.stringify({ id: `c${i}`, vars: { texte: SHORT(i) } })).join('\n'));
    const suite = (id: string, extra = '') =>
      `id: ${id}\ntitle: ${id}\ncommunity: essai\nclassification: public\nprompt: "{{texte}}"\n${extra}defaultTest:\n  assert: [{ type: contains, value: "e" }]\ntests: ${id}.jsonl\n`;
    writeFileSync(join(dir, 'trop-long.yaml'), suite('trop-long', 'options: { maxTokens: 8 }\n'));
    // No temperature: the harness's default (0) is sent, so repeats must be identical.
    writeFileSync(join(dir, 'court.yaml'), suite('court', 'options: { maxTokens: 12 }\n'));
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: llama-server, provider: openai-compatible, baseUrl: "${server.url}/v1", model: stories260K, hosting: on-prem }\n`);
    const out = join(dir, 'out-acceptance');
    const r = await runCli(['run', '--suite', 'trop-long.yaml', '--suite', 'court.yaml', '--config', 'config.yaml', '--repeat', '3', '--out', out], { cwd: dir, timeoutMs: 110_000 });
    expect(r.code, r.stderr).toBe(0);
    const runDir = onlyRun(out);
    const results = resultsOf(runDir);
    const tooLong = results.filter((x) => x.suite === 'trop-long' && x.status === 'error');
    expect(tooLong).toHaveLength(4 * 3);
    expect(tooLong.every((x) => x.error?.code === 'invalid-input' && /context size/.test(x.error.message))).toBe(true);
    expect(results.filter((x) => x.suite === 'trop-long' && x.status !== 'error')).toHaveLength(2 * 3);
    const court = results.filter((x) => x.suite === 'court');
    expect(court).toHaveLength(9);
    expect(court.filter((x) => x.status === 'error')).toEqual([]);
    for (const c of ['c0', 'c1', 'c2']) {
      const outputs = court.filter((x) => x.caseId === c).map((x) => x.output);
      expect(new Set(outputs).size, `${c} : ${JSON.stringify(outputs)}`).toBe(1);
    }
    expect(court[0]!.params).toEqual({ temperature: 0, maxTokens: 12, seed: 0 });
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { complete: boolean; cells: { suite: string; errors: number; n: number; tokensPerS?: { n: number }; truncated?: number }[] };
    expect(summary.complete).toBe(true);
    expect(summary.cells.find((c) => c.suite === 'court')).toMatchObject({ n: 9, errors: 0 });
    expect(existsSync(join(runDir, 'report.html'))).toBe(true);
  }, 120_000);

  it('a server killed mid-run, then --resume --retry-errors, finishes with every case answered', async () => {
    const own = await startLlamaServer(bin!, { contextSize: 512, parallel: 1 });
    try {
      writeFileSync(join(dir, 'reprise.jsonl'), Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { texte: SHORT(i) } })).join('\n'));
      writeFileSync(join(dir, 'reprise.yaml'), 'id: reprise\ntitle: reprise\ncommunity: essai\nclassification: public\nprompt: "{{texte}}"\noptions: { maxTokens: 48 }\ndefaultTest:\n  assert: [{ type: contains, value: "e" }]\ntests: reprise.jsonl\n');
      writeFileSync(join(dir, 'config-reprise.yaml'), `models:\n  - { id: llama-server, provider: openai-compatible, baseUrl: "${own.url}/v1", model: stories260K, hosting: on-prem, maxRetries: 1 }\n`);
      const out = join(dir, 'out-reprise');
      const live = startCli(['run', '--suite', 'reprise.yaml', '--config', 'config-reprise.yaml', '--out', out], { cwd: dir });
      await waitFor(() => existsSync(out) && readdirSync(out).length > 0 && existsSync(join(onlyRun(out), 'results.jsonl')) && resultsOf(onlyRun(out)).length >= 3, 90_000);
      await own.stop();
      const first = await live.exited;
      expect(first.code, live.stderr()).toBe(0);
      const runDir = onlyRun(out);
      const broken = resultsOf(runDir).filter((x) => x.status === 'error');
      expect(broken.length).toBeGreaterThan(0);
      expect(broken.every((x) => x.error?.code === 'unreachable' || x.error?.code === 'provider-error')).toBe(true);
      const again = await startLlamaServer(bin!, { port: own.port, contextSize: 512, parallel: 1 });
      try {
        const r = await runCli(['run', '--resume', runDir, '--retry-errors'], { cwd: dir, timeoutMs: 90_000 });
        expect(r.code, r.stderr).toBe(0);
        const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { complete: boolean; totals: { n: number; errors: number } };
        expect(summary).toMatchObject({ complete: true, totals: { n: 12, errors: 0 } });
      } finally {
        await again.stop();
      }
    } finally {
      await own.stop();
    }
  }, 200_000);
});
