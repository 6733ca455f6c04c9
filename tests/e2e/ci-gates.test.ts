/**
 * Quality gates of a campaign as a CI pipeline sees them: the exit code (3 when a model got no
 * answer at all, 4 when a gate fails) comes after the run folder is fully written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const KEY = 'sk-gates-test-0b1c';

/** A suite never seen by the project: 10 cases; the loopback model gets 9 right (90 %). */
const writeProject = (url: string, gates = ''): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-gates-'));
  mkdirSync(join(dir, 'cas'));
  const rows = Array.from({ length: 10 }, (_, i) => `c${i + 1};question ${i + 1};equals: oui`);
  writeFileSync(join(dir, 'cas', 'oui.csv'), `__id;q;__expected\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'oui.yaml'), `id: repondre-oui\ntitle: Répondre oui\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests: cas/oui.csv\n${gates}`);
  writeFileSync(
    join(dir, 'modeles.yaml'),
    `models:
  - { id: neuf-sur-dix, provider: openai-compatible, baseUrl: "${url}", model: m, apiKeyEnv: GATE_KEY, hosting: on-prem }
  - { id: mauvaise-cle, provider: openai-compatible, baseUrl: "${url}", model: m, apiKeyEnv: WRONG_KEY, hosting: on-prem }
defaults:
  models: [neuf-sur-dix]
`,
  );
  return dir;
};

const env = { GATE_KEY: KEY, WRONG_KEY: 'sk-not-the-right-one' };
const runDirOf = (dir: string, out: string): string => join(dir, out, readdirSync(join(dir, out)).find((d) => !d.endsWith('.db') && !d.endsWith('.html') && existsSync(join(dir, out, d, 'manifest.json')))!);

describe('quality gates and exit codes', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ apiKey: KEY, respond: (body) => (body.messages.at(-1)?.content === 'question 10' ? 'non' : 'oui') });
  });
  afterAll(() => server.close());

  it('acceptance: --fail-under 0.95 on a 90 % model exits 4, with the run folder written', async () => {
    const dir = writeProject(server.url);
    const r = await runCli(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties', '--fail-under', '0.95'], { cwd: dir, env });
    expect(r.stderr).not.toMatch(/Erreur interne/);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/repondre-oui × neuf-sur-dix : taux de réussite 90,0 %, en dessous du minimum 95,0 % \(--fail-under\)/);
    const runDir = runDirOf(dir, 'sorties');
    for (const f of ['results.jsonl', 'summary.json', 'results.csv', 'report.html', 'egress.json', 'gates.json']) expect(existsSync(join(runDir, f)), f).toBe(true);
    expect(readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    expect(JSON.parse(readFileSync(join(runDir, 'gates.json'), 'utf8')).failures).toHaveLength(1);
  });

  it('--fail-under met exits 0', async () => {
    const dir = writeProject(server.url);
    const r = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties', '--fail-under', '0.9'], dir, env);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/seuil non atteint/);
  });

  it('a model whose every request failed makes the campaign exit 3 (not 0), folder written', async () => {
    const dir = writeProject(server.url);
    const r = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties', '--model', 'neuf-sur-dix', '--model', 'mauvaise-cle'], dir, env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mauvaise-cle : toutes les requêtes ont échoué/);
    expect(existsSync(join(runDirOf(dir, 'sorties'), 'summary.json'))).toBe(true);
  });

  it('suite gates: minPassRate and minLowerBound exit 4; a gate met exits 0', async () => {
    const strict = writeProject(server.url, 'gates:\n  minPassRate: 0.8\n  minLowerBound: 0.8\n');
    const r = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties'], strict, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/borne basse .* \(gates\.minLowerBound\)/);
    expect(r.stderr).not.toMatch(/gates\.minPassRate/);
    const lenient = writeProject(server.url, 'gates:\n  minPassRate: 0.85\n');
    expect((await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties'], lenient, env)).code).toBe(0);
  });

  it('suite gate maxWhPerRequest: an energy that cannot be checked fails the gate rather than passing silently', async () => {
    const dir = writeProject(server.url, 'gates:\n  maxWhPerRequest: 5\n');
    const r = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties'], dir, env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/gates\.maxWhPerRequest/);
  });

  it('--baseline --max-regression: a drop beyond the allowed points exits 4; within exits 0', async () => {
    const dir = writeProject(server.url);
    const better = await startOpenAIServer({ apiKey: KEY, respond: () => 'oui' });
    try {
      const baseDir = writeProject(better.url);
      expect((await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties'], baseDir, env)).code).toBe(0);
      const baseline = runDirOf(baseDir, 'sorties');
      const r = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties', '--baseline', baseline, '--max-regression', '5'], dir, env);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/recul de 10,0 points .*100,0 % → 90,0 %/);
      const ok = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--out', 'sorties2', '--baseline', baseline, '--max-regression', '10'], dir, env);
      expect(ok.code).toBe(0);
    } finally {
      await better.close();
    }
  });

  it('--max-regression without --baseline, or a baseline that is no run folder, is an input error (2), nothing run', async () => {
    const dir = writeProject(server.url);
    const before = server.requests.length;
    const a = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--max-regression', '5'], dir, env);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--baseline/);
    const b = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--baseline', 'nulle-part'], dir, env);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--baseline nulle-part : pas de summary\.json.*ligne de commande/);
    const c = await runInProcess(['run', '--suite', 'oui.yaml', '--config', 'modeles.yaml', '--fail-under', '95'], dir, env);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--fail-under : taux entre 0 et 1/);
    expect(server.requests.length).toBe(before);
  });
});
