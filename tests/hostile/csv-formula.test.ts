/**
 * Formula injection (OWASP « CSV Injection »): every CSV the harness writes must hand a spreadsheet
 * text cells that it cannot evaluate. Each export path is tried: results.csv (end to end through
 * a run, then unit), emissions.csv, and the observatory's history export.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../harness/core/types.js';
import { appendEmissionsRow } from '../../harness/energy/emissions-csv.js';
import { EMISSIONS_COLUMNS, type EmissionsRow } from '../../harness/energy/emissions-row.js';
import { writeResultsCsv } from '../../harness/reporters/results-csv.js';
import { runInProcess } from '../helpers/in-process.js';

const HYPERLINK = '=HYPERLINK("http://x","y")';
/** OWASP's leading characters, plus the full-width forms Apple Numbers folds to ASCII. */
const FORMULAS = [HYPERLINK, '+1+cmd', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd', '\t=1+1', '\r=1+1', '＝1+1', '＠SUM(1)'];

const rowsOf = (file: string): Record<string, string>[] =>
  parse(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), { columns: true, relax_column_count: true }) as Record<string, string>[];

/** A cell is safe when a spreadsheet would read it as text: it starts with none of OWASP's characters. */
const expectSafe = (cell: string | undefined, original: string) => {
  expect(cell).toBe(`'${original}`);
  expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/u);
};

describe('results.csv, end to end', () => {
  it('neutralises a case whose output is =HYPERLINK(…), and keeps numeric columns numeric', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-formula-'));
    mkdirSync(join(dir, 'suites'));
    writeFileSync(join(dir, 'bac-a-sable.config.yaml'), 'models:\n  - { id: reference, provider: reference, hosting: local }\ndefaults:\n  models: [reference]\n  suites: suites\n');
    writeFileSync(
      join(dir, 'suites', 'formules.yaml'),
      `id: formules\ntitle: Formules\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n` +
        `  - { id: lien, vars: { q: "Un lien ?" }, reference: '${HYPERLINK}', assert: [{ type: icontains, value: "hyperlink" }] }\n` +
        `  - { id: plus, vars: { q: "+1" }, reference: "@SUM(1)", assert: [{ type: equals, value: "nope" }] }\n`,
    );
    const r = await runInProcess(['run', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    const [runId] = readdirSync(join(dir, 'out'));
    const rows = rowsOf(join(dir, 'out', runId!, 'results.csv'));
    const lien = rows.find((x) => x.caseId === 'lien');
    expectSafe(lien?.output, HYPERLINK);
    expectSafe(lien?.reference, HYPERLINK);
    expectSafe(rows.find((x) => x.caseId === 'plus')?.output, '@SUM(1)');
    // The raw file: no cell, quoted or not, opens with a formula character after a delimiter.
    const raw = readFileSync(join(dir, 'out', runId!, 'results.csv'), 'utf8');
    expect(raw).not.toMatch(/(^|[,\n])"?[=+@]/u);
    // Numbers stay numbers (a spreadsheet must still sum them).
    expect(lien?.latencyMs).toMatch(/^\d+(\.\d+)?$/);
    expect(lien?.score).toBe('1');
  });
});

const result = (over: Partial<CaseResult>): CaseResult =>
  ({
    runId: 'r1', suite: 's', community: 'c', caseId: 'k', model: 'm', repeat: 0, status: 'passed', score: 1, latencyMs: 12, ttftMs: null,
    output: 'ok', reference: null, scores: [], source: { file: 'f.yaml', line: 1 }, ...over,
  }) as CaseResult;

describe('results.csv writer', () => {
  it.each(FORMULAS)('prefixes the text cell %j with a quote, in every text column', async (formula) => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-formula-'));
    const file = join(dir, 'results.csv');
    async function* one() {
      yield result({ caseId: formula, output: formula, reference: formula, status: 'error', error: { code: 'http', message: formula } as never });
    }
    await writeResultsCsv(file, one());
    const [row] = rowsOf(file);
    for (const column of ['caseId', 'output', 'reference', 'errorMessage']) expectSafe(row?.[column], formula);
  });

  it('leaves a negative number in a numeric column as a number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-formula-'));
    const file = join(dir, 'results.csv');
    async function* one() {
      yield result({ score: -0.5, latencyMs: -1, output: '-0.5' });
    }
    await writeResultsCsv(file, one());
    const [row] = rowsOf(file);
    expect(row?.score).toBe('-0.5');
    expect(row?.latencyMs).toBe('-1');
    expect(row?.output).toBe("'-0.5"); // the same characters as text are neutralised: text is never evaluated
  });
});

describe('emissions.csv', () => {
  it('neutralises text cells and keeps numbers (negative longitude) numeric', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-formula-'));
    const file = join(dir, 'emissions.csv');
    const row = Object.fromEntries(EMISSIONS_COLUMNS.map((c) => [c, null])) as EmissionsRow;
    Object.assign(row, { project_name: HYPERLINK, experiment_id: '@SUM(1)', cpu_model: '+cmd', longitude: -0.5, duration: 600 });
    appendEmissionsRow(file, row);
    appendEmissionsRow(file, row); // the append path too
    const rows = rowsOf(file);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expectSafe(r.project_name, HYPERLINK);
      expectSafe(r.experiment_id, '@SUM(1)');
      expectSafe(r.cpu_model, '+cmd');
      expect(r.longitude).toBe('-0.5');
      expect(r.duration).toBe('600');
    }
  });
});

describe('history export', () => {
  it('neutralises a formula written into a run manifest by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-formula-'));
    writeFileSync(join(dir, 'bac-a-sable.config.yaml'), 'models:\n  - { id: reference, provider: reference, hosting: local }\ndefaults:\n  models: [reference]\n  suites: suites\n');
    mkdirSync(join(dir, 'suites'));
    writeFileSync(join(dir, 'suites', 'a.yaml'), 'id: a\ntitle: A\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "x" }, reference: "x", assert: [{ type: equals, value: "x" }] }\n');
    const run = await runInProcess(['run', '--out', 'out'], dir);
    expect(run.code, run.stderr).toBe(0);
    const [runId] = readdirSync(join(dir, 'out'));
    const manifestFile = join(dir, 'out', runId!, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, who: HYPERLINK }));
    const imported = await runInProcess(['history', 'import', join('out', runId!), '--db', 'obs.db'], dir);
    expect(imported.code, imported.stderr).toBe(0);
    const exported = await runInProcess(['history', 'export', 'export.csv', '--db', 'obs.db'], dir);
    expect(exported.code, exported.stderr).toBe(0);
    const [row] = rowsOf(join(dir, 'export.csv'));
    expectSafe(row?.who, HYPERLINK);
    expect(row?.passRate).toBe('1');
  });
});
