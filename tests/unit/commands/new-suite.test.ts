import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAssertionChecker } from '../../../harness/commands/scorer-checker.js';
import type { CommandContext } from '../../../harness/commands/context.js';
import { newSuiteCommand, TEMPLATE_COLUMNS } from '../../../harness/commands/new-suite.js';
import { formatIssue, HarnessError } from '../../../harness/core/errors.js';
import { createCaseEvaluator } from '../../../harness/scorers/evaluate.js';
import { coreScorers } from '../../../harness/scorers/registry.js';
import { loadSuite } from '../../../harness/suites/load-suite.js';

const project = () => {
  const cwd = mkdtempSync(join(tmpdir(), 'bas-new-suite-'));
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const ctx: CommandContext = {
    stdout, stderr: stdout, env: {}, cwd, fetch: globalThis.fetch, now: () => 0, date: () => new Date('2026-06-01T08:00:00.000Z'),
    stopSignal: new AbortController().signal, abortSignal: new AbortController().signal,
  };
  return { cwd, ctx, stdout: () => out };
};

/** Runs the command and returns the HarnessError it throws. */
const refusal = (run: () => void): HarnessError => {
  try {
    run();
  } catch (e) {
    if (e instanceof HarnessError) return e;
    throw e;
  }
  throw new Error('la commande aurait dû refuser');
};

const checker = createAssertionChecker(coreScorers);

describe('new-suite', () => {
  it('writes a suite and a ;-separated UTF-8 CSV with BOM that the real loader accepts', async () => {
    const p = project();
    newSuiteCommand(p.ctx, { community: 'etat-civil', suiteId: 'actes-naissance' });

    const csv = readFileSync(join(p.cwd, 'datasets/etat-civil/actes-naissance.csv'), 'utf8');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, row, ...rest] = csv.slice(1).split('\n');
    expect(header).toBe(TEMPLATE_COLUMNS.join(';'));
    expect(row!.split(';')).toHaveLength(TEMPLATE_COLUMNS.length);
    expect(row).toContain('exemple : à remplacer');
    expect(rest).toEqual(['']);

    const loaded = loadSuite(join(p.cwd, 'suites/etat-civil/actes-naissance.yaml'), { projectRoot: p.cwd, scorers: checker });
    expect(loaded.ok ? [] : loaded.issues.map(formatIssue)).toEqual([]);
    if (!loaded.ok) return;
    const suite = loaded.value;
    expect(suite).toMatchObject({ id: 'actes-naissance', community: 'etat-civil', classification: 'personnel' });
    expect(suite.cases).toHaveLength(1);
    const [example] = suite.cases;
    expect(example).toMatchObject({ id: 'exemple-01', description: 'exemple : à remplacer', vars: { texte: 'Texte donné au modèle pour ce cas.' } });
    expect(example!.assert.map((a) => a.type)).toEqual(['icontains']);

    // The example row calibrates: its own reference passes its assertion, as `run --model reference` would show.
    const verdict = await createCaseEvaluator(coreScorers).evaluate(example!.assert, example!.reference!, { vars: example!.vars, reference: example!.reference!, prompt: '', latencyMs: 1 });
    expect(verdict.pass).toBe(true);

    expect(p.stdout()).toContain('suites/etat-civil/actes-naissance.yaml');
    expect(p.stdout()).toContain('datasets/etat-civil/actes-naissance.csv');
    expect(p.stdout()).toContain('npx bac-a-sable validate suites/etat-civil/actes-naissance.yaml');
  });

  it('refuses to overwrite the suite or the CSV, and then writes nothing', () => {
    const p = project();
    mkdirSync(join(p.cwd, 'suites/rh'), { recursive: true });
    writeFileSync(join(p.cwd, 'suites/rh/faq.yaml'), 'mon travail\n');
    const e = refusal(() => newSuiteCommand(p.ctx, { community: 'rh', suiteId: 'faq' }));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toBe("suites/rh/faq.yaml existe déjà : rien n'a été écrit");
    expect(readFileSync(join(p.cwd, 'suites/rh/faq.yaml'), 'utf8')).toBe('mon travail\n');
    expect(existsSync(join(p.cwd, 'datasets/rh/faq.csv'))).toBe(false);

    const q = project();
    mkdirSync(join(q.cwd, 'datasets/rh'), { recursive: true });
    writeFileSync(join(q.cwd, 'datasets/rh/faq.csv'), '__id;texte\na;b\n');
    expect(refusal(() => newSuiteCommand(q.ctx, { community: 'rh', suiteId: 'faq' })).message).toContain('datasets/rh/faq.csv existe déjà');
    expect(existsSync(join(q.cwd, 'suites/rh/faq.yaml'))).toBe(false);
    expect(readFileSync(join(q.cwd, 'datasets/rh/faq.csv'), 'utf8')).toBe('__id;texte\na;b\n');
  });

  it('refuses an id already used by a suite of another community', () => {
    const p = project();
    newSuiteCommand(p.ctx, { community: 'traduction', suiteId: 'lexique' });
    const e = refusal(() => newSuiteCommand(p.ctx, { community: 'rh', suiteId: 'lexique' }));
    expect(e.message).toContain('« lexique » est déjà utilisé par suites/traduction/lexique.yaml');
    expect(existsSync(join(p.cwd, 'suites/rh'))).toBe(false);
  });

  it.each([
    ['community', 'Assistants Administratifs', 'assistants-administratifs'],
    ['suiteId', 'Traduction FR→ES', 'traduction-fr-es'],
    ['suiteId', 'résumé_courrier', 'resume-courrier'],
  ] as const)('refuses a %s that is not kebab-case (%s) and suggests one', (field, bad, suggested) => {
    const p = project();
    const args = { community: 'rh', suiteId: 'faq', [field]: bad };
    const e = refusal(() => newSuiteCommand(p.ctx, args));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain(`« ${bad} » refusé`);
    expect(e.hint).toBe(`essayez « ${suggested} »`);
    expect(existsSync(join(p.cwd, 'suites'))).toBe(false);
    expect(existsSync(join(p.cwd, 'datasets'))).toBe(false);
  });
});
