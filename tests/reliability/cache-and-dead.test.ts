import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactSettings } from '../../harness/commands/manifest.js';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const lines = (dir: string, out: string) => {
  const runs = readdirSync(join(dir, out)).sort();
  return readFileSync(join(dir, out, runs.at(-1)!, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
};

/** A port on 127.0.0.1 where nothing listens. */
const closedPort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
};

describe('response cache', () => {
  let server: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    server = await startOpenAIServer({ respond: (b) => `réponse à ${b.messages.at(-1)?.content}` });
    dir = mkdtempSync(join(tmpdir(), 'bas-cache-'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: cache\ntitle: C\ncommunity: c\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: un } }\n  - { vars: { q: deux } }\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: m, provider: openai-compatible, baseUrl: "${server.url}", model: m, hosting: on-prem }\n`);
  });
  afterAll(() => server.close());

  it('answers identical requests from the cache, marked as such, only when asked', async () => {
    const args = (out: string) => ['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', out];
    expect((await runInProcess([...args('out1'), '--cache'], dir)).code).toBe(0);
    // Chat requests only: each run also asks GET /v1/models once for the manifest.
    const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    const afterFirst = chats();
    expect(lines(dir, 'out1').every((l) => !l.cached)).toBe(true);
    expect((await runInProcess([...args('out2'), '--cache'], dir)).code).toBe(0);
    expect(chats()).toBe(afterFirst);
    const second = lines(dir, 'out2');
    expect(second.every((l) => l.cached === true && l.output.startsWith('réponse à'))).toBe(true);
    expect((await runInProcess(args('out3'), dir)).code).toBe(0); // no --cache: asks again
    expect(chats()).toBe(afterFirst + 2);
    expect((await runInProcess([...args('out4'), '--cache', '--repeat', '2'], dir)).code).toBe(0); // repeats are never cached
    expect(chats()).toBe(afterFirst + 6);
  });
});

describe('dead provider', () => {
  it('is reported within seconds with one message, every planned case recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-dead-'));
    writeFileSync(join(dir, 'cases.jsonl'), Array.from({ length: 40 }, (_, i) => JSON.stringify({ vars: { q: `q${i}` } })).join('\n'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: mort\ntitle: M\ncommunity: c\nclassification: public\nprompt: "{{q}}"\ntests: cases.jsonl\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: mort, provider: openai-compatible, baseUrl: "http://127.0.0.1:${await closedPort()}/v1", model: m, hosting: on-prem }\n`);
    const t0 = Date.now();
    const r = await runInProcess(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'out'], dir);
    expect(Date.now() - t0).toBeLessThan(20_000); // generous bound on a loaded 2-core machine; typically well under a second
    // A model whose every request failed measured nothing: the campaign says so with exit 3.
    expect(r.code).toBe(3);
    expect(r.stderr.match(/mort arrêté/g)).toHaveLength(1);
    const results = lines(dir, 'out');
    expect(results).toHaveLength(40);
    expect(results.every((l) => l.status === 'error' && l.error.code === 'unreachable')).toBe(true);
  });
});

describe('manifest redaction', () => {
  it('keeps env references and hides literal header values, URL credentials and key parameters', () => {
    expect(redactSettings({ url: 'https://u:p@rag.interne/api?key=abc&lang=fr', headers: { Authorization: 'Bearer sk-123', 'X-Api-Key': '${env:RAG_KEY}', Accept: 'application/json' }, apiKeyEnv: 'K' })).toEqual({
      url: 'https://***@rag.interne/api?key=***&lang=fr',
      headers: { Authorization: '***', 'X-Api-Key': '${env:RAG_KEY}', Accept: '***' },
      apiKeyEnv: 'K',
    });
  });
});
