import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../harness/core/errors.js';
import { createAssertionChecker } from '../../../harness/commands/scorer-checker.js';
import { coreScorers } from '../../../harness/scorers/registry.js';
import { loadSuite } from '../../../harness/suites/load-suite.js';

const checker = createAssertionChecker(coreScorers);

/** Writes files into a fresh project folder and loads `suite.yaml` from it. */
const project = (files: Record<string, string | Buffer>) => {
  const root = mkdtempSync(join(tmpdir(), 'bas-suite-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return { root, load: (file = 'suites/s.yaml') => loadSuite(join(root, file), { projectRoot: root, scorers: checker }) };
};

const messages = (r: ReturnType<ReturnType<typeof project>['load']>) => (r.ok ? [] : r.issues.map(formatIssue));

const HEAD = `id: demo\ntitle: Démo\ncommunity: test\nclassification: public\nprompt: "Traduis {{texte}}"\n`;

describe('loadSuite', () => {
  it('loads inline cases, applies defaultTest and keeps each case’s line', () => {
    const p = project({
      'suites/s.yaml': `${HEAD}defaultTest:\n  assert:\n    - { type: levenshtein, threshold: 0.5 }\ntests:\n  - id: a\n    vars: { texte: bonjour }\n    reference: hola\n    assert: [{ type: contains, value: ho }]\n  - vars: { texte: merci }\n`,
    });
    const r = p.load();
    expect(messages(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.value.cases.map((c) => c.id)).toEqual(['a', 'cas-2']);
    expect(r.value.cases[0]!.assert.map((a) => a.type)).toEqual(['levenshtein', 'contains']);
    expect(r.value.cases[0]!.source).toEqual({ file: 'suites/s.yaml', line: 10 });
    expect(r.value.cases[0]!.reference).toBe('hola');
    expect(r.value.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a semicolon CSV with BOM and CRLF, with __expected in promptfoo’s syntax', () => {
    const csv = '\ufeff__id;texte;__reference;__expected;__expected2\r\nc1;Bonjour;Hola;contains: Hol;not-icontains: adios\r\nc2;"Un; deux";Uno, dos;Uno, dos;\r\n';
    const p = project({ 'suites/s.yaml': `${HEAD}tests: ../datasets/d.csv\n`, 'datasets/d.csv': csv });
    const r = p.load();
    expect(messages(r)).toEqual([]);
    if (!r.ok) return;
    const [c1, c2] = r.value.cases;
    expect(c1!.vars).toEqual({ texte: 'Bonjour' });
    expect(c1!.assert.map(({ type, value }) => ({ type, value }))).toEqual([
      { type: 'contains', value: 'Hol' },
      { type: 'not-icontains', value: 'adios' },
    ]);
    expect(c2!.vars.texte).toBe('Un; deux');
    expect(c2!.assert.map(({ type, value }) => ({ type, value }))).toEqual([{ type: 'equals', value: 'Uno, dos' }]);
    expect(c2!.source.line).toBe(3);
  });

  it('reads JSONL and YAML datasets', () => {
    const p = project({
      'suites/s.yaml': `${HEAD}tests: [../datasets/a.jsonl, ../datasets/b.yaml]\n`,
      'datasets/a.jsonl': '{"id":"j1","vars":{"texte":"x"},"reference":"y"}\n\n{"id":"j2","vars":{"texte":"z"}}\n',
      'datasets/b.yaml': '- id: y1\n  vars: { texte: w }\n',
    });
    const r = p.load();
    expect(messages(r)).toEqual([]);
    if (r.ok) expect(r.value.cases.map((c) => `${c.id}@${c.source.line}`)).toEqual(['j1@1', 'j2@3', 'y1@1']);
  });

  it('reports an unknown scorer with a did-you-mean, at its line and column', () => {
    const p = project({ 'suites/s.yaml': `${HEAD}tests:\n  - vars: { texte: a }\n    assert:\n      - type: contians\n        value: b\n` });
    expect(messages(p.load())).toEqual([
      expect.stringMatching(/^suites\/s\.yaml:9:\d+ {2}assert\.0\.type: .*contians.*\(.*contains.*\)$/),
    ]);
  });

  it('collects every problem: wrong types, unknown field, missing var, duplicate id', () => {
    const p = project({
      'suites/s.yaml': `id: Demo Suite\ntitle: Démo\ncommunity: test\nclassification: secret\nprompt: "{{texte}} {{langue}}"\nopions: {}\ntests:\n  - { id: a, vars: { texte: x, langue: y } }\n  - { id: a, vars: { texte: x } }\n`,
    });
    const found = messages(p.load());
    expect(found.some((m) => m.startsWith('suites/s.yaml:1:5  id: '))).toBe(true);
    expect(found.some((m) => m.startsWith('suites/s.yaml:4:17  classification: valeur non admise'))).toBe(true);
    expect(found.some((m) => m.startsWith('suites/s.yaml:6:1  opions: champ inconnu'))).toBe(true);
  });

  it('reports a missing var and a duplicate id once the header is valid', () => {
    const p = project({ 'suites/s.yaml': `${HEAD.replace('{{texte}}', '{{texte}} {{langue}}')}tests:\n  - { id: a, vars: { texte: x, langue: y } }\n  - { id: a, vars: { texte: x } }\n` });
    const found = messages(p.load());
    expect(found).toContainEqual(expect.stringMatching(/^suites\/s\.yaml:8:\d+ {2}id: identifiant de cas « a » en double/));
    expect(found).toContainEqual(expect.stringMatching(/^suites\/s\.yaml:8:\d+ {2}vars\.langue: variable « langue » du prompt absente/));
  });

  it('reports ragged CSV rows and an unknown __expected prefix at row and column', () => {
    const csv = 'texte,__expected\nun,contains: u\ndeux,trois,quatre\ncinq,contians: c\n';
    const p = project({ 'suites/s.yaml': `${HEAD}tests: ../datasets/d.csv\n`, 'datasets/d.csv': csv });
    expect(messages(p.load())).toEqual([
      expect.stringMatching(/^datasets\/d\.csv:3 {2}ligne à 3 cellule\(s\) au lieu de 2/),
      expect.stringMatching(/^datasets\/d\.csv:4:2 {2}__expected: critère inconnu « contians » \(vouliez-vous dire « contains: … »/),
    ]);
  });

  it('refuses a dataset path that leaves the project, a missing file and a suite that includes itself', () => {
    const outside = project({ 'suites/s.yaml': `${HEAD}tests: ../../../../../etc/passwd.csv\n` });
    expect(messages(outside.load())[0]).toMatch(/suites\/s\.yaml:6:8 {2}tests: chemin refusé/);
    const missing = project({ 'suites/s.yaml': `${HEAD}tests: ../datasets/absent.csv\n` });
    expect(messages(missing.load())[0]).toMatch(/suites\/s\.yaml:6:8 {2}tests: fichier introuvable/);
    const self = project({ 'suites/s.yaml': `${HEAD}tests: [s.yaml]\n` });
    expect(messages(self.load())[0]).toMatch(/se désigne elle-même/);
  });

  it('refuses non-UTF-8 bytes at their line and a YAML alias bomb', () => {
    const latin1 = Buffer.concat([Buffer.from('texte\nbonjour\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from('\n')]);
    const p = project({ 'suites/s.yaml': `${HEAD}tests: ../datasets/d.csv\n`, 'datasets/d.csv': latin1 });
    expect(messages(p.load())[0]).toMatch(/^datasets\/d\.csv:3:4 {2}octets non UTF-8/);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]}]`);
    const b = project({ 'suites/s.yaml': `${bomb.join('\n')}\n` });
    expect(messages(b.load())[0]).toMatch(/trop d’alias YAML/);
  });

  it('reports YAML syntax errors with their position and empty files', () => {
    const p = project({ 'suites/s.yaml': `${HEAD}tests:\n  - vars: { texte: "a }\n` });
    expect(messages(p.load())[0]).toMatch(/^suites\/s\.yaml:\d+:\d+ {2}erreur de syntaxe YAML/);
    const e = project({ 'suites/s.yaml': '\n' });
    expect(messages(e.load())).toEqual(['suites/s.yaml:1  fichier vide']);
  });
});
