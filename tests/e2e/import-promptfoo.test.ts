/**
 * `import promptfoo` through the real CLI (in process): the fixtures are written in promptfoo's
 * documented shapes; each import is validated by the real `validate`, with as many cases as
 * promptfoo would run (prompts × tests), and every unmapped item named in import-report.md.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/promptfoo');

/** A copy of one fixture folder in a fresh temporary project. */
const project = (fixture: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-import-'));
  cpSync(join(FIXTURES, fixture), join(dir, 'pf'), { recursive: true });
  return dir;
};

const COMPLET_HOSTING = ['--hosting', 'vllm-local=on-prem', '--hosting', 'ollama:chat:llama3.2=local', '--hosting', 'rag-interne=on-prem', '--hosting', 'exec: python3 model.py=local'];

const validateOut = (dir: string, out: string) => runInProcess(['validate', '--config', join(out, 'bac-a-sable.config.yaml'), join(out, 'suites')], dir);

describe('import promptfoo', () => {
  it('imports every documented form; validate accepts the result with prompts × tests cases', async () => {
    const dir = project('complet');
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', ...COMPLET_HOSTING], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = join(dir, 'importe');
    // 3 prompts (inline, chat JSON, file with a label) × 9 tests (2 inline, 3 CSV rows, 2 YAML, 2 JSONL).
    expect(readdirSync(join(out, 'suites/promptfoo')).sort()).toEqual(['pf-consigne-1.yaml', 'pf-prompts-chat.yaml', 'pf-resume.yaml']);
    const v = await validateOut(dir, out);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('3 suite(s), 27 cas');
  });

  it('keeps the meaning of prompts and cases: chat messages, vars from files, rendered values, thresholds, weights', async () => {
    const dir = project('complet');
    await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', ...COMPLET_HOSTING], dir);
    const chat = parse(readFileSync(join(dir, 'importe/suites/promptfoo/pf-prompts-chat.yaml'), 'utf8')) as Record<string, unknown>;
    expect(chat.messages).toEqual([
      { role: 'system', content: "Tu es agent d'accueil de la mairie." },
      { role: 'user', content: 'Courrier de {{name}} : {{courrier}}' },
    ]);
    const inline = parse(readFileSync(join(dir, 'importe/suites/promptfoo/pf-consigne-1.yaml'), 'utf8')) as Record<string, unknown>;
    expect(inline.prompt).toBe('Réponds à ce courrier de {{name}} : {{courrier}}');
    expect(inline.defaultTest).toEqual({ vars: { name: 'Mme Martin' }, assert: [{ type: 'latency', threshold: 5000 }, { type: 'not-icontains', value: "en tant qu'IA" }] });
    type Case = { id: number; description?: string; vars?: Record<string, unknown>; assert?: Record<string, unknown>[]; threshold?: number; reference?: string };
    const cases = parse(readFileSync(join(dir, 'importe/datasets/promptfoo/pf.yaml'), 'utf8')) as Case[];
    expect(cases).toHaveLength(9);
    expect(cases[0]).toMatchObject({ description: 'accusé de réception', vars: { courrier: 'Bonjour, je vous écris pour signaler un lampadaire en panne rue des Lilas.\n' } });
    expect(cases[0]?.assert).toEqual([{ type: 'icontains', value: 'reçu', weight: 2 }, { type: 'contains-any', value: ['Madame', 'Monsieur'] }]);
    expect(cases[1]).toMatchObject({ vars: { courrier: 'Je souhaite un rendez-vous pour un passeport.', name: 'M. Durand' } });
    expect(cases[2]).toMatchObject({ description: 'acte de naissance', assert: [{ type: 'icontains', value: 'acte' }, { type: 'not-contains', value: 'désolé' }] });
    expect(cases[3]?.assert).toEqual([{ type: 'equals', value: 'Bonjour' }]);
    const graded = cases.find((c) => c.description === 'évaluations par modèle');
    expect(graded).toMatchObject({ threshold: 0.5, reference: 'La contestation se fait en ligne sous 45 jours' });
    expect(graded?.assert).toContainEqual({ type: 'contains', value: 'contestation' });
    expect(graded?.assert).toContainEqual({ type: 'answer-relevance', threshold: 0.7 });
  });

  it('renders a defaultTest value that reads a var into each case, as promptfoo does per test', async () => {
    const dir = project('exemple-traduction');
    await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe'], dir);
    const cases = parse(readFileSync(join(dir, 'importe/datasets/promptfoo/pf.yaml'), 'utf8')) as { vars: { input: string }; assert: unknown[] }[];
    for (const c of cases) expect(c.assert).toContainEqual({ type: 'not-contains', value: c.vars.input });
    const suite = parse(readFileSync(join(dir, 'importe/suites/promptfoo/pf-consigne-1.yaml'), 'utf8')) as { defaultTest: { assert: unknown[] } };
    expect(suite.defaultTest.assert).toEqual([{ type: 'not-icontains', value: 'as an AI' }]);
  });

  it('carries providers over with their hosting and options', async () => {
    const dir = project('complet');
    await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', ...COMPLET_HOSTING], dir);
    const config = parse(readFileSync(join(dir, 'importe/bac-a-sable.config.yaml'), 'utf8')) as { models: Record<string, unknown>[] };
    const byId = Object.fromEntries(config.models.map((m) => [m.id, m]));
    expect(byId['openai:chat:gpt-4o-mini']).toMatchObject({ provider: 'openai', hosting: 'foreign-cloud', model: 'gpt-4o-mini' });
    expect(byId['openai:gpt-4o']).toMatchObject({ provider: 'openai', model: 'gpt-4o', options: { temperature: 0, maxTokens: 256 } });
    expect(byId['vllm-local']).toMatchObject({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', hosting: 'on-prem', options: { stop: ['###'] } });
    expect(byId['ollama:chat:llama3.2']).toMatchObject({ provider: 'ollama', model: 'llama3.2', hosting: 'local' });
    expect(byId['mistral:mistral-small-latest']).toMatchObject({ provider: 'mistral', hosting: 'eu-cloud' });
    expect(byId['rag-interne']).toMatchObject({ provider: 'http', url: 'http://127.0.0.1:9000/api/ask', responsePath: 'data.answer', headers: { Authorization: 'Bearer ${env:RAG_TOKEN}' } });
    expect(String(byId['rag-interne']?.body)).toContain('{{json prompt}}');
    expect(byId['exec-python3']).toMatchObject({ provider: 'command', command: 'python3', args: ['model.py', '{{prompt}}'], stdin: 'none', hosting: 'local' });
    expect(Object.keys(byId)).toHaveLength(7);
  });

  it('stops (exit 2, nothing written) when a provider has no known hosting, naming each', async () => {
    const dir = project('complet');
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', '--hosting', 'vllm-local=on-prem'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ollama:chat:llama3\.2.*promptfooconfig\.yaml:21/);
    expect(r.stderr).toMatch(/« http » \(promptfooconfig\.yaml:23\)/);
    expect(r.stderr).toMatch(/exec: python3 model\.py/);
    expect(r.stderr).not.toMatch(/vllm-local|openai:chat:qwen/);
    expect(existsSync(join(dir, 'importe'))).toBe(false);
  });

  it('lists every unmapped item with its file and line; --strict refuses them and writes nothing', async () => {
    const dir = project('complet');
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', ...COMPLET_HOSTING], dir);
    const report = readFileSync(join(dir, 'importe/import-report.md'), 'utf8');
    for (const [what, where] of [
      ['critère javascript', 'promptfooconfig.yaml:54'],
      ['critère python', 'tests/cas.yaml:49'],
      ['critère similar', 'tests/cas.csv:4'],
      ['critère webhook', 'tests/cas.yaml:'],
      ['critère cost', 'tests/cas.yaml:'],
      ['critère perplexity', 'tests/cas.yaml:'],
      ['fournisseur anthropic:messages:claude-3-5-sonnet-20241022', 'promptfooconfig.yaml:34'],
      ['option top_p', 'promptfooconfig.yaml:11'],
    ]) {
      const row = report.split('\n').find((l) => l.includes(what!));
      expect(row, what).toBeDefined();
      expect(row).toMatch(/^\| non repris \|/);
      expect(row).toContain(where!);
      expect(r.stdout).toContain(what!);
    }
    for (const what of ['critère levenshtein', 'critère rouge-n', 'critère bleu', 'critère contains-json', 'critère model-graded-closedqa', 'courrier \\| trim']) {
      expect(report.split('\n').find((l) => l.includes(what)), what).toMatch(/^\| approché \|/);
    }
    const strict = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'strict', '--strict', ...COMPLET_HOSTING], dir);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('critère javascript');
    expect(strict.stderr).toMatch(/--strict : \d+ élément\(s\)/);
    expect(existsSync(join(dir, 'strict'))).toBe(false);
  });

  it('refuses a file:// reference that leaves the promptfoo folder', async () => {
    const dir = project('complet');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'secret.txt'), 'ne doit pas être lu');
    writeFileSync(join(dir, 'pf/evade.yaml'), "prompts: ['{{x}}']\nproviders: [openai:gpt-4o-mini]\ntests:\n  - vars: { x: file://../secret.txt }\n");
    const r = await runInProcess(['import', 'promptfoo', 'pf/evade.yaml', '--out', 'importe'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/evade\.yaml:4 : chemin refusé/);
    expect(existsSync(join(dir, 'importe'))).toBe(false);
  });

  // Acceptance: configurations shaped like promptfoo's own examples.
  it.each([
    ['exemple-traduction', 'promptfooconfig.yaml', [], 2, 3, ['critère javascript']],
    ['exemple-csv', 'promptfooconfig.yaml', ['--hosting', 'ollama:chat:llama3.2=local'], 2, 4, ['critère javascript']],
    ['exemple-http', 'promptfooconfig.json', ['--hosting', 'rag-mairie=on-prem'], 1, 3, ['critère similar', 'clé outputPath']],
  ] as const)('%s: validate passes with prompts × tests cases and every unmapped item reported', async (fixture, config, hosting, prompts, tests, unmapped) => {
    const dir = project(fixture);
    const r = await runInProcess(['import', 'promptfoo', `pf/${config}`, '--out', 'importe', ...hosting], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const v = await validateOut(dir, join(dir, 'importe'));
    expect(v.stderr).toBe('');
    expect(v.stdout).toContain(`${prompts} suite(s), ${prompts * tests} cas`);
    const report = readFileSync(join(dir, 'importe/import-report.md'), 'utf8');
    const dropped = report.split('\n').filter((l) => l.startsWith('| non repris |'));
    expect(dropped).toHaveLength(unmapped.length);
    for (const what of unmapped) expect(dropped.some((l) => l.includes(what))).toBe(true);
  });

  it('a CSV with an unquoted comma is refused with its file:line, no stack trace', async () => {
    const dir = project('exemple-csv');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'pf/tests.csv'), 'Question ?,icontains: a,b,c\n');
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', '--hosting', 'ollama:chat:llama3.2=local'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tests\.csv:6 : CSV illisible/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('never overwrites: a second import into the same folder writes nothing', async () => {
    const dir = project('exemple-traduction');
    expect((await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe'], dir)).code).toBe(0);
    const before = readFileSync(join(dir, 'importe/import-report.md'), 'utf8');
    const again = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/existe\(nt\) déjà : rien n'a été écrit/);
    expect(readFileSync(join(dir, 'importe/import-report.md'), 'utf8')).toBe(before);
  });

  it('a var some tests do not give stays empty text, as promptfoo renders it, and validate passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-import-'));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'pf'));
    writeFileSync(join(dir, 'pf/promptfooconfig.yaml'), "prompts: ['Bonjour {{name}}. {{question}}']\nproviders: [mistral:mistral-small-latest]\ntests:\n  - vars: { question: Horaires ?, name: Ana }\n  - vars: { question: Adresse ? }\n");
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/≈ approché {2}promptfooconfig\.yaml:1 {2}variable \{\{name\}\}/);
    const v = await validateOut(dir, join(dir, 'importe'));
    expect(v.stderr).toBe('');
    expect(v.stdout).toContain('1 suite(s), 2 cas');
  });

  it('--strict accepts a configuration where everything maps one to one (prompts given as a path → label map)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-import-'));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'pf'));
    writeFileSync(join(dir, 'pf/accueil.txt'), 'Réponds à : {{question}}');
    writeFileSync(join(dir, 'pf/bref.txt'), 'En une phrase : {{question}}');
    writeFileSync(join(dir, 'pf/promptfooconfig.yaml'), "prompts:\n  file://accueil.txt: accueil\n  file://bref.txt: bref\nproviders:\n  - id: mistral:mistral-small-latest\n    config: { temperature: 0 }\ntests:\n  - vars: { question: Horaires ? }\n    assert: [{ type: icontains, value: heures }]\n");
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe', '--strict', '--classification', 'public'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'importe/suites/promptfoo')).sort()).toEqual(['pf-accueil.yaml', 'pf-bref.yaml']);
    const suite = parse(readFileSync(join(dir, 'importe/suites/promptfoo/pf-bref.yaml'), 'utf8')) as Record<string, unknown>;
    expect(suite).toMatchObject({ classification: 'public', prompt: 'En une phrase : {{question}}' });
    expect((await validateOut(dir, join(dir, 'importe'))).stdout).toContain('2 suite(s), 2 cas');
  });

  it('a var given as a list becomes one case per value, as promptfoo expands it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-import-'));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dir, 'pf'));
    writeFileSync(join(dir, 'pf/promptfooconfig.yaml'), "prompts: ['Translate to {{language}}: {{input}}', 'In {{language}}: {{input}}']\nproviders: [openai:gpt-4o-mini]\ntests:\n  - vars: { language: [French, German, Spanish], input: [Hello, Thanks] }\n    assert: [{ type: not-contains, value: '{{input}}' }]\n");
    const r = await runInProcess(['import', 'promptfoo', 'pf/promptfooconfig.yaml', '--out', 'importe'], dir);
    expect(r.code).toBe(0);
    const cases = parse(readFileSync(join(dir, 'importe/datasets/promptfoo/pf.yaml'), 'utf8')) as { vars: Record<string, string>; assert: unknown[] }[];
    expect(cases).toHaveLength(6);
    expect(cases[5]).toMatchObject({ vars: { language: 'Spanish', input: 'Thanks' }, assert: [{ type: 'not-contains', value: 'Thanks' }] });
    expect((await validateOut(dir, join(dir, 'importe'))).stdout).toContain('2 suite(s), 12 cas');
  });
});
