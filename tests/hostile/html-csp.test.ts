/**
 * Every HTML page the harness writes carries a Content-Security-Policy that forbids any external
 * load (the run report, the runs index, the compare page, and any page added later): a page
 * template without one fails here, naming its file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csp } from '../../harness/report/render.js';
import { REPO_ROOT } from '../helpers/cli.js';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

const PAGES = filesUnder(join(REPO_ROOT, 'harness'))
  .filter((f) => /\.(ts|hbs|html)$/.test(f))
  .filter((f) => /<!doctype html/i.test(readFileSync(f, 'utf8')))
  .map((f) => relative(REPO_ROOT, f));

describe('Content-Security-Policy on every HTML page', () => {
  it('finds the pages (run report, runs index, compare page)', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['harness/report/templates/report.hbs', 'harness/report/templates/index.hbs', 'harness/report/compare-html.ts']));
  });

  it.each(PAGES)('%s declares the CSP in its head', (file) => {
    const page = readFileSync(join(REPO_ROOT, file), 'utf8');
    const head = page.slice(0, page.search(/<\/head>/i));
    expect(head, `${file}: add <meta http-equiv="Content-Security-Policy" content="{{csp}}"> with csp() from harness/report/render.ts`).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="\{\{csp\}\}">/,
    );
  });

  it('the policy forbids every external load and every script but the page’s own', () => {
    const policy = csp(null);
    for (const directive of ["default-src 'none'", "script-src 'none'", "img-src 'none'", "base-uri 'none'", "form-action 'none'"]) expect(policy).toContain(directive);
    expect(csp('x')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
