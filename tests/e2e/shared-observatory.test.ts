/**
 * Acceptance of the shared observatory: two campaigns run at the same time by the real CLI from
 * two different working folders, both pointed at one real PostgreSQL by BAC_A_SABLE_DB (with a
 * password in the address). Both appear in `history` and in `serve`; the home page written after
 * the second run shows the trend of both communities and of the model; the password is never
 * printed; `serve` on a non-loopback address without a token refuses to start.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../../harness/commands/serve.js';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { testContext } from '../unit/observatory/context.js';

const PASSWORD = 'motdepasse-tres-secret-42';
const KEY = 'sk-test-shared-observatory';

const writeProject = (baseUrl: string, suite: { id: string; community: string; rows: string }) => {
  const dir = mkdtempSync(join(tmpdir(), `bas-shared-${suite.id}-`));
  mkdirSync(join(dir, 'cas'));
  writeFileSync(join(dir, `${suite.id}.yaml`), `id: ${suite.id}
title: Essai ${suite.id}
community: ${suite.community}
classification: public
prompt: "{{question}}"
tests: cas/${suite.id}.csv
`);
  writeFileSync(join(dir, 'cas', `${suite.id}.csv`), `__id;question;__expected\r\n${suite.rows}`);
  writeFileSync(join(dir, 'modeles.yaml'), `models:
  - { id: loopback, provider: openai-compatible, baseUrl: ${baseUrl}, model: essai-1, apiKeyEnv: E2E_KEY, hosting: on-prem }
  - { id: reference, provider: reference, hosting: local }
defaults:
  models: [loopback, reference]
`);
  return dir;
};

describe.skipIf(skipWithoutPostgres())('one observatory shared by two working folders (PostgreSQL)', () => {
  let pg: TestPostgres;
  let llm: OpenAIServer;
  let url = '';
  beforeAll(async () => {
    pg = await startPostgres();
    url = (await pg.createDatabase()).replace('postgres@', `postgres:${PASSWORD}@`); // trust auth: the password is only carried
    llm = await startOpenAIServer({
      apiKey: KEY,
      respond: (body) => {
        const q = String(body.messages.at(-1)?.content ?? '');
        return { text: q.includes('France') ? 'Paris' : q.includes('Japon') ? 'yen' : 'je ne sais pas', usage: { promptTokens: 5, completionTokens: 1 } };
      },
    });
  });
  afterAll(async () => {
    await llm?.close();
    await pg?.stop();
  });

  it('two campaigns from two folders appear together in history, the home page and serve', async () => {
    const a = writeProject(llm.url, { id: 'capitales', community: 'geographie', rows: 'fr;Capitale de la France ?;icontains: paris\r\nde;Capitale de l’Allemagne ?;icontains: berlin\r\n' });
    const b = writeProject(llm.url, { id: 'monnaies', community: 'economie', rows: 'jp;Monnaie du Japon ?;icontains: yen\r\n' });
    const env = { E2E_KEY: KEY, BAC_A_SABLE_DB: url };
    const [ra, rb] = await Promise.all([
      runCli(['run', '--suite', 'capitales.yaml', '--config', 'modeles.yaml'], { cwd: a, env, timeoutMs: 120_000 }),
      runCli(['run', '--suite', 'monnaies.yaml', '--config', 'modeles.yaml'], { cwd: b, env, timeoutMs: 120_000 }),
    ]);
    for (const r of [ra, rb]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('index de l’observatoire non mis à jour');
    }
    const idOf = (out: string) => out.match(/Dossier de la campagne : reports\/runs\/(\S+)/)![1]!;
    const [idA, idB] = [idOf(ra.stdout), idOf(rb.stdout)];

    // history, from either folder (and from neither: the store is the same)
    const h = await runCli(['history'], { cwd: b, env });
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toContain(idA);
    expect(h.stdout).toContain(idB);
    expect(h.stdout).toContain(`postgres://postgres:***@127.0.0.1:${pg.port}/`);
    expect(h.stdout).toMatch(new RegExp(`${idA}.*loopback\\s+1\\s+2\\s+50\\s%`));
    expect(h.stdout).not.toMatch(/\sreference\s+\d/); // the calibration baseline has no line of figures
    const hs = await runCli(['history', '--community', 'economie'], { cwd: a, env });
    expect(hs.stdout).toContain(idB);
    expect(hs.stdout).not.toContain(idA);

    // The home page of each folder is rebuilt from the shared store after its run; the later one holds both.
    const pages = [a, b].map((d) => readFileSync(join(d, 'reports', 'index.html'), 'utf8'));
    const both = pages.find((p) => p.includes(idA) && p.includes(idB));
    expect(both).toBeDefined();
    expect(both).toContain('<h3>geographie</h3>');
    expect(both).toContain('<h3>economie</h3>');
    expect(both).toContain('id="tendance-modeles-reussite-legende"');
    expect(both).toMatch(/<td>loopback<\/td>/);

    // serve, from a third folder, over the same store
    const t = testContext(mkdtempSync(join(tmpdir(), 'bas-shared-serve-')));
    const server = await startServe({ ...t.ctx, env: { BAC_A_SABLE_DB: url } }, { port: 0 });
    try {
      const html = await (await fetch(new URL('/campagnes', server.url))).text();
      expect(html).toContain(idA);
      expect(html).toContain(idB);
      const home = await (await fetch(server.url)).text();
      expect(home).toContain('<h3>geographie</h3>');
      expect(home).toContain('<h3>economie</h3>');
    } finally {
      await server.close();
    }
    for (const out of [ra.stdout, ra.stderr, rb.stdout, rb.stderr, h.stdout, h.stderr, t.stdout(), t.stderr(), ...pages]) expect(out).not.toContain(PASSWORD);

    // history export against PostgreSQL
    const ex = await runCli(['history', 'export', 'historique.csv'], { cwd: a, env });
    expect(ex.code, ex.stderr).toBe(0);
    const csv = readFileSync(join(a, 'historique.csv'), 'utf8');
    expect(csv).toContain(idA);
    expect(csv).toContain(idB);
  }, 240_000);

  it('history import fills the shared store from run folders; a wrong address is reported without its password', async () => {
    const other = (await pg.createDatabase()).replace('postgres@', `postgres:${PASSWORD}@`);
    const dir = writeProject(llm.url, { id: 'capitales', community: 'geographie', rows: 'fr;Capitale de la France ?;icontains: paris\r\n' });
    const run = await runCli(['run', '--suite', 'capitales.yaml', '--config', 'modeles.yaml'], { cwd: dir, env: { E2E_KEY: KEY }, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const imp = await runCli(['history', 'import', 'reports/runs', '--db', other], { cwd: dir });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('1 campagne(s) indexée(s) dans postgres://postgres:***@');
    const bad = await runCli(['history'], { cwd: dir, env: { BAC_A_SABLE_DB: `postgres://postgres:${PASSWORD}@127.0.0.1:1/nulle` } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('base PostgreSQL de l’observatoire injoignable : postgres://postgres:***@127.0.0.1:1/nulle');
    expect(bad.stdout + bad.stderr).not.toContain(PASSWORD);
    const refused = await runCli(['serve', '--host', '0.0.0.0', '--db', other], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('refus de démarrer');
  }, 240_000);
});
