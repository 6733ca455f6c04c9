import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

/**
 * A campaign at a concurrency above Node's default listener limit (10): every request in flight
 * listens to the campaign's stop signal, and the user must not see Node's leak warning for it.
 */
describe('run at --concurrency 16', () => {
  let server: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    // Slow enough tokens that 16 requests are in flight together.
    server = await startOpenAIServer({ tokenDelayMs: 15, respond: () => ({ text: 'oui', usage: { promptTokens: 3, completionTokens: 1 } }) });
    dir = mkdtempSync(join(tmpdir(), 'bas-conc-'));
    writeFileSync(join(dir, 'suite.yaml'), `id: conc\ntitle: Concurrence\ncommunity: essai\nclassification: public\nprompt: "Question {{n}}"\ndefaultTest:\n  assert: [{ type: icontains, value: oui }]\ntests: cas.jsonl\n`);
    writeFileSync(join(dir, 'cas.jsonl'), Array.from({ length: 48 }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { n: i } })).join('\n'));
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: loopback, provider: openai-compatible, baseUrl: "${server.url}", model: m, hosting: local }\ndefaults:\n  models: [loopback]\n`);
  });
  afterAll(() => server.close());

  it('runs every case with no warning from Node on stderr', async () => {
    const r = await runCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', join(dir, 'runs'), '--concurrency', '16', '--concurrent-local', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // 48 cases, plus the warm-up request.
    expect(server.requests.filter((q) => q.path.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(48);
    expect(r.stderr).not.toMatch(/MaxListenersExceeded|Warning:/);
  });
});
