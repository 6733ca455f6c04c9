/**
 * `bac-a-sable serve` on a real socket (127.0.0.1, port 0) over a SQLite observatory holding six
 * constructed runs and one real run folder: every page loads with the report's CSP, filters
 * narrow what is shown, comparison and case history answer, nothing writes, a non-loopback
 * address without a token is refused (exit 2), and the token is checked on every request.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../../harness/commands/serve.js';
import { main } from '../../../harness/main.js';
import { writeRunReport } from '../../../harness/report/index.js';
import { isLoopback, tokenMatches } from '../../../harness/serve/access.js';
import { importRunFolder } from '../../../harness/store/observatory/import.js';
import { createSqliteStore } from '../../../harness/store/observatory/sqlite.js';
import { writeRunFixture } from '../report/fixture-run.js';
import { tempDir } from './build-run.js';
import { testContext } from './context.js';
import { sixRuns } from './six-runs.js';

const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'";
const TOKEN = 'jeton-de-test-0123456789abcdef';

/** Table rows as text, tags removed. */
const rows = (html: string) => [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

const project = async () => {
  const root = tempDir('bas-serve-');
  const db = join(root, 'reports', 'observatoire.db');
  const store = createSqliteStore(db);
  await sixRuns(store);
  const runDir = writeRunFixture(join(root, 'reports', 'runs', '20261129-031522-a3f9'));
  await writeRunReport(runDir);
  await importRunFolder(store, runDir);
  const count = (await store.listRuns()).length;
  await store.close();
  return { root, db, count };
};

describe('serve: the web observatory', () => {
  let server: RunningServer;
  let root = '';
  let db = '';
  let runCount = 0;
  beforeAll(async () => {
    ({ root, db, count: runCount } = await project());
    server = await startServe(testContext(root).ctx, { port: 0 });
  });
  afterAll(async () => server?.close());

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(new URL(path, server.url), { redirect: 'manual', ...init });
    return { res, html: await res.text() };
  };

  it('binds 127.0.0.1 by default and serves every page with the run report’s CSP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const path of ['/', '/campagnes', '/comparer', '/cas']) {
      const { res, html } = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const header = res.headers.get('content-security-policy')!;
      expect(header, path).toBe(path === '/' ? REPORT_CSP : REPORT_CSP.replace("form-action 'none'", "form-action 'self'"));
      expect(html, path).toContain(`content="${header}"`); // the header repeats the page's own policy
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(html).not.toMatch(/(?:src|href|action)="https?:/);
    }
    const home = (await get('/')).html;
    expect(home).toContain('Tendances par communauté');
    // Handlebars escapes = as &#x3D; in attributes; the browser reads the same link.
    expect(home.replaceAll('&#x3D;', '=')).toContain('href="/comparer?a=20260511-080000-004&amp;b=20260529-080000-005"');
  });

  it('filters runs by community, model, suite and date', async () => {
    const all = rows((await get('/campagnes')).html).filter((r) => /^\d/.test(r));
    expect(new Set(all.map((r) => r.split(' ')[4])).size).toBeGreaterThan(1);
    expect((await get('/campagnes')).html).toContain(`${runCount} campagne(s)`);

    const mistral = rows((await get('/campagnes?modele=mistral')).html).filter((r) => r.includes('2026'));
    expect(mistral.length).toBe(6);
    expect(mistral.every((r) => / mistral /.test(r) && !/ qwen /.test(r))).toBe(true);

    const april = (await get('/campagnes?du=2026-04-01&au=2026-04-30')).html;
    expect(april).toContain('2 campagne(s)');
    expect(april).toContain('20260406-080000-002');
    expect(april).not.toContain('20260511-080000-004');
    expect(april).toContain('value="2026-04-01"');

    const trad = rows((await get('/campagnes?communaute=traduction&modele=mistral')).html).filter((r) => r.includes('20260511-080000-004 mistral'));
    expect(trad).toHaveLength(1);
    expect(trad[0]).toMatch(/ 20 40\s?% /); // fr-es only: 8 / 20
    expect((await get('/campagnes?suite=inconnue')).html).toContain('Aucune campagne ne correspond à ce filtre');
    expect((await get('/campagnes?du=pas-une-date')).res.status).toBe(200); // an invalid date is ignored, not an error
    expect((await get('/campagnes?modele=reference')).html).not.toMatch(/<td>reference<\/td>/); // baselines never get figures
  });

  it('compares any two runs chosen in the page, and says so when one is unknown', async () => {
    const form = (await get('/comparer')).html;
    expect(form).toContain('<select name="a"');
    expect(form).toContain('<option value="20260302-080000-000"');
    const { res, html } = await get('/comparer?a=20260302-080000-000&b=20260529-080000-005');
    expect(res.status).toBe(200);
    expect(html).toContain('20260302-080000-000');
    expect(html).toContain('20260529-080000-005');
    expect(html).toContain('cas-010'); // mistral fr-es cases 9..17 regressed
    const unknown = await get('/comparer?a=20260302-080000-000&b=nulle-part');
    expect(unknown.res.status).toBe(404);
    expect(unknown.html).toContain('Campagne inconnue de l’observatoire : nulle-part');
  });

  it('shows one case’s history across runs, oldest first', async () => {
    const { html } = await get('/cas?suite=fr-es&cas=cas-010&modele=mistral');
    const lines = rows(html).filter((r) => r.includes('2026'));
    expect(lines.map((r) => (r.includes('réussi') ? 'réussi' : 'échoué'))).toEqual(['réussi', 'réussi', 'réussi', 'réussi', 'échoué', 'échoué']);
    expect(lines[0]).toContain('20260302-080000-000');
    expect((await get('/cas?suite=fr-es&cas=inconnu')).html).toContain('Ce cas n’apparaît dans aucune campagne');
  });

  it('serves a run’s own report, and never a file named by the URL', async () => {
    const { res, html } = await get('/campagnes/20261129-031522-a3f9/rapport');
    expect(res.status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/); // the report's own script, by hash
    for (const path of ['/campagnes/..%2F..%2F..%2Fetc%2Fpasswd/rapport', '/campagnes/%2Fetc%2Fpasswd/rapport', '/campagnes/../../etc/passwd', '/reports/observatoire.db', '/observatoire.db']) {
      const r = await get(path);
      expect(r.res.status, path).toBe(404);
      expect(r.html).not.toContain('root:');
      expect(r.html).not.toContain('SQLite format');
    }
    const elsewhere = await get('/campagnes/20260302-080000-000/rapport'); // recorded from another machine
    expect(elsewhere.res.status).toBe(404);
    expect(elsewhere.html).toContain('enregistrée depuis une autre machine');
  });

  it('has no route that writes: every other method is refused and the store is unchanged', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of ['/', '/campagnes', '/campagnes/20260302-080000-000/rapport', '/comparer', '/cas', '/import']) {
        const { res } = await get(path, { method, body: method === 'OPTIONS' ? null : '{"runId":"x"}' });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
      }
    }
    const head = await get('/campagnes', { method: 'HEAD' });
    expect(head.res.status).toBe(200);
    expect(head.html).toBe('');
    const store = createSqliteStore(db);
    expect(await store.listRuns()).toHaveLength(runCount);
    await store.close();
  });
});

describe('serve: access', () => {
  it('refuses to start on a non-loopback address without a token, in French, with exit code 2', async () => {
    const { root } = await project();
    for (const host of ['0.0.0.0', '192.168.1.20', '::']) {
      const t = testContext(root);
      expect(await main(['serve', '--host', host, '--port', '0'], t.ctx)).toBe(2);
      expect(t.stderr()).toContain(`refus de démarrer : l’adresse ${host} est joignable depuis d’autres machines et aucun jeton d’accès n’est donné`);
      expect(t.stderr()).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    const short = testContext(root);
    expect(await main(['serve', '--host', '0.0.0.0', '--token', 'court', '--port', '0'], short.ctx)).toBe(2);
    expect(short.stderr()).toContain('jeton d’accès trop court');
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0') || isLoopback('10.0.0.1') || isLoopback('::')).toBe(false);
  });

  it('with a token (here from the environment), checks it on every request', async () => {
    const { root } = await project();
    const t = testContext(root);
    const server = await startServe({ ...t.ctx, env: { BAC_A_SABLE_SERVE_TOKEN: TOKEN } }, { port: 0 });
    try {
      const at = (p: string) => new URL(p, server.url);
      const none = await fetch(at('/campagnes'));
      expect(none.status).toBe(401);
      const page = await none.text();
      expect(page).toContain('Cet observatoire demande un jeton d’accès');
      expect(page).not.toContain('20260302-080000-000');
      expect((await fetch(at('/'), { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
      expect((await fetch(at('/'), { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } })).status).toBe(401);
      expect((await fetch(at('/'), { headers: { cookie: 'bas_jeton=faux' } })).status).toBe(401);
      expect((await fetch(at('/'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      // A browser: the token once in the address, then a cookie the page cannot read.
      const first = await fetch(at(`/campagnes?modele=qwen&jeton=${TOKEN}`), { redirect: 'manual' });
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/campagnes?modele=qwen');
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const next = await fetch(at('/campagnes?modele=qwen'), { headers: { cookie: cookie.split(';')[0]! } });
      expect(next.status).toBe(200);
      expect(await next.text()).toContain('qwen');
      expect((await fetch(at(`/?jeton=${TOKEN}z`), { redirect: 'manual' })).status).toBe(401);
      // A write is refused even with the right token.
      expect((await fetch(at('/'), { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
      expect(t.stdout()).toContain('Accès protégé par jeton');
      expect(t.stdout()).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN, null)).toBe(false);
  });
});
