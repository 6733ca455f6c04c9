/** Case selection (--cases, --limit, --sample --seed) and --shard K/N, recorded in the manifest and kept by --resume. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const writeProject = (url: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-select-'));
  mkdirSync(join(dir, 'cas'));
  for (const [id, n] of [['alpha', 12], ['beta', 8]] as const) {
    const rows = Array.from({ length: n }, (_, i) => `${id}-${String(i + 1).padStart(2, '0')};q ${id} ${i + 1};icontains: oui`);
    writeFileSync(join(dir, 'cas', `${id}.csv`), `__id;q;__expected\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, `${id}.yaml`), `id: ${id}\ntitle: ${id}\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests: cas/${id}.csv\n`);
  }
  writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: m1, provider: openai-compatible, baseUrl: "${url}", model: m, hosting: on-prem }\n`);
  return dir;
};

const run = (dir: string, out: string, extra: string[]) => runInProcess(['run', '--suite', 'alpha.yaml', '--suite', 'beta.yaml', '--config', 'config.yaml', '--model', 'm1', '--out', out, ...extra], dir, {});
const folder = (dir: string, out: string): string => join(dir, out, readdirSync(join(dir, out)).find((d) => /^\d{8}-/.test(d))!);
const results = (runDir: string): { suite: string; caseId: string }[] => readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const ids = (runDir: string): string[] => results(runDir).map((r) => r.caseId).sort();

describe('case selection', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ respond: () => 'oui' });
  });
  afterAll(() => server.close());

  it('--cases takes exact ids and whole-id regular expressions; what it chose is in the manifest', async () => {
    const dir = writeProject(server.url);
    const r = await run(dir, 'out', ['--cases', 'alpha-03', 'beta-0[12]']);
    expect(r.code).toBe(0);
    const runDir = folder(dir, 'out');
    expect(ids(runDir)).toEqual(['alpha-03', 'beta-01', 'beta-02']);
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).plan.selection).toEqual({ cases: ['alpha-03', 'beta-0[12]'] });
  });

  it('--limit N keeps the first N cases of each suite; --resume keeps the same selection', async () => {
    const dir = writeProject(server.url);
    expect((await run(dir, 'out', ['--limit', '2'])).code).toBe(0);
    const runDir = folder(dir, 'out');
    expect(ids(runDir)).toEqual(['alpha-01', 'alpha-02', 'beta-01', 'beta-02']);
    // Drop one result as a crash would, then resume: only that case is asked again, nothing beyond the limit.
    const lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(runDir, 'results.jsonl'), `${lines.slice(0, 3).join('\n')}\n`);
    const before = server.requests.length;
    const resumed = await runInProcess(['run', '--resume', runDir], dir, {});
    expect(resumed.code).toBe(0);
    const asked = server.requests.slice(before).map((q) => (q.body as { messages?: { content: string }[] } | undefined)?.messages?.at(-1)?.content).filter((c) => c?.startsWith('q '));
    expect(asked).toEqual(['q beta 2']);
    expect(ids(runDir)).toEqual(['alpha-01', 'alpha-02', 'beta-01', 'beta-02']);
  });

  it('--sample N --seed S draws N per suite, the same with the same seed, another with another seed', async () => {
    const dir = writeProject(server.url);
    expect((await run(dir, 'a', ['--sample', '3', '--seed', '7'])).code).toBe(0);
    expect((await run(dir, 'b', ['--sample', '3', '--seed', '7'])).code).toBe(0);
    expect((await run(dir, 'c', ['--sample', '3', '--seed', '8'])).code).toBe(0);
    const a = results(folder(dir, 'a'));
    expect(a.filter((r) => r.suite === 'alpha')).toHaveLength(3);
    expect(a.filter((r) => r.suite === 'beta')).toHaveLength(3);
    expect(ids(folder(dir, 'b'))).toEqual(ids(folder(dir, 'a')));
    expect(ids(folder(dir, 'c'))).not.toEqual(ids(folder(dir, 'a')));
  });

  it('--shard K/N: the shards are disjoint and together cover the plan; the manifest records shard and fingerprint', async () => {
    const dir = writeProject(server.url);
    const seen: string[] = [];
    const prints = new Set<string>();
    for (const k of [1, 2, 3]) {
      expect((await run(dir, `s${k}`, ['--shard', `${k}/3`, '--repeat', '2'])).code).toBe(0);
      const runDir = folder(dir, `s${k}`);
      const rs = results(runDir);
      // Both repeats of a case in the same shard.
      const keys = rs.map((r) => `${r.suite}/${r.caseId}`);
      for (const key of new Set(keys)) expect(keys.filter((x) => x === key)).toHaveLength(2);
      seen.push(...new Set(keys));
      const plan = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).plan;
      expect(plan.selection.shard).toEqual({ index: k, total: 3 });
      prints.add(plan.planFingerprint);
    }
    expect(seen.sort()).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(prints.size).toBe(1);
  });

  it('refuses a bad selection with exit 2 and a French message, nothing sent', async () => {
    const dir = writeProject(server.url);
    const before = server.requests.length;
    const none = await run(dir, 'out', ['--cases', 'gamma-.*']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/la sélection ne garde aucun cas/);
    const shard = await run(dir, 'out', ['--shard', '4/3']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toMatch(/--shard.*forme attendue K\/N/);
    const seed = await run(dir, 'out', ['--seed', '3']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed s’emploie avec --sample/);
    expect(server.requests.length).toBe(before);
  });
});
