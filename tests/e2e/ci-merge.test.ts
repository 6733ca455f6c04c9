/**
 * Acceptance of issue 19: a suite the project has never seen, run in 3 shards and merged, gives the
 * same results set, the same verdicts and the same egress totals as the same plan run in one go.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const writeProject = (url: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-merge-'));
  mkdirSync(join(dir, 'cas'));
  const rows = Array.from({ length: 18 }, (_, i) => `d${i + 1};demande ${i + 1};oui;icontains: oui`);
  writeFileSync(join(dir, 'cas', 'd.csv'), `__id;q;__reference;__expected\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'demandes.yaml'), 'id: demandes-inedites\ntitle: Demandes\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests: cas/d.csv\n');
  writeFileSync(
    join(dir, 'config.yaml'),
    `models:
  - { id: fort, provider: openai-compatible, baseUrl: "${url}", model: fort, hosting: on-prem }
  - { id: faible, provider: openai-compatible, baseUrl: "${url}", model: faible, hosting: on-prem }
defaults:
  models: [fort, faible]
`,
  );
  return dir;
};

type Row = { suite: string; model: string; caseId: string; repeat: number; status: string; output: string | null; runId: string };
const folderIn = (dir: string, out: string): string => join(dir, out, readdirSync(join(dir, out)).find((d) => /^\d{8}-/.test(d))!);
const rows = (runDir: string): Row[] => readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
const resultSet = (runDir: string) => rows(runDir).map((r) => `${r.suite}|${r.model}|${r.caseId}|${r.repeat}|${r.status}|${r.output}`).sort();
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** Timings differ from one run to the next by nature: compared, the verdicts are everything else. */
const withoutTimings = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x) => (/latency|ttft|tokensPerS|durationMs/i.test(k) ? undefined : x)));
const verdictsOf = (runDir: string) => {
  const s = json(join(runDir, 'summary.json'));
  s.verdicts = withoutTimings(s.verdicts);
  s.recommendations = withoutTimings(s.recommendations);
  return { cells: s.cells.map((c: Record<string, unknown>) => [c.suite, c.model, c.n, c.passed, c.failed, c.errors, c.passRate]), verdicts: s.verdicts, recommendations: s.recommendations };
};
const egressTotals = (runDir: string) => json(join(runDir, 'egress.json')).hosts;

describe('shards and merge', () => {
  let server: OpenAIServer;
  let dir: string;
  const shardDirs: string[] = [];
  beforeAll(async () => {
    // « fort » answers every request right; « faible » misses one request in three.
    server = await startOpenAIServer({ respond: (body) => (body.model === 'faible' && Number(/\d+/.exec(body.messages.at(-1)?.content ?? '')?.[0]) % 3 === 0 ? 'non' : 'oui') });
    dir = writeProject(server.url);
    for (const k of [1, 2, 3]) {
      const r = await runInProcess(['run', '--suite', 'demandes.yaml', '--config', 'config.yaml', '--repeat', '2', '--out', `part${k}`, '--shard', `${k}/3`], dir, {});
      expect(r.code, r.stderr).toBe(0);
      shardDirs.push(folderIn(dir, `part${k}`));
    }
  });
  afterAll(() => server.close());

  it('3 shards merged = the same plan run unsharded: results set, verdicts, egress totals; JUnit too', async () => {
    const whole = await runInProcess(['run', '--suite', 'demandes.yaml', '--config', 'config.yaml', '--repeat', '2', '--out', 'entier'], dir, {});
    expect(whole.code).toBe(0);
    const m = await runInProcess(['merge', ...shardDirs, '--out', 'reuni', '--junit', 'reuni/junit.xml'], dir, {});
    expect(m.stderr).not.toMatch(/Erreur/);
    expect(m.code).toBe(0);
    const merged = folderIn(dir, 'reuni');
    const single = folderIn(dir, 'entier');
    for (const f of ['results.jsonl', 'summary.json', 'results.csv', 'report.html', 'egress.json', 'egress.jsonl', 'manifest.json']) expect(existsSync(join(merged, f)), f).toBe(true);
    expect(rows(merged)).toHaveLength(72);
    expect(resultSet(merged)).toEqual(resultSet(single));
    expect(new Set(rows(merged).map((r) => r.runId))).toEqual(new Set([json(join(merged, 'manifest.json')).runId]));
    expect(verdictsOf(single).verdicts).toBeTruthy();
    expect(JSON.stringify(egressTotals(single))).toMatch(/127\.0\.0\.1/);
    expect(verdictsOf(merged)).toEqual(verdictsOf(single));
    expect(egressTotals(merged)).toEqual(egressTotals(single));
    const manifest = json(join(merged, 'manifest.json'));
    expect(manifest.mergedFrom.map((x: { shard: string }) => x.shard)).toEqual(['1/3', '2/3', '3/3']);
    expect(manifest.plan.selection.shard).toBeUndefined();
    expect(readFileSync(join(dir, 'reuni', 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(72);
    // The same gates as run: « faible » (2 cases in 3) is under 90 %, exit 4 with the merged folder written.
    const gated = await runInProcess(['merge', ...shardDirs, '--out', 'reuni-seuil', '--fail-under', '0.9'], dir, {});
    expect(gated.code).toBe(4);
    expect(gated.stderr).toMatch(/demandes-inedites × faible : taux de réussite 66,7 %/);
    expect(existsSync(join(folderIn(dir, 'reuni-seuil'), 'summary.json'))).toBe(true);
  });

  it('refuses a missing, a duplicated or a foreign shard, and a folder that is no shard (exit 2, French message, nothing written)', async () => {
    const missing = await runInProcess(['merge', shardDirs[0]!, shardDirs[2]!, '--out', 'x1'], dir, {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/part\(s\) manquante\(s\) : 2\/3/);
    const dup = await runInProcess(['merge', shardDirs[0]!, shardDirs[1]!, shardDirs[2]!, shardDirs[1]!, '--out', 'x2'], dir, {});
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/part 2\/3 en double/);
    // A shard of another plan (one more repeat): same case split, another fingerprint.
    const r = await runInProcess(['run', '--suite', 'demandes.yaml', '--config', 'config.yaml', '--repeat', '1', '--out', 'autre', '--shard', '2/3'], dir, {});
    expect(r.code).toBe(0);
    const foreign = await runInProcess(['merge', shardDirs[0]!, folderIn(dir, 'autre'), shardDirs[2]!, '--out', 'x3'], dir, {});
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/part étrangère/);
    const whole = await runInProcess(['merge', folderIn(dir, 'entier'), '--out', 'x4'], dir, {});
    expect(whole.code).toBe(2);
    expect(whole.stderr).toMatch(/n’est pas une part de campagne/);
    for (const out of ['x1', 'x2', 'x3', 'x4']) expect(existsSync(join(dir, out))).toBe(false);
    rmSync(join(dir, 'autre'), { recursive: true });
  });
});
