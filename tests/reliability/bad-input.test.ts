/**
 * The bad-input corpus: every malformed suite, dataset or config under tests/fixtures/invalid/ must
 * give exit 2 with its message at file:line(:col), no stack trace, and write nothing — through both
 * `validate` and `run`.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

const CORPUS = join(REPO_ROOT, 'tests', 'fixtures', 'invalid');
type Expected = { at: string; message: string; hint?: string; args?: string[] };

const copy = (name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `bas-bad-${name}-`));
  cpSync(join(CORPUS, name), dir, { recursive: true });
  return dir;
};

const check = (stderr: string, e: Expected) => {
  const line = stderr.split('\n').find((l) => l.startsWith(e.at) && l.includes(e.message));
  expect(line, `attendu « ${e.at} … ${e.message} » dans :\n${stderr}`).toBeDefined();
  if (e.hint) expect(line).toContain(e.hint);
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace
  expect(stderr).not.toContain('Erreur interne');
};

const fixtures = readdirSync(CORPUS).sort();

describe('bad-input corpus', () => {
  it('holds at least 30 malformed inputs, each paired with its message', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const f of fixtures) expect(existsSync(join(CORPUS, f, 'expected.json')), f).toBe(true);
  });

  describe.each(fixtures)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;

    it.skipIf(expected.args !== undefined)('validate: exit 2, located message, no stack trace', async () => {
      const dir = copy(name);
      const r = await runInProcess(['validate', 'suite.yaml', '--config', 'config.yaml'], dir);
      expect(r.code).toBe(2);
      check(r.stderr, expected);
    });

    it('run: exit 2, same message, nothing written', async () => {
      const dir = copy(name);
      const r = await runInProcess(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'sorties', ...(expected.args ?? [])], dir);
      expect(r.code).toBe(2);
      check(r.stderr, expected);
      expect(existsSync(join(dir, 'sorties'))).toBe(false);
    });
  });

  it('a 50 MB cell is refused at its line, without reading it as a case', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-bad-bigcell-'));
    writeFileSync(join(dir, 'config.yaml'), 'models:\n  - { id: echo, provider: echo, hosting: local }\n');
    writeFileSync(join(dir, 'suite.yaml'), 'id: s\ntitle: S\ncommunity: c\nclassification: public\nprompt: "{{q}}"\ntests: cas.csv\n');
    writeFileSync(join(dir, 'cas.csv'), `q\ncourt\n"${'x'.repeat(50 * 1024 * 1024)}"\n`);
    const r = await runInProcess(['validate', 'suite.yaml', '--config', 'config.yaml'], dir);
    expect(r.code).toBe(2);
    check(r.stderr, { at: 'cas.csv:3', message: 'cellule trop longue' });
  });
});
