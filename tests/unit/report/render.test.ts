import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHarnessError } from '../../../harness/core/errors.js';
import { writeReportsIndex, writeRunReport } from '../../../harness/report/index.js';
import { HOSTILE, writeRunFixture } from './fixture-run.js';

const TEMPLATES = new URL('../../../harness/report/templates/', import.meta.url);
const tmp = () => mkdtempSync(join(tmpdir(), 'bas-report-'));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');

describe('report rendering', () => {
  it('escapes every hostile string and runs no script but its own', async () => {
    const html = readFileSync(await writeRunReport(writeRunFixture(join(tmp(), 'run'), { egress: true })), 'utf8');
    for (const h of HOSTILE) {
      expect(html).not.toContain(h);
      expect(html).toContain(escape(h));
    }
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<a href="javascript/);
    // The one script is allowed by hash, nothing else: no network, no other script.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  it('uses double-stash only in templates', () => {
    const files = [...readdirSync(TEMPLATES).filter((f) => f.endsWith('.hbs')).map((f) => new URL(f, TEMPLATES)),
      ...readdirSync(new URL('partials/', TEMPLATES)).map((f) => new URL(`partials/${f}`, TEMPLATES))];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(f, 'utf8'), f.pathname).not.toContain('{{{');
  });

  it('is self-contained: charts as inline SVG, no external resource, French by default', async () => {
    const html = readFileSync(await writeRunReport(writeRunFixture(join(tmp(), 'run'))), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html.match(/<svg /g)!.length).toBe(4); // one per suite + latency
    expect(html).not.toMatch(/<link|<img|<iframe|<object|<embed|@import|url\(|\ssrc="/i);
    for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) expect(href).toMatch(/^#/);
    const urls = html.match(/https?:\/\/[^\s"'<)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).not.toContain('id="souverainete"');
  });

  it('escapes a hostile model id inside the chart SVG', async () => {
    const html = readFileSync(await writeRunReport(writeRunFixture(join(tmp(), 'run'))), 'utf8');
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs.some((s) => s.includes('&lt;img'))).toBe(true);
    for (const s of svgs) expect(s).not.toMatch(/<img|<script/);
  });

  it('renders the sovereignty section when egress.json exists, and English on request', async () => {
    const dir = writeRunFixture(join(tmp(), 'run'), { egress: true });
    const fr = readFileSync(await writeRunReport(dir), 'utf8');
    expect(fr).toContain('Qui a vu quelles données\u00a0?');
    expect(fr).toContain('api.mistral.ai');
    expect(fr).toContain('Données de cette communauté envoyées hors de la collectivité\u00a0: Cloud européen (api.mistral.ai).');
    expect(fr).toContain('Résumé de courrier × Mistral Small\u00a0: 12 cas non envoyé(s)');
    const en = readFileSync(await writeRunReport(dir, { lang: 'en' }), 'utf8');
    expect(en).toMatch(/<html lang="en">/);
    expect(en).toContain('Who saw which data?');
  });

  it('refuses a folder that is not a run, in plain words', async () => {
    const err = await writeRunReport(tmp()).catch((e: unknown) => e);
    expect(isHarnessError(err) && err.code).toBe('invalid-input');
    expect((err as Error).message).toMatch(/^manifest\.json introuvable/);
  });
});

describe('reports index', () => {
  it('lists every run folder newest first, with relative links and headline figures', async () => {
    const reports = tmp();
    const older = writeRunFixture(join(reports, 'runs', '20261122-020000-aaaa'));
    const newer = writeRunFixture(join(reports, 'runs', '20261129-031522-a3f9'));
    const manifest = JSON.parse(readFileSync(join(older, 'manifest.json'), 'utf8'));
    writeFileSync(join(older, 'manifest.json'), JSON.stringify({ ...manifest, runId: '20261122-020000-aaaa', createdAt: '2026-11-22T01:00:00.000Z' }));
    await writeRunReport(newer);
    writeFileSync(join(reports, 'runs', 'notes.txt'), 'pas une campagne');
    const html = readFileSync(await writeReportsIndex(reports), 'utf8');
    expect(html).toMatch(/<html lang="fr">/);
    expect(html.indexOf('20261129-031522-a3f9')).toBeLessThan(html.indexOf('20261122-020000-aaaa'));
    expect(html).toContain('href="runs/20261129-031522-a3f9/report.html"');
    expect(html).toContain('rapport non généré\u00a0: bac-a-sable report reports/runs/20261122-020000-aaaa');
    expect(html).toContain('2 campagnes');
    expect(html).toContain('29 nov. 2026, 03:15');
    expect(html).not.toMatch(/<script|<img/);
  });
});
