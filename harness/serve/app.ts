/**
 * The web observatory as a hono application: read-only pages over an observatory store. Only GET
 * and HEAD exist; any other method is answered 405 before any route runs. With a token, every
 * request must carry it. Run reports are found through the store (the run id is a lookup key,
 * never a path), so no URL can name a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { renderCompareHtml } from '../report/compare-html.js';
import { compareView } from '../report/compare-view.js';
import { loadHomeData } from '../report/home-data.js';
import { buildIndexView } from '../report/index-view.js';
import { renderReportsIndex } from '../report/render.js';
import { compareRuns, loadRunSide } from '../store/observatory/diff.js';
import type { ObservatoryStore } from '../store/observatory/types.js';
import { TOKEN_COOKIE, TOKEN_QUERY, tokenMatches, tokenOf } from './access.js';
import { cspOf, SECURITY_HEADERS } from './headers.js';
import { casePage, compareFormPage, compareHref, messagePage, reportHref, runsPage } from './pages.js';

export type AppOptions = {
  store: ObservatoryStore;
  /** null: no token required (loopback only, checked by the caller). */
  token: string | null;
  /** Where unexpected errors are written (never to the page). */
  log: (line: string) => void;
};

const ALLOWED = new Set(['GET', 'HEAD']);

const page = (c: Context, html: string, status: 200 | 400 | 401 | 404 | 405 | 500 = 200) => {
  c.header('Content-Security-Policy', cspOf(html));
  return c.html(html, status);
};

/** The run report: the file the run wrote, or built in memory from the run folder; never written here. */
const runReport = async (runDir: string | null): Promise<string | null> => {
  if (runDir === null || !existsSync(join(runDir, 'manifest.json'))) return null;
  const file = join(runDir, 'report.html');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const [{ loadRun }, { buildRunView }, { renderRunReport }, { DEFAULT_LIMITS }] = await Promise.all([
    import('../report/load-run.js'), import('../report/view-model.js'), import('../report/render.js'), import('../report/results-digest.js'),
  ]);
  return renderRunReport(buildRunView(await loadRun(runDir, DEFAULT_LIMITS), { lang: 'fr' }));
};

const one = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

export const createObservatoryApp = ({ store, token, log }: AppOptions): Hono => {
  const app = new Hono();

  app.use('*', async (c, next) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (!ALLOWED.has(c.req.method)) {
      c.header('Allow', 'GET, HEAD');
      return page(c, messagePage('Méthode refusée', 'Cet observatoire est en lecture seule : seules les méthodes GET et HEAD sont acceptées.'), 405);
    }
    if (token !== null && !tokenMatches(token, tokenOf(c.req.header('authorization'), c.req.header('cookie')))) {
      const fromQuery = c.req.query(TOKEN_QUERY);
      if (fromQuery !== undefined && tokenMatches(token, fromQuery)) {
        // Kept in a cookie the page's scripts cannot read, then removed from the address bar.
        c.header('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(fromQuery)}; Path=/; HttpOnly; SameSite=Strict`);
        const url = new URL(c.req.url);
        url.searchParams.delete(TOKEN_QUERY);
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      return page(c, messagePage('Accès protégé', 'Cet observatoire demande un jeton d’accès.', { askToken: true, path: new URL(c.req.url).pathname }), 401);
    }
    await next();
  });

  app.get('/', async (c) => {
    const data = await loadHomeData(store);
    const view = buildIndexView(data, { report: (run) => reportHref(run.runId), compare: compareHref }, { lang: 'fr' });
    return page(c, await renderReportsIndex({ ...view, serveNav: true }));
  });

  app.get('/campagnes', async (c) => {
    const q = c.req.query();
    const query = { community: one(q.communaute), model: one(q.modele), suite: one(q.suite), from: one(q.du), to: one(q.au) };
    return page(c, await runsPage(store, Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined))));
  });

  app.get('/campagnes/:id/rapport', async (c) => {
    const run = await store.getRun(c.req.param('id'));
    const html = run ? await runReport(run.runDir) : null;
    if (html === null) {
      const why = run ? 'le dossier de cette campagne n’est pas sur ce serveur (elle a été enregistrée depuis une autre machine)' : 'aucune campagne de ce nom dans l’observatoire';
      return page(c, messagePage('Rapport introuvable', `Rapport introuvable : ${why}.`), 404);
    }
    return page(c, html);
  });

  app.get('/comparer', async (c) => {
    const a = one(c.req.query('a'));
    const b = one(c.req.query('b'));
    if (a === undefined || b === undefined) return page(c, await compareFormPage(store, { ...(a ? { a } : {}), ...(b ? { b } : {}) }, null));
    const [sideA, sideB] = [await loadRunSide(store, a), await loadRunSide(store, b)];
    if (!sideA || !sideB) {
      const missing = [sideA ? null : a, sideB ? null : b].filter(Boolean).join(', ');
      return page(c, await compareFormPage(store, {}, `Campagne inconnue de l’observatoire : ${missing}.`), 404);
    }
    return page(c, renderCompareHtml(compareView(compareRuns(sideA, sideB))));
  });

  app.get('/cas', async (c) => {
    const q = c.req.query();
    return page(c, await casePage(store, { ...(one(q.suite) ? { suite: q.suite } : {}), ...(one(q.cas) ? { caseId: q.cas } : {}), ...(one(q.modele) ? { model: q.modele } : {}) }));
  });

  app.notFound((c) => page(c, messagePage('Page introuvable', 'Cette page n’existe pas dans l’observatoire.'), 404));
  app.onError((e, c) => {
    log(`erreur interne de l’observatoire web : ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return page(c, messagePage('Erreur', 'Erreur interne : la page n’a pas pu être construite. Le détail est dans le journal du serveur.'), 500);
  });
  return app;
};
