/** The small breaks of the report, each with the input that broke it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryCell } from '../../../harness/core/types.js';
import { displayPath, withoutAbsolutePaths } from '../../../harness/report/display-path.js';
import { createFormat } from '../../../harness/report/format.js';
import { writeRunReport } from '../../../harness/report/index.js';
import { buildRunView } from '../../../harness/report/view-model.js';
import { renderSummaryTable } from '../../../harness/reporters/table.js';
import { buildRunData, writeRunFixture } from './fixture-run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bas-breaks-'));

describe('report small breaks', () => {
  it('never shows « NON : » as the reason of a passed negated criterion', () => {
    const data = buildRunData();
    const r = data.digest.cells[0]!.kept.find((c) => c.status === 'passed')!;
    r.scores = [
      { type: 'not-icontains', value: 1, pass: true, reason: 'NON : ne contient pas « mot de passe » (casse ignorée)' },
      { type: 'not-icontains', value: 0, pass: false, reason: 'NON : contient « mot de passe » (casse ignorée)' },
    ];
    const scores = buildRunView(data, { lang: 'fr' }).details.suites[0]!.groups[0]!.cases.find((c) => c.caseId === r.caseId)!.scores;
    expect(scores[0]!.reason).toBe('ne contient pas « mot de passe » (casse ignorée)\u00a0: c\'est bien ce qui était demandé (critère inversé)');
    expect(scores[1]!.reason).toBe('contient « mot de passe » (casse ignorée)\u00a0: c\'est justement ce qui était exclu (critère inversé)');
    const en = buildRunView(data, { lang: 'en' }).details.suites[0]!.groups[0]!.cases.find((c) => c.caseId === r.caseId)!.scores;
    expect(en[0]!.reason).toBe('does not contain « mot de passe » (case ignored): just what was required (inverted criterion)');
    for (const s of [...scores, ...en]) expect(s.reason).not.toMatch(/NON :/);
  });

  it('lists every file of the run folder, the report included', async () => {
    const dir = writeRunFixture(join(tmp(), 'run'), { egress: true });
    for (const f of ['results.csv', 'emissions.csv', 'energy_report.json', 'warmup.json', 'notes-de-la-cheffe.txt']) writeFileSync(join(dir, f), 'x');
    const html = readFileSync(await writeRunReport(dir), 'utf8');
    const section = html.slice(html.indexOf('Fichiers de la campagne'));
    for (const f of ['results.jsonl', 'results.csv', 'summary.json', 'manifest.json', 'egress.json', 'emissions.csv', 'energy_report.json', 'warmup.json', 'report.html', 'notes-de-la-cheffe.txt']) {
      expect(section, f).toContain(`<code>${f}</code>`);
    }
    expect(section).toContain('au format de CodeCarbon');
  });

  it('shows no absolute machine path: relative to the project, or the file name alone', async () => {
    expect(displayPath('/home/agent/projet/suites/rh/questions.yaml')).toBe('suites/rh/questions.yaml');
    expect(displayPath('C:\\Users\\agent\\datasets\\rh\\q.csv')).toBe('datasets/rh/q.csv');
    expect(displayPath('/etc/ssl/private/cle.pem')).toBe('cle.pem');
    expect(displayPath('suites/rh/q.yaml')).toBe('suites/rh/q.yaml');
    expect(withoutAbsolutePaths('lecture impossible : /home/agent/projet/models/x.gguf (ENOENT)')).toBe('lecture impossible : models/x.gguf (ENOENT)');
    const dir = join(tmp(), 'run');
    writeRunFixture(dir, { hostile: false });
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const moved = lines.map((r) => ({ ...r, source: { file: `/home/agent/projet/${(r.source as { file: string }).file}`, line: 3 }, ...(r.error ? { error: { code: 'unreachable', message: 'modèle introuvable : /home/agent/projet/models/x.gguf' } } : {}) }));
    writeFileSync(join(dir, 'results.jsonl'), moved.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const html = readFileSync(await writeRunReport(dir), 'utf8');
    expect(html).not.toContain('/home/agent');
    expect(html).toContain('suites/traduction/traduction-fr-es.yaml:3');
  });

  it('shows communities by their declared title, and the title time agrees with the run id', () => {
    const data = buildRunData();
    data.manifest.suites = data.manifest.suites.map((s) => (s.community === 'assistants-administratifs' ? { ...s, communityTitle: 'Assistants de direction' } : s));
    const v = buildRunView(data, { lang: 'fr' });
    expect(v.decision.lines.map((l) => l.community)).toEqual(['Traduction', 'Assistants de direction']);
    // Run id 20261129-031522 (Paris time, store/run-folder.ts) and createdAt 02:15:22Z: 03:15 in Paris.
    expect(v.title).toBe('Campagne d\'évaluation du 29 novembre 2026 à 03:15');
    expect(v.runId.slice(9, 13)).toBe('0315');
  });

  it('prints the console table with the report\'s formatter: the same figure everywhere', () => {
    const f = createFormat({ lang: 'fr' });
    const cell = { suite: 's', community: 'c', model: 'm', n: 38, passed: 27, failed: 11, errors: 0, passRate: 0.7105, meanScore: 0.7777, latencyMs: { p50: 2712, p95: 3650 }, ttftMs: { p50: null, p95: null }, tokens: { input: 0, output: 0, estimated: true } } as SummaryCell;
    const table = renderSummaryTable([cell]);
    expect(table).toContain(f.percent(0.7105));
    expect(table).toContain(f.durationMs(2712));
    expect(table).toContain(f.score(0.7777));
  });
});
